import { describe, expect, it } from 'vitest';
import { editEnv } from '../helpers/env-files.js';
import { copyFixture } from '../helpers/fixture.js';
import { httpServer } from '../helpers/servers.js';
import { renderTroubleshoot } from '../helpers/troubleshoot.js';

const DOWN = '\u001B[B';
const UP = '\u001B[A';
const TAB = '\t';
const SHIFT_TAB = '\u001B[Z';
const ENTER = '\r';
const ESC = '\u001B';
const PAGE_DOWN = '\u001B[6~';

/** A backend whose CORS forgets the frontend's origin, in a monorepo whose FRONTEND_URL is another port's. */
async function corsRefused(rows: number) {
  const root = copyFixture();
  editEnv(root, 'apps/backend-ex/.env', { FRONTEND_URL: 'http://localhost:4000' });
  const api = await httpServer((req, res) => res.writeHead(req.method === 'OPTIONS' ? 204 : 401).end());
  return renderTroubleshoot(root, { apiUrl: api.url, backend: 'elixir', rows });
}

type Screen = Awaited<ReturnType<typeof corsRefused>>;

/**
 * The frame once `predicate` holds, letting the watcher probe again (up to three rounds) while
 * it does not: on a busy machine the first round's probes can time out.
 */
async function settled(ts: Screen, predicate: (frame: string) => boolean, what: string): Promise<string> {
  for (let round = 0; round < 3 && !predicate(ts.frame()); round += 1) await ts.nextRound();
  return ts.waitFor(predicate, what);
}

const selected = (frame: string) => /❯ [✔⚠✖○…] (\S+)/.exec(frame)?.[1];

describe('the troubleshoot screen in a 24-row terminal', () => {
  it('fits: the title first, the keys last; a failing check shows what was sent, what came back and the fix, brought into sight when chosen; an ok one takes one line', async () => {
    const ts = await corsRefused(24);
    // CORS may be below the fold: how far depends on how long the panels above it are here.
    const first = await settled(ts, (f) => ts.controller.state.watch.cors.result?.status === 'fail' && f.includes('[f]') && ts.controller.state.watch.jwt.result?.status === 'ok', 'every panel probed');
    const lines = first.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines[0]).toMatch(/^Troubleshoot \(guide §6\)/);
    expect(lines[1]).toMatch(/^Judging Elixir · development · API :\d+ held by pid/);
    expect(lines.slice(-2).join(' ')).toContain('q: quit'); // the key bar, last (it may wrap at 80 columns)
    expect(first).toContain('[f] Set FRONTEND_URL=http://localhost:5173 in apps/backend-ex/.env');
    // Three panels fail here (the API is this test's server, no PostgreSQL): the list scrolls, CORS is below.
    expect(first).toMatch(/↓ \d+ more lines/);
    ts.press(TAB);
    ts.press(TAB);
    const cors = await ts.waitFor((f) => selected(f) === 'CORS' && f.includes('no Access-Control-Allow-Origin'), 'CORS chosen, in sight');
    expect(cors.split('\n').length).toBeLessThanOrEqual(23);
    expect(cors).toContain('sent: OPTIONS · Origin http://localhost:5173 · POST · authorization,content-type');
    expect(cors).toContain('received: 204 nothing');
    ts.press(TAB);
    ts.press(TAB);
    const jwt = await ts.waitFor((f) => selected(f) === 'JWT', 'the JWT panel chosen');
    expect(jwt.split('\n').filter((line) => line.includes('JWT secret'))).toHaveLength(1); // ok: one line, its verdict beside it
    expect(jwt).toMatch(/❯ ✔ JWT secret +JWT_SECRET is the same/);
    ts.stop();
  });

  it('moves between panels with ↑/↓ and Tab/Shift+Tab, opens one with Enter to show all of it, and closes it with Esc', async () => {
    const ts = await corsRefused(24);
    await settled(ts, (f) => ts.controller.state.watch.cors.result?.status === 'fail' && selected(f) === 'Ports', 'the first panel selected');
    ts.press(DOWN);
    await ts.waitFor((f) => selected(f) === 'PostgreSQL', '↓');
    ts.press(TAB);
    await ts.waitFor((f) => selected(f) === 'CORS', 'Tab');
    ts.press(SHIFT_TAB);
    await ts.waitFor((f) => selected(f) === 'PostgreSQL', 'Shift+Tab');
    ts.press(UP);
    await ts.waitFor((f) => selected(f) === 'Ports', '↑');
    ts.press(UP);
    await ts.waitFor((f) => selected(f) === 'JWT', '↑ from the first: round to the last');

    // Ports, opened: every port it looked at, which the list leaves out for room.
    ts.press(DOWN);
    await ts.waitFor((f) => selected(f) === 'Ports', 'round to the first');
    ts.press(ENTER);
    const opened = await ts.waitFor((f) => f.includes('Enter or Esc: close'), 'the opened Ports panel');
    expect(opened).toMatch(/^ +api \d+: pid \d+ · /m); // each port on its own line
    expect(opened).toMatch(/^ +frontend 5173: free$/m);
    expect(opened).not.toContain('✖ CORS'); // on its own
    expect(opened.split('\n').length).toBeLessThanOrEqual(23);
    ts.press(ESC);
    const list = await ts.waitFor((f) => f.includes('✖ Ports') && f.includes('Enter: open it'), 'the list again');
    expect(selected(list)).toBe('Ports');
    expect(ts.closed()).toBe(false); // Esc closed the panel, not the screen
    ts.stop();
  });

  it("shows a fix's diff within the terminal, scrolled with PgDn when it is longer, and y/n still on screen", async () => {
    const ts = await corsRefused(12);
    await settled(ts, (f) => f.includes('[f]'), 'the CORS fix');
    ts.press('f');
    const preview = await ts.waitFor((f) => f.includes('Apply it?') && f.includes('more'), 'the diff, cut to the window');
    const lines = preview.split('\n');
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(lines[0]).toMatch(/^Troubleshoot/);
    expect(preview).toMatch(/↓ \d+ more lines? · ↑\/↓ PgUp\/PgDn: scroll/);
    ts.press(PAGE_DOWN);
    const paged = await ts.waitFor((f) => /↑ \d+ (lines? )?above/.test(f), 'the diff scrolled');
    expect(paged).toContain('Apply it?');
    ts.press(PAGE_DOWN);
    ts.press(PAGE_DOWN);
    await ts.waitFor((f) => f.includes('+FRONTEND_URL=http://localhost:5173'), 'the added line, further down');
    ts.press('n');
    await ts.waitFor((f) => !f.includes('Apply it?') && f.includes('[f]'), 'the fix not applied');
    ts.stop();
  });
});
