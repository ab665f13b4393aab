import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/bin.js';

const DRIVE = new URL('../helpers/pty-drive.py', import.meta.url).pathname;
const DEMO_DIR = '\\S*backend-switch-demo-[A-Za-z0-9]+';

async function drive(args: string[], script: unknown[][]) {
  const spec = { argv: [process.execPath, BIN, 'demo', ...args], script };
  const { stdout } = await promisify(execFile)('python3', [DRIVE, JSON.stringify(spec)], { maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(stdout) as { code: number | null; output: string; ok: boolean; failed_step: number | null; pids: number[]; files: string[]; canonical: boolean | null };
  const text = Buffer.from(result.output, 'base64').toString('utf8').replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  const dir = new RegExp(DEMO_DIR).exec(text)?.[0];
  return { ...result, text, dir };
}

/** Running (a zombie waiting to be reaped by init is not). */
const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

/**
 * The pids still running once they have had `ms` to go. The demo's processes are not this
 * test's children, so nothing signals their end: look again every 50 ms until none is left.
 */
async function stillRunning(pids: number[], ms = 10_000): Promise<number[]> {
  const deadline = Date.now() + ms;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return pids.filter(alive);
}

/** Enter again as soon as the wizard shows a question or "press enter" (it ignores Enter while it works). */
const PROMPT = 'Press enter to continue\\.|❯ |\\n\\s*1\\. ';

describe('backend-switch demo (the built bin in a pseudo-terminal)', () => {
  it('switches Bun → Elixir and back with every check ok, writes the reports, and on q stops everything it started and removes the copy', async () => {
    const run = await drive([], [
      ['wait', 'Active now: bun', 30],
      ['snapshot', DEMO_DIR], // the embedded PostgreSQL and the Bun backend
      ['enter-until', 'Step 11 of 11 · Completion report.*Report: ', 90, PROMPT],
      ['send', 'n'],
      ['wait', 'Active now: elixir', 30],
      ['enter-until', 'Step 11 of 11 · Completion report.*Report: ', 90, PROMPT],
      ['snapshot', DEMO_DIR], // and the backends the switches started
      ['files', DEMO_DIR, '.backend-switch/reports'],
      ['send', 'q'],
      ['exit', 20],
    ]);
    expect(run.ok, `stopped at step ${run.failed_step}:\n${run.text.slice(-3000)}`).toBe(true);
    expect(run.code).toBe(0);
    expect(run.text).toContain('switched · bun → elixir');
    expect(run.text).toContain('switched · elixir → bun');
    expect(run.text).toMatch(/\d+ automatic checks passed, none failed \(0 skipped\)/);
    expect(run.text).not.toMatch(/✖ /);
    expect(run.files.filter((f) => f.endsWith('.md'))).toHaveLength(2); // one report per switch, there before q
    expect(new Set(run.pids).size).toBeGreaterThanOrEqual(3); // the first Bun backend, and the one the way back started
    expect(await stillRunning(run.pids)).toEqual([]);
    expect(existsSync(run.dir!)).toBe(false);
  }, 240_000);

  // q is the end of the walk above.
  it.each([
    ['Ctrl+C', [['send', '\u0003']]],
    ['the terminal closing (SIGHUP)', [['signal', 'SIGHUP']]],
  ])('after %s, no process it started is alive and the copy is gone', async (_how, leave) => {
    const run = await drive([], [['wait', 'Active now: bun', 30], ['snapshot', DEMO_DIR], ...leave, ['exit', 20]]);
    expect(run.ok, run.text.slice(-2000)).toBe(true);
    expect(run.pids.length).toBeGreaterThanOrEqual(2); // the embedded PostgreSQL and the backend
    expect(await stillRunning(run.pids)).toEqual([]);
    expect(existsSync(run.dir!)).toBe(false);
  }, 60_000);
});
