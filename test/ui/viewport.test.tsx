import { Box, Text, useInput } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../source/i18n/index.js';
import { FullScreen } from '../../source/ui/components/full-screen.js';
import { moreLines, scrollActionFor, useScroll, Viewport } from '../../source/ui/components/viewport.js';
import { untilChange } from '../helpers/changes.js';

afterEach(() => cleanup());

const t = translator('en');
const PAGE_DOWN = '\u001B[6~';
const PAGE_UP = '\u001B[5~';
const DOWN = '\u001B[B';

/** A header, `count` numbered lines in a window, a footer: a screen of `rows` rows. */
function Screen({ rows, count, long }: { rows: number; count: number; long?: boolean }) {
  const scroll = useScroll();
  useInput((input, key) => {
    const action = scrollActionFor(input, key, { arrows: true });
    if (action) scroll.dispatch({ type: 'scroll', action });
  });
  return (
    <FullScreen rows={rows}>
      <Box flexShrink={0}>
        <Text>HEADER</Text>
      </Box>
      <Viewport scroll={scroll} more={moreLines(t, true)}>
        {Array.from({ length: count }, (_, i) => (
          <Text key={i}>{long ? `line ${i + 1} ${'word '.repeat(30)}end ${i + 1}` : `line ${i + 1}`}</Text>
        ))}
      </Viewport>
      <Box flexShrink={0}>
        <Text>FOOTER</Text>
      </Box>
    </FullScreen>
  );
}

function renderScreen(element: React.ReactElement) {
  const app = render(element);
  const changes = new EventEmitter();
  const write = app.stdout.write;
  app.stdout.write = (text: string) => {
    write(text);
    changes.emit('change');
  };
  const frame = () => app.lastFrame() ?? '';
  const waitFor = async (predicate: (f: string) => boolean, what: string) => {
    await untilChange(changes, () => predicate(frame()), 5000, () => `timed out waiting for ${what}; last frame:\n${frame()}`);
    return frame();
  };
  return { frame, waitFor, press: (key: string) => app.stdin.write(key) };
}

describe('a scrolled window in a screen of fixed height', () => {
  it('shows what fits between the header and the footer, names what is below, and pages down and back', async () => {
    const s = renderScreen(<Screen rows={12} count={30} />);
    // 11 lines: header, 8 lines of content, the hint, the footer.
    const first = await s.waitFor((f) => f.includes('↓'), 'the hint');
    expect(first.split('\n')).toEqual(['HEADER', ...Array.from({ length: 8 }, (_, i) => `line ${i + 1}`), '↓ 22 more lines · ↑/↓ PgUp/PgDn: scroll', 'FOOTER']);
    s.press(PAGE_DOWN);
    const paged = await s.waitFor((f) => f.split('\n')[1] === 'line 8', 'a page down');
    expect(paged.split('\n').slice(1, 9)).toEqual(Array.from({ length: 8 }, (_, i) => `line ${i + 8}`)); // one line of the last page kept
    expect(paged).toContain('↑ 7 above · ↓ 15 more · ↑/↓ PgUp/PgDn: scroll');
    s.press(DOWN);
    await s.waitFor((f) => f.split('\n')[1] === 'line 9', 'one line down');
    s.press(PAGE_UP);
    s.press(PAGE_UP);
    const top = await s.waitFor((f) => f.split('\n')[1] === 'line 1', 'back at the top');
    expect(top).toContain('↓ 22 more lines');
  });

  it('stops at the last line: End shows it at the bottom, and more keys move nothing', async () => {
    const s = renderScreen(<Screen rows={12} count={30} />);
    await s.waitFor((f) => f.includes('↓'), 'the hint');
    s.press('\u001B[F'); // End
    const end = await s.waitFor((f) => f.includes('line 30'), 'the end');
    expect(end.split('\n').slice(1, 10)).toEqual([...Array.from({ length: 8 }, (_, i) => `line ${i + 23}`), '↑ 22 lines above · ↑/↓ PgUp/PgDn: scroll']);
    s.press(PAGE_DOWN);
    s.press(DOWN);
    s.press('\u001B[A'); // up: the one key that moves
    await s.waitFor((f) => f.split('\n')[1] === 'line 22', 'one line up from the end');
  });

  it('wraps long lines inside the window and cuts none of them into the footer', async () => {
    const s = renderScreen(<Screen rows={12} count={10} long />);
    const frame = await s.waitFor((f) => f.includes('↓'), 'the hint');
    const lines = frame.split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('HEADER');
    expect(lines.at(-2)).toMatch(/^↓ \d+ more lines/);
    expect(lines.at(-1)).toBe('FOOTER');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('is as tall as its content, with no hint, when it fits', async () => {
    const s = renderScreen(<Screen rows={12} count={3} />);
    const frame = await s.waitFor((f) => f.includes('line 3'), 'the lines');
    expect(frame.split('\n').filter((line) => line.startsWith('line'))).toHaveLength(3);
    expect(frame).not.toContain('more line');
  });
});
