import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { CheckStatus } from '../../core/check.js';
import type { Translate } from '../../i18n/index.js';

const COLOR: Record<CheckStatus, string> = { ok: 'green', warn: 'yellow', fail: 'red', skip: 'gray' };
const MARK: Record<CheckStatus, string> = { ok: '✔', warn: '⚠', fail: '✖', skip: '○' };

/** One live panel: its title and status, when it last changed, and its lines. */
export function Panel({ t, title, status, changedAgo, width, children }: { t: Translate; title: string; status?: CheckStatus; changedAgo?: number; width: number; children: ReactNode }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={status ? COLOR[status] : 'gray'} paddingX={1} width={width}>
      <Box justifyContent="space-between">
        <Text bold color={status ? COLOR[status] : 'gray'}>
          {status ? MARK[status] : '…'} {title}
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
