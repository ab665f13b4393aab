import { Box, Text } from 'ink';
import type { Translate } from '../../i18n/index.js';
import type { TroubleshootState } from '../../troubleshoot/controller.js';
import type { WatchState } from '../../troubleshoot/watcher.js';
import { DiffView } from '../components/diff-view.js';
import { Panel } from './panel.js';
import { CorsBody, DatabaseBody, JwtBody, PortsBody, WsBody } from './panels.js';

/** Guide §6 as panels that re-probe on their own; the fixes that apply, one key each. */
export function TroubleshootView({ t, state, root, columns, now, exitHint }: { t: Translate; state: TroubleshootState; root: string; columns: number; now: number; exitHint: string }) {
  const width = Math.max(40, Math.min(columns, 110));
  const ago = (id: keyof WatchState) => (state.watch[id].changedAt === undefined ? undefined : Math.max(0, Math.round((now - state.watch[id].changedAt!) / 1000)));
  const panel = (id: keyof WatchState) => ({ t, width, status: state.watch[id].result?.status, changedAgo: ago(id), title: t(`check.${id}.title`) });
  return (
    <Box flexDirection="column" width={width}>
      <Text bold color="cyan">{t('ui.ts.title')}</Text>
      <Panel {...panel('port')}>
        <PortsBody t={t} result={state.watch.port.result} root={root} />
      </Panel>
      <Panel {...panel('db')}>
        <DatabaseBody db={state.watch.db.result} migrations={state.watch.migrations.result} />
      </Panel>
      <Panel {...panel('cors')}>
        <CorsBody t={t} result={state.watch.cors.result} />
      </Panel>
      <Panel {...panel('ws')}>
        <WsBody t={t} result={state.watch.ws.result} />
      </Panel>
      <Panel {...panel('jwt')}>
        <JwtBody t={t} result={state.watch.jwt.result} />
      </Panel>
      {state.pending ? (
        <Box flexDirection="column" borderStyle="double" borderColor="yellow" paddingX={1} width={width}>
          <Text bold wrap="wrap">{state.pending.title}</Text>
          {state.pending.changes.map((change) => <DiffView key={change.path} change={change} />)}
          {state.pending.commands.map((command) => <Text key={command} wrap="wrap">$ {command}</Text>)}
          <Text color="yellow">{state.applying ? t('ui.running') : t('ui.ts.confirm')}</Text>
        </Box>
      ) : (
        <Box flexDirection="column">
          {state.fixes.map((fix) => (
            <Text key={fix.id} wrap="wrap">
              <Text color="cyan" bold>[{fix.key}]</Text> {fix.title}
            </Text>
          ))}
        </Box>
      )}
      {state.message && <Text color="green" wrap="wrap">{state.message}</Text>}
      <Text dimColor wrap="wrap">{exitHint}</Text>
    </Box>
  );
}
