import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { Translate } from '../../i18n/index.js';
import { moreLines, Viewport, type Scroll } from './viewport.js';

/**
 * Every screen: where the user is (step N of M), the body, and the keys that work here. The
 * header, the footer (a question waiting for an answer) and the keys stay in sight; the body
 * scrolls between them when it is longer than the terminal leaves room for.
 */
export function Frame({ t, index, total, title, keys, scroll, arrows, footer, children }: {
  t: Translate;
  index: number;
  total: number;
  title: string;
  keys: string[];
  scroll: Scroll;
  /** ↑/↓ scroll the body (no question on the screen takes them). */
  arrows: boolean;
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Box flexDirection="column" flexGrow={1} flexShrink={1}>
      <Box flexShrink={0}>
        <Text wrap="truncate-end">
          <Text color="cyan" bold>
            {t('ui.stepOf', { n: index + 1, m: total })}
          </Text>
          <Text bold> · {title}</Text>
        </Text>
      </Box>
      <Box flexDirection="column" marginTop={1} flexGrow={1} flexShrink={1}>
        <Viewport scroll={scroll} more={moreLines(t, arrows)}>
          {children}
        </Viewport>
      </Box>
      {footer && (
        <Box flexDirection="column" flexShrink={0}>
          {footer}
        </Box>
      )}
      <Box flexShrink={0} marginTop={1}>
        <Text dimColor wrap="wrap">
          {keys.join(' · ')}
        </Text>
      </Box>
    </Box>
  );
}
