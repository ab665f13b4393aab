import { Box, Text } from 'ink';
import type { Translate } from '../../i18n/index.js';
import { overlayKeys, type ScreenKey } from '../keys.js';

const LABEL_WIDTH = 24;

/** The `?` overlay: every key of the screen under it, what each does, and the Differences page's key. */
export function HelpScreen({ t, keys, note }: { t: Translate; keys: readonly ScreenKey[]; note?: string }) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>{t('ui.help.title')}</Text>
      {[...keys, ...overlayKeys(t)].map((key) => (
        <Box key={key.label}>
          <Box width={LABEL_WIDTH} flexShrink={0}>
            <Text color="cyan">{key.label}</Text>
          </Box>
          <Text wrap="wrap">{key.does}</Text>
        </Box>
      ))}
      {note && <Text dimColor wrap="wrap">{note}</Text>}
    </Box>
  );
}
