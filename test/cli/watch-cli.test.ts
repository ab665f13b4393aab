import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/bin.js';
import { copyFixture } from '../helpers/fixture.js';
import { closedPort } from '../helpers/servers.js';

const PTY = new URL('../helpers/pty-run.py', import.meta.url).pathname;

function inTerminal(args: string[], keys: [number, string][]) {
  const spec = { argv: [process.execPath, BIN, ...args], keys, timeout: Math.max(20, ...keys.map(([delay]) => delay + 10)) };
  const result = JSON.parse(execFileSync('python3', [PTY, JSON.stringify(spec)], { encoding: 'utf8' })) as { code: number | null; output: string; canonical: boolean; echo: boolean };
  return { ...result, output: Buffer.from(result.output, 'base64').toString('utf8') };
}

describe('doctor --watch in a terminal', () => {
  it('re-renders in place, leaves on q with exit 0, and gives the terminal back (cursor shown, raw mode off)', async () => {
    const root = copyFixture();
    const run = inTerminal(['doctor', '--watch', '--cwd', root, '--backend', 'elixir', '--api-url', `http://127.0.0.1:${await closedPort()}`], [[4, 'q']]);
    expect(run.code).toBe(0);
    expect(run.output).toContain('Troubleshoot (guide §6)');
    expect(run.output.match(/Troubleshoot \(guide §6\)/g)!.length).toBeGreaterThanOrEqual(2); // redrawn, not appended below
    expect(run.output).toMatch(/\u001b\[\d*A/); // the cursor moved up to redraw over the last frame
    expect(run.output).toContain('\u001b[?25h'); // cursor shown again on the way out
    expect(run.canonical).toBe(true);
    expect(run.echo).toBe(true);
  });

  it('leaves on Ctrl+C with exit 130, terminal restored', async () => {
    const root = copyFixture();
    const run = inTerminal(['doctor', '--watch', '--cwd', root, '--backend', 'bun', '--api-url', `http://127.0.0.1:${await closedPort()}`], [[3, '\u0003']]);
    expect(run.code).toBe(130);
    expect(run.output).toContain('\u001b[?25h');
    expect(run.canonical).toBe(true);
  });

  it('runs for 30 s printing nothing outside its frames: no Node warning reaches the screen', async () => {
    const root = copyFixture();
    const run = inTerminal(['doctor', '--watch', '--cwd', root, '--backend', 'elixir', '--api-url', `http://127.0.0.1:${await closedPort()}`], [[30, 'q']]);
    expect(run.code).toBe(0);
    expect(run.output.match(/Troubleshoot \(guide §6\)/g)!.length).toBeGreaterThanOrEqual(10); // about twenty rounds were drawn
    expect(run.output).not.toMatch(/\(node:\d+\)|Warning:|MaxListeners|at .*\(.*:\d+:\d+\)/);
  }, 45_000);
});
