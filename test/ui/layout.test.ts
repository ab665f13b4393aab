import { describe, expect, it } from 'vitest';
import { clampOffset, hidden, reveal, screenHeight, scroll, scrollReducer, tops, UNMEASURED } from '../../source/ui/layout.js';
import { navigate, needsAttention, START } from '../../source/ui/troubleshoot/navigation.js';
import type { WatchState } from '../../source/troubleshoot/watcher.js';
import type { CheckResult } from '../../source/core/check.js';

describe('the arithmetic of screens that fit the terminal', () => {
  it('gives a screen one line less than the terminal (Ink clears the scrollback for a frame as tall as it), and no limit without one', () => {
    expect(screenHeight(24)).toBe(23);
    expect(screenHeight(32)).toBe(31);
    expect(screenHeight(undefined)).toBeUndefined();
    expect(screenHeight(0)).toBeUndefined();
  });

  it('scrolls by a line, by a page that keeps one line of the last, and to either end, never past them', () => {
    const box = { offset: 0, content: 52, viewport: 10 };
    expect(scroll(box, 'down')).toBe(1);
    expect(scroll(box, 'up')).toBe(0);
    expect(scroll(box, 'pageDown')).toBe(9);
    expect(scroll({ ...box, offset: 40 }, 'pageDown')).toBe(42);
    expect(scroll(box, 'end')).toBe(42);
    expect(scroll({ ...box, offset: 30 }, 'home')).toBe(0);
    expect(scroll({ offset: 0, content: 5, viewport: 10 }, 'pageDown')).toBe(0);
  });

  it('keeps an offset inside the content when the content shrinks or the window grows', () => {
    expect(clampOffset({ offset: 40, content: 20, viewport: 10 })).toBe(10);
    expect(clampOffset({ offset: 5, content: 20, viewport: 30 })).toBe(0);
  });

  it('reveals an item with the least move: not at all when in sight, its bottom when below, its top when above or taller than the window', () => {
    const box = { offset: 10, content: 100, viewport: 10 };
    expect(reveal(box, 12, 3)).toBe(10);
    expect(reveal(box, 25, 3)).toBe(18);
    expect(reveal(box, 2, 3)).toBe(2);
    expect(reveal(box, 30, 25)).toBe(30);
  });

  it('counts the lines out of sight above and below', () => {
    expect(hidden({ offset: 0, content: 52, viewport: 20 })).toEqual({ above: 0, below: 32 });
    expect(hidden({ offset: 32, content: 52, viewport: 20 })).toEqual({ above: 32, below: 0 });
    expect(hidden({ offset: 0, content: 5, viewport: 20 })).toEqual({ above: 0, below: 0 });
  });

  it('lays a list out from its heights', () => {
    expect(tops([1, 6, 1, 1])).toEqual([0, 1, 7, 8]);
  });

  it('hands back the same state when a measure or a key changes nothing (no render loop)', () => {
    const measured = scrollReducer(UNMEASURED, { type: 'measured', content: 52, viewport: 20 });
    expect(scrollReducer(measured, { type: 'measured', content: 52, viewport: 20 })).toBe(measured);
    expect(scrollReducer(measured, { type: 'scroll', action: 'up' })).toBe(measured);
    const down = scrollReducer(measured, { type: 'scroll', action: 'end' });
    expect(down.offset).toBe(32);
    expect(scrollReducer(down, { type: 'measured', content: 30, viewport: 20 }).offset).toBe(10); // the content shrank under it
    expect(scrollReducer(down, { type: 'reset' }).offset).toBe(0);
  });
});

describe('moving between the troubleshoot panels', () => {
  it('goes down and up through the five panels, wrapping round as Tab does, and opens and closes one', () => {
    let state = START;
    for (let i = 0; i < 4; i += 1) state = navigate(state, 'next');
    expect(state.selected).toBe(4);
    expect(navigate(state, 'next').selected).toBe(0);
    expect(navigate(START, 'previous').selected).toBe(4);
    const open = navigate(state, 'toggle');
    expect(open).toEqual({ selected: 4, open: true });
    expect(navigate(open, 'close')).toEqual({ selected: 4, open: false });
    expect(navigate(START, 'close')).toBe(START);
  });

  it('expands a panel that fails or warns, and the database panel when only its migrations need a look', () => {
    const result = (id: string, status: string) => ({ id, status, title: id, detail: '', data: {} }) as unknown as CheckResult;
    const watch = { port: { result: result('port', 'ok') }, db: { result: result('db', 'ok') }, migrations: { result: result('migrations', 'warn') }, cors: { result: result('cors', 'fail') }, ws: {}, jwt: { result: result('jwt', 'skip') } } as unknown as WatchState;
    expect(needsAttention('port', watch)).toBe(false);
    expect(needsAttention('db', watch)).toBe(true);
    expect(needsAttention('cors', watch)).toBe(true);
    expect(needsAttention('ws', watch)).toBe(false);
    expect(needsAttention('jwt', watch)).toBe(false);
  });
});
