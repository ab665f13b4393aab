import { Box, Text } from 'ink';
import type { SampleApp } from '../demo/prepare.js';
import type { Translate } from '../i18n/index.js';

export type ServiceState = 'starting' | 'ready' | 'skipped' | 'failed';

/** What the demo is and where its copy lives, and the services coming up behind it. */
export function DemoBanner({ t, root, keep, app, services }: { t: Translate; root: string; keep: boolean; app?: SampleApp | undefined; services: Record<'postgres' | 'redis' | 'backend', { state?: ServiceState; detail?: string }> }) {
  const mark = (state?: ServiceState) => (state === 'ready' ? '✔' : state === 'failed' ? '✖' : state === 'skipped' ? '○' : '…');
  const backend = services.backend.detail ?? '';
  // The Bun half is the sample app itself (under Bun, else Node) unless the demo fell back to its stand-in; the Elixir half is a stand-in.
  const runtime = app?.runtime === 'Bun' ? `Bun ${app.version}` : t('demo.runtimeNode', { version: app?.version ?? '' });
  const backendText = app && app.backend === backend ? t('demo.backendApp', { backend, runtime }) : t('demo.backend', { backend });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="magenta" paddingX={1} marginBottom={1} flexShrink={0}>
      <Text bold color="magenta">{t('demo.banner')}</Text>
      <Text wrap="wrap">{t(keep ? 'demo.copyKept' : 'demo.copy', { root })}</Text>
      <Text wrap="wrap">
        {mark(services.postgres.state)} {t('demo.postgres')}{services.postgres.state === 'skipped' ? ` (${t('demo.dbDown')})` : ''} · {mark(services.redis.state)} {t('demo.redis', { how: services.redis.detail ?? t('demo.redisStandIn') })} · {mark(services.backend.state)} {backendText}
      </Text>
    </Box>
  );
}
