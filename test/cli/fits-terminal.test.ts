import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/bin.js';
import { copyFixture } from '../helpers/fixture.js';
import { closedPort } from '../helpers/servers.js';
import { replay, type Replay } from '../helpers/terminal.js';

const DRIVE = new URL('../helpers/pty-drive.py', import.meta.url).pathname;
const DOWN = '\u001b[B';
const PAGE_DOWN = '\u001b[6~';
/** Enter again as soon as the wizard shows a question or "press enter" (it ignores Enter while it works). */
const PROMPT = 'Press enter to continue\\.|❯ ';
/** How long each screen is watched redrawing itself. */
const WINDOW_S = 10;

interface Run {
  ok: boolean;
  failed_step: number | null;
  code: number | null;
  bytes: Buffer;
  marks: Record<string, [number, number]>;
  text: string;
}

/** The built bin in a pseudo-terminal of `cols` × `rows`, driven by `script` (test/helpers/pty-drive.py). */
async function drive(args: string[], cols: number, rows: number, script: unknown[][]): Promise<Run> {
  // CI=1 would make Ink draw only the last frame: the terminal a person has is the one tested.
  const spec = { argv: [process.execPath, BIN, ...args], cols, rows, env: { CI: '', NO_COLOR: '' }, script };
  const { stdout } = await promisify(execFile)('python3', [DRIVE, JSON.stringify(spec)], { maxBuffer: 256 * 1024 * 1024 });
  const result = JSON.parse(stdout) as Omit<Run, 'bytes' | 'text'> & { output: string };
  const bytes = Buffer.from(result.output, 'base64');
  return { ...result, bytes, text: bytes.toString('utf8') };
}

/** What the terminal showed, and what the output did to it, up to a mark (or the end). */
function terminalAt(run: Run, cols: number, rows: number, mark?: string): Replay {
  const end = mark === undefined ? run.bytes.length : run.marks[mark]![0];
  return replay(run.bytes.subarray(0, end).toString('utf8'), rows, cols);
}

/** Every frame was shorter than the terminal and nothing cleared it: no flicker, the scrollback intact. */
function expectFitted(run: Run, cols: number, rows: number) {
  const screen = terminalAt(run, cols, rows);
  expect(run.text).not.toContain('\u001b[3J');
  expect(run.text).not.toContain('\u001b[2J');
  expect(screen.clearScrollback).toBe(0);
  expect(screen.pastTheTop).toBe(0);
  expect(screen.redrawn.length).toBeGreaterThan(5); // it was redrawn, in place
  expect(Math.max(...screen.redrawn)).toBeLessThan(rows);
}

const seconds = (run: Run, from: string, to: string) => run.marks[to]![1] - run.marks[from]![1];
const row = (screen: Replay, pattern: RegExp) => screen.screen.findIndex((line) => pattern.test(line));

describe.each([
  [80, 24],
  [100, 32],
])('in a terminal of %i × %i', (cols, rows) => {
  it(`doctor --watch redraws for ${WINDOW_S} s with every frame shorter than the terminal, never clearing it or its scrollback; the title and the keys stay on screen`, async () => {
    const root = copyFixture();
    const run = await drive(['doctor', '--watch', '--cwd', root, '--backend', 'elixir', '--api-url', `http://127.0.0.1:${await closedPort()}`], cols, rows, [
      ['wait', '[✔⚠✖○] JWT secret', 20],
      ['mark', 'shown'],
      ['observe', WINDOW_S],
      ['mark', 'watched'],
      ['send', 'q'],
      ['exit', 10],
    ]);
    expect(run.ok, run.text.slice(-2000)).toBe(true);
    expect(run.code).toBe(0);
    expect(seconds(run, 'shown', 'watched')).toBeGreaterThanOrEqual(WINDOW_S);
    expectFitted(run, cols, rows);
    const screen = terminalAt(run, cols, rows, 'watched');
    const title = row(screen, /^Troubleshoot \(guide §6\)/);
    expect(title, screen.screen.join('\n')).toBeGreaterThanOrEqual(0);
    expect(row(screen, /Judging Elixir · development/)).toBe(title + 1);
    for (const panel of ['Ports', 'PostgreSQL', 'CORS', 'WebSocket', 'JWT secret']) expect(row(screen, new RegExp(`[✔⚠✖○] ${panel}\\b`)), panel).toBeGreaterThan(title);
    expect(row(screen, /q: quit/)).toBeGreaterThan(row(screen, /JWT secret/));
  }, 60_000);

  it(`the demo's cors scenario: troubleshoot shows the failure, what was sent and came back, and its fix, redrawn for ${WINDOW_S} s within the terminal; then in Docker mode the compose diff scrolls under its step header`, async () => {
    const run = await drive(['demo', '--scenario', 'cors'], cols, rows, [
      ['wait', 'Active now: bun', 90],
      ['send', 't'],
      ['wait', '✖ CORS.*\\[f\\] Set FRONTEND_URL', 30],
      ['mark', 'troubleshoot'],
      ['observe', WINDOW_S],
      ['mark', 'troubleshot'],
      ['send', 't'],
      ['wait', 'Step 1 of 11', 10],
      // Bun → Elixir/Phoenix in Docker Compose: the third choice.
      ['press-until', DOWN, '❯ Bun → Elixir/Phoenix · Docker', 15],
      ['send', '\r'],
      // One pattern for the header and its question: they can come in one frame, and a wait reads only what follows.
      ['enter-until', 'Step 4 of 10 · The compose file.*\\? Write docker-compose\\.yml\\?', 150, PROMPT],
      ['frame', '↓ \\d+ more.*\\? Write docker-compose\\.yml\\?.*enter: choose', 10],
      ['mark', 'compose'],
      ['send', PAGE_DOWN],
      ['frame', '↑ \\d+ above.*enter: choose', 5],
      ['mark', 'paged'],
      ['observe', 2],
      ['send', 'q'],
      ['exit', 30],
    ]);
    expect(run.ok, `stopped at step ${run.failed_step}:\n${run.text.slice(-3000)}`).toBe(true);
    expect(seconds(run, 'troubleshoot', 'troubleshot')).toBeGreaterThanOrEqual(WINDOW_S);
    expectFitted(run, cols, rows);

    const panels = terminalAt(run, cols, rows, 'troubleshot');
    const text = panels.screen.join('\n');
    expect(row(panels, /^Troubleshoot \(guide §6\)/), text).toBeGreaterThanOrEqual(0);
    expect(text).toContain('Judging Bun · development');
    expect(row(panels, /✔ Ports/)).toBeGreaterThan(0); // the running backend is the one judged: its port is no fault
    expect(text).toMatch(/✖ CORS/);
    expect(text).toContain('sent: OPTIONS · Origin http://localhost:5173');
    expect(text).toMatch(/received: \d+/);
    expect(text).toContain('[f] Set FRONTEND_URL=http://localhost:5173 in apps/backend/.env');
    expect(text).not.toContain('[k]');
    expect(text).toContain('back to the wizard');

    const compose = terminalAt(run, cols, rows, 'compose');
    const paged = terminalAt(run, cols, rows, 'paged');
    for (const screen of [compose, paged]) {
      const header = row(screen, /^Step 4 of 10 · The compose file$/);
      expect(header, screen.screen.join('\n')).toBeGreaterThanOrEqual(0);
      expect(row(screen, /↓ \d+ more|↑ \d+ above/)).toBeGreaterThan(header);
      expect(row(screen, /^\? Write docker-compose\.yml\?/)).toBeGreaterThan(header);
      expect(row(screen, /^\s*1\. Yes/)).toBeGreaterThan(header); // nothing preselected
      expect(row(screen, /enter: choose/)).toBeGreaterThan(header);
    }
    expect(compose.screen.join('\n')).toMatch(/@@ -\d+,\d+ \+\d+,\d+ @@/); // the diff opens at its top
    const diffRows = (screen: Replay) => screen.screen.slice(row(screen, /^Step 4 of 10/) + 1, row(screen, /↓ \d+ more|↑ \d+ above/)).join('\n');
    expect(diffRows(paged)).not.toBe(diffRows(compose)); // PgDn moved the diff, not the screen
  }, 240_000);
});
