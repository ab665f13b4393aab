import { Box, Text } from 'ink';
import type { Translate } from '../../i18n/index.js';
import type { TroubleshootState } from '../../troubleshoot/controller.js';
import { profileOf } from '../../backends/index.js';
import { DiffView } from '../components/diff-view.js';
import { moreLines, Viewport, type Scroll } from '../components/viewport.js';
import { PANELS, type Navigation } from './navigation.js';
import { PanelDetail, PanelList } from './panel-list.js';

export interface TroubleshootScrolls {
  list: Scroll;
  detail: Scroll;
  preview: Scroll;
}

/**
 * Guide §6 as panels that re-probe on their own; the fixes that apply, one key each. The
 * header and the keys stay in sight; the panels, an opened panel or a fix's diff scroll
 * between them in the room the terminal leaves.
 */
export function TroubleshootView({ t, state, root, columns, now, exitHint, navigation, scrolls }: {
  t: Translate;
  state: TroubleshootState;
  root: string;
  columns: number;
  now: number;
  exitHint: string;
  navigation: Navigation;
  scrolls: TroubleshootScrolls;
}) {
  const width = Math.max(40, Math.min(columns, 110));
  const panel = { t, state, root, now };
  // The keys that work here (the same list the `?` overlay shows), after how to move about.
  const hint = state.pending ? exitHint : `${navigation.open ? t('ui.ts.hintOpen') : t('ui.ts.hintPanels')} · ${exitHint}`;
  return (
    <Box flexDirection="column" width={width} flexGrow={1} flexShrink={1}>
      <Box flexDirection="column" flexShrink={0}>
        <Text bold color="cyan" wrap="truncate-end">{t('ui.ts.title')}</Text>
        <Text dimColor wrap="wrap">{judging(t, state)}</Text>
      </Box>
      {state.pending ? (
        <Box flexDirection="column" borderStyle="double" borderColor="yellow" paddingX={1} flexGrow={1} flexShrink={1}>
          <Box flexShrink={0}>
            <Text bold wrap="wrap">{state.pending.title}</Text>
          </Box>
          <Viewport scroll={scrolls.preview} more={moreLines(t, true)}>
            {state.pending.changes.map((change) => <DiffView key={change.path} change={change} />)}
            {state.pending.commands.map((command) => <Text key={command} wrap="wrap">$ {command}</Text>)}
          </Viewport>
          <Box flexShrink={0}>
            <Text color="yellow">{state.applying ? t('ui.running') : t('ui.ts.confirm')}</Text>
          </Box>
        </Box>
      ) : navigation.open ? (
        <PanelDetail {...panel} id={PANELS[navigation.selected]!} scroll={scrolls.detail} />
      ) : (
        <PanelList {...panel} selected={navigation.selected} scroll={scrolls.list} />
      )}
      <Box flexDirection="column" flexShrink={0}>
        {!state.pending && state.fixes.map((fix) => (
          <Text key={fix.id} wrap="wrap">
            <Text color="cyan" bold>[{fix.key}]</Text> {fix.title}
          </Text>
        ))}
        {state.message && <Text color="green" wrap="wrap">{state.message}</Text>}
        <Text dimColor wrap="wrap">{hint}</Text>
      </Box>
    </Box>
  );
}

/** Which backend is judged, and what the last round found on the API port and in PostgreSQL: read anew each round. */
function judging(t: Translate, state: TroubleshootState): string {
  const { backend, mode } = state.target;
  const parts = [t('ui.ts.judging', { backend: profileOf(backend).label, mode: t(`ui.ts.mode.${mode}`) })];
  const port = state.watch.port.result;
  const api = port?.id === 'port' ? port.data.ports?.api : undefined;
  if (port?.id === 'port' && api) {
    const holder = 'apiBackend' in port.data ? port.data.apiBackend : null;
    const who = holder ? t('ui.ts.apiBackend', { backend: holder, pid: api.pid ?? '?' }) : t('ui.ts.apiStranger', { pid: api.pid ?? '?', command: (api.command ?? '?').split(' ')[0]! });
    parts.push(api.listening ? t('ui.ts.apiHeld', { port: api.port, who }) : t('ui.ts.apiFree', { port: api.port }));
  }
  const db = state.watch.db.result;
  const failure = db?.id === 'db' ? db.data.failure : undefined;
  if (db?.status === 'ok') parts.push(t('ui.ts.dbUp'));
  else if (failure === 'refused' || failure === 'timeout') parts.push(t('ui.ts.dbDown'));
  else if (db && db.status !== 'skip') parts.push(t('ui.ts.dbTrouble'));
  return parts.join(' · ');
}
