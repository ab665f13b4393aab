import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { CheckStatus } from '../../core/check.js';
import type { Translate } from '../../i18n/index.js';

import { CHECK_MARK } from '../../render/marks.js';

/** One live panel: its title and status, when it last changed, and its lines. */
export function Panel({ t, title, status, changedAgo, width, children }: { t: Translate; title: string; status?: CheckStatus; changedAgo?: number; width: number; children: ReactNode }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={status ? CHECK_MARK[status].color : 'gray'} paddingX={1} width={width}>
      <Box justifyContent="space-between">
        <Text bold color={status ? CHECK_MARK[status].color : 'gray'}>
          {status ? CHECK_MARK[status].mark : '…'} {title}
        </Text>
        {changedAgo !== undefined && <Text dimColor>{t('ui.ts.changed', { seconds: changedAgo })}</Text>}
      </Box>
      {children}
    </Box>
  );
}

export function Line({ children, dim, color }: { children: ReactNode; dim?: boolean; color?: string }) {
  return (
    <Text wrap="wrap" dimColor={dim} {...(color ? { color } : {})}>
      {children}
    </Text>
  );
}
