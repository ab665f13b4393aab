/**
 * The arithmetic of screens that must fit the terminal, with no Ink in it. Ink clears the
 * whole terminal and its scrollback on every redraw once a frame is as tall as the terminal,
 * so a screen gets at most `rows - 1` lines; what does not fit scrolls inside it.
 */

/** The lines a full screen may take in a terminal of `rows` rows (undefined: no terminal, no limit). */
export function screenHeight(rows: number | undefined): number | undefined {
  return rows === undefined || rows <= 0 ? undefined : Math.max(1, rows - 1);
}

export interface ScrollBox {
  /** The first content line shown. */
  offset: number;
  /** The lines the content takes. */
  content: number;
  /** The lines the window onto it shows. */
  viewport: number;
}

export type ScrollAction = 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

/** The furthest the content can scroll: its last line at the window's bottom. */
export function maxOffset(box: Omit<ScrollBox, 'offset'>): number {
  return Math.max(0, box.content - box.viewport);
}

export function clampOffset(box: ScrollBox): number {
  return Math.min(Math.max(0, box.offset), maxOffset(box));
}

/** A page keeps one line of the last one in sight, so a reader does not lose their place. */
export function pageSize(viewport: number): number {
  return Math.max(1, viewport - 1);
}

export function scroll(box: ScrollBox, action: ScrollAction): number {
  const step = { up: -1, down: 1, pageUp: -pageSize(box.viewport), pageDown: pageSize(box.viewport), home: -Infinity, end: Infinity }[action];
  const target = step === Infinity ? maxOffset(box) : step === -Infinity ? 0 : box.offset + step;
  return clampOffset({ ...box, offset: target });
}

/**
 * The offset that shows the lines `[top, top + height)`: unchanged when they are in sight,
 * else the least move that brings them in (their top first, when they are taller than the window).
 */
export function reveal(box: ScrollBox, top: number, height: number): number {
  let offset = box.offset;
  if (top + height > offset + box.viewport) offset = top + height - box.viewport;
  if (top < offset) offset = top;
  return clampOffset({ ...box, offset });
}

/** Lines above and below the window: what the "more" hint names. */
export function hidden(box: ScrollBox): { above: number; below: number } {
  const offset = clampOffset(box);
  return { above: offset, below: Math.max(0, box.content - box.viewport - offset) };
}

/** Where each of a list's items starts, from their heights. */
export function tops(heights: readonly number[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const height of heights) {
    starts.push(at);
    at += height;
  }
  return starts;
}

export type ScrollEvent =
  | { type: 'measured'; content: number; viewport: number }
  | { type: 'scroll'; action: ScrollAction }
  | { type: 'reveal'; top: number; height: number }
  | { type: 'reset' };

export const UNMEASURED: ScrollBox = { offset: 0, content: 0, viewport: 0 };

/** A scrolled window's state: measured by the view, moved by keys. The same object back when nothing moved. */
export function scrollReducer(box: ScrollBox, event: ScrollEvent): ScrollBox {
  const next = (offset: number, content = box.content, viewport = box.viewport): ScrollBox =>
    offset === box.offset && content === box.content && viewport === box.viewport ? box : { offset, content, viewport };
  switch (event.type) {
    case 'measured':
      return next(clampOffset({ ...box, content: event.content, viewport: event.viewport }), event.content, event.viewport);
    case 'scroll':
      return next(scroll(box, event.action));
    case 'reveal':
      return next(reveal(box, event.top, event.height));
    case 'reset':
      return next(0);
  }
}
