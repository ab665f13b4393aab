import { Box, Text } from 'ink';
import type { Translate } from '../i18n/index.js';

export type ServiceState = 'starting' | 'ready' | 'skipped' | 'failed';

/** What the demo is and where its copy lives, and the services coming up behind it. */
export function DemoBanner({ t, root, keep, services }: { t: Translate; root: string; keep: boolean; services: Record<'postgres' | 'backend', { state?: ServiceState; detail?: string }> }) {
  const mark = (state?: ServiceState) => (state === 'ready' ? '✔' : state === 'failed' ? '✖' : state === 'skipped' ? '○' : '…');
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="magenta" paddingX={1} marginBottom={1}>
      <Text bold color="magenta">{t('demo.banner')}</Text>
      <Text wrap="wrap">{t(keep ? 'demo.copyKept' : 'demo.copy', { root })}</Text>
      <Text>
        {mark(services.postgres.state)} {t('demo.postgres')}{services.postgres.state === 'skipped' ? ` (${t('demo.dbDown')})` : ''} · {mark(services.backend.state)} {t('demo.backend', { backend: services.backend.detail ?? '' })}
      </Text>
    </Box>
  );
}
