import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { Translate } from '../../i18n/index.js';

/** Every screen: where the user is (step N of M), the body, and the keys that work here. */
export function Frame({ t, index, total, title, keys, children }: { t: Translate; index: number; total: number; title: string; keys: string[]; children: ReactNode }) {
  return (
    <Box flexDirection="column">
      <Box>
        <Text color="cyan" bold>
          {t('ui.stepOf', { n: index + 1, m: total })}
        </Text>
        <Text bold> · {title}</Text>
      </Box>
      <Box flexDirection="column" marginY={1}>
        {children}
      </Box>
      <Text dimColor>{keys.join(' · ')}</Text>
    </Box>
  );
}
