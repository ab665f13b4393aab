import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { CheckStatus } from '../../core/check.js';
import type { Translate } from '../../i18n/index.js';
import { CHECK_MARK } from '../../render/marks.js';

/**
 * One panel: its mark and title on one line, with its verdict after them when all is well
 * (cut to the line), or its lines below when it needs a look (wrapped, nothing cut).
 */
export function Panel({ t, title, titleWidth, status, selected, summary, changedAgo, expanded, children }: {
  t: Translate;
  title: string;
  titleWidth: number;
  status?: CheckStatus;
  selected: boolean;
  summary?: string;
  changedAgo?: number;
  expanded: boolean;
  children?: ReactNode;
}) {
  const color = status ? CHECK_MARK[status].color : 'gray';
  return (
    <Box flexDirection="column">
      <Box>
        <Box flexShrink={0}>
          <Text color="cyan" bold>{selected ? '❯ ' : '  '}</Text>
          <Text bold color={color} inverse={selected}>
            {status ? CHECK_MARK[status].mark : '…'} {title.padEnd(titleWidth)}
          </Text>
        </Box>
        <Box flexGrow={1} flexShrink={1}>
          {!expanded && summary ? <Text dimColor wrap="truncate-end"> {summary}</Text> : <Text> </Text>}
        </Box>
        {changedAgo !== undefined && (
          <Box flexShrink={0}>
            <Text dimColor> {t('ui.ts.changed', { seconds: changedAgo })}</Text>
          </Box>
        )}
      </Box>
      {expanded && (
        <Box flexDirection="column" marginLeft={4}>
          {children}
        </Box>
      )}
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
