import { Box } from 'ink';
import type { ReactNode } from 'react';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { screenHeight } from '../layout.js';

/**
 * The root of a live screen: one line shorter than the terminal, whatever its children hold.
 * Ink clears the terminal and its scrollback on every redraw of a frame as tall as the
 * terminal; this one never is. Its children share the height as flex items: what must stay
 * in sight does not shrink, the rest scrolls in a `Viewport`. `rows`: tests, with no terminal.
 */
export function FullScreen({ rows, children }: { rows?: number; children: ReactNode }) {
  const size = useTerminalSize();
  const height = screenHeight(rows ?? size.rows);
  return (
    <Box flexDirection="column" {...(height === undefined ? {} : { height, overflow: 'hidden' as const })}>
      {children}
    </Box>
  );
}
