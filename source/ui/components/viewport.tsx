import { Box, measureElement, Text, type DOMElement, type Key } from 'ink';
import { useCallback, useLayoutEffect, useReducer, useRef, type ReactNode } from 'react';
import type { Translate } from '../../i18n/index.js';
import { hidden, scrollReducer, UNMEASURED, type ScrollAction, type ScrollBox, type ScrollEvent } from '../layout.js';

export interface Scroll {
  box: ScrollBox;
  dispatch(event: ScrollEvent): void;
}

/** A scrolled window's state (see `scrollReducer`); hand it to a `Viewport` and move it with keys. */
export function useScroll(): Scroll {
  const [box, dispatch] = useReducer(scrollReducer, UNMEASURED);
  return { box, dispatch };
}

/**
 * The key that scrolls a window: PgUp/PgDn, Home/End, and ↑/↓ where they move nothing else
 * (`arrows`: no list or question on the screen takes them).
 */
export function scrollActionFor(input: string, key: Key, { arrows }: { arrows: boolean }): ScrollAction | undefined {
  if (key.pageUp) return 'pageUp';
  if (key.pageDown || (arrows && input === ' ')) return 'pageDown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (arrows && key.upArrow) return 'up';
  if (arrows && key.downArrow) return 'down';
  return undefined;
}

/**
 * The lines that fit in the room its parent leaves (a flex child: it grows into the space and
 * shrinks to it), `scroll.box.offset` lines down, with a hint line naming what is out of
 * sight. Where nothing bounds the parent's height, it is as tall as its content.
 */
export function Viewport({ scroll, more, children }: { scroll: Scroll; more: (hidden: { above: number; below: number }) => string; children: ReactNode }) {
  const window = useRef<DOMElement>(null);
  const content = useRef<DOMElement>(null);
  const { box, dispatch } = scroll;
  const measure = useCallback(() => {
    if (!window.current || !content.current) return;
    dispatch({ type: 'measured', content: measureElement(content.current).height, viewport: measureElement(window.current).height });
  }, [dispatch]);
  // After every commit: Ink has laid the tree out by then; the reducer ignores a measure that changed nothing.
  useLayoutEffect(measure);
  const out = hidden(box);
  return (
    <Box flexDirection="column" flexGrow={1} flexShrink={1}>
      <Box ref={window} flexDirection="column" flexGrow={1} flexShrink={1} overflow="hidden">
        <Box ref={content} flexDirection="column" flexShrink={0} marginTop={-Math.min(box.offset, Math.max(0, box.content - box.viewport))}>
          {children}
        </Box>
      </Box>
      {(out.above > 0 || out.below > 0) && (
        <Box flexShrink={0}>
          <Text dimColor wrap="truncate-end">
            {more(out)}
          </Text>
        </Box>
      )}
    </Box>
  );
}

/** The hint under a window whose content does not fit: how much is out of sight, and the keys that bring it in. */
export function moreLines(t: Translate, arrows: boolean): (hidden: { above: number; below: number }) => string {
  const keys = t(arrows ? 'ui.scroll.keysArrows' : 'ui.scroll.keysPage');
  return ({ above, below }) =>
    above > 0 && below > 0 ? t('ui.scroll.both', { above, below, keys }) : below > 0 ? t('ui.scroll.below', { n: below, keys }) : t('ui.scroll.above', { n: above, keys });
}
