import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import type { BoardState, ServiceStatus } from '../demo/board.js';
import type { SampleApp } from '../demo/prepare.js';
import type { ScenarioNote } from '../demo/scenarios.js';
import type { DemoService } from '../demo/services.js';
import type { Lang, Translate } from '../i18n/index.js';
import type { BackendName } from '../project/config.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';

const TICK_MS = 200;

/**
 * What the demo is and where its copy lives; the services coming up behind the wizard, each
 * still starting named with its elapsed time; and the scenario, when one was asked for.
 */
export function DemoBanner({ t, lang = 'en', root, keep, app, board, running, scenario, now = Date.now }: {
  t: Translate;
  lang?: Lang;
  root: string;
  keep: boolean;
  app?: SampleApp | undefined;
  board: BoardState;
  running?: { backend: BackendName; leftover: boolean };
  scenario?: ScenarioNote | undefined;
  now?: () => number;
}) {
  const starting = (Object.keys(board.services) as DemoService[]).filter((s) => board.services[s].state === 'starting');
  useTicks(starting.length > 0);
  const seconds = (ms: number) => new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000);
  const name = (service: DemoService) => (service === 'backend' ? t(`demo.name.${running?.backend ?? 'bun'}`) : t(`demo.name.${service}`));
  const { services } = board;
  // In a short terminal (80×24) the wizard below needs the rows: where the copy lives and the scenario's story are left out (the practice line stays).
  const compact = (useTerminalSize().rows ?? Infinity) < 30;
  return (
    <Box flexDirection="column" flexShrink={0} {...(compact ? {} : { borderStyle: 'round' as const, borderColor: 'magenta', paddingX: 1, marginBottom: 1 })}>
      <Text bold color="magenta">{t('demo.banner')}</Text>
      {!compact && <Text wrap="wrap">{t(keep ? 'demo.copyKept' : 'demo.copy', { root })}</Text>}
      <Text wrap="wrap">
        {mark(services.postgres)} {t('demo.postgres')}{services.postgres.state === 'skipped' ? ` (${t('demo.dbDown')})` : ''} · {mark(services.redis)} {services.redis.state === 'starting' && !services.redis.detail ? t('demo.name.redis') : t('demo.redis', { how: services.redis.detail ?? t('demo.redisStandIn') })} · {mark(services.backend)} {backendText(t, app, running)}
      </Text>
      {starting.length > 0 ? (
        <Text color="cyan" wrap="wrap">
          … {t('demo.starting', { names: starting.map((s) => `${name(s)} ${seconds(now() - services[s].since)} s`).join(', ') })} — {t(board.waiting ? 'demo.startingWaits' : 'demo.startingChoose')}
        </Text>
      ) : (
        <SettledLine t={t} board={board} seconds={seconds} name={name} />
      )}
      {scenario && !compact && <Text color="yellow" wrap="wrap">{t(`demo.scenario.${scenario.scenario}`, scenario.params)}</Text>}
      {scenario && <Text color="yellow" wrap="wrap">{t('demo.practise', { panel: t(`check.${scenario.check}.title`), key: scenario.key, what: t(`demo.fixWhat.${scenario.scenario}`) })}</Text>}
    </Box>
  );
}

function SettledLine({ t, board, seconds, name }: { t: Translate; board: BoardState; seconds: (ms: number) => string; name: (s: DemoService) => string }) {
  const failed = (Object.keys(board.services) as DemoService[]).filter((s) => board.services[s].state === 'failed');
  const took = seconds(board.ms ?? 0);
  if (failed.length > 0) return <Text color="red" wrap="wrap">✖ {t('demo.notUp', { seconds: took, names: failed.map(name).join(', ') })}</Text>;
  return <Text color="green">✔ {t('demo.allUp', { seconds: took })}</Text>;
}

function mark(status: ServiceStatus): string {
  return status.state === 'ready' ? '✔' : status.state === 'failed' ? '✖' : status.state === 'skipped' ? '○' : '…';
}

/** The Bun half is the sample app itself (under Bun, else Node) unless the demo fell back to its stand-in; the Elixir half is a stand-in. */
function backendText(t: Translate, app: SampleApp | undefined, running: { backend: BackendName; leftover: boolean } | undefined): string {
  const backend = running?.backend ?? 'bun';
  if (running?.leftover) return t('demo.backendLeftover', { backend });
  const runtime = app?.runtime === 'Bun' ? `Bun ${app.version}` : t('demo.runtimeNode', { version: app?.version ?? '' });
  return app && app.backend === backend ? t('demo.backendApp', { backend, runtime }) : t('demo.backend', { backend });
}

/** A re-render every TICK_MS while `on`: the elapsed times move. */
function useTicks(on: boolean): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!on) return undefined;
    const timer = setInterval(() => setTick((n) => n + 1), TICK_MS);
    return () => clearInterval(timer);
  }, [on]);
}
