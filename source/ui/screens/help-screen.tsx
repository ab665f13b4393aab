import { Box, Text } from 'ink';
import type { Translate } from '../../i18n/index.js';

export function HelpScreen({ t }: { t: Translate }) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>{t('ui.help.title')}</Text>
      <Text>{t('ui.help.body')}</Text>
    </Box>
  );
}
