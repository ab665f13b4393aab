import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/bin.js';

const DRIVE = new URL('../helpers/pty-drive.py', import.meta.url).pathname;
const DEMO_DIR = '\\S*backend-switch-demo-[A-Za-z0-9]+';

async function drive(args: string[], script: unknown[][]) {
  const spec = { argv: [process.execPath, BIN, 'demo', ...args], script };
  const { stdout } = await promisify(execFile)('python3', [DRIVE, JSON.stringify(spec)], { maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(stdout) as { code: number | null; output: string; ok: boolean; failed_step: number | null; pids: number[]; canonical: boolean | null };
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

describe('backend-switch demo (the built bin in a pseudo-terminal)', () => {
  it('switches Bun → Elixir and back with every check ok, writes the reports, and cleans up', async () => {
    const run = await drive(['--keep'], [
      ['wait', 'Active now: bun', 30],
      ['enter-until', 'Step 9 of 9 · Completion report.*Report: ', 90],
      ['send', 'n'],
      ['wait', 'Active now: elixir', 30],
      ['enter-until', 'Step 9 of 9 · Completion report.*Report: ', 90],
      ['send', 'q'],
      ['exit', 20],
    ]);
    expect(run.ok, `stopped at step ${run.failed_step}:\n${run.text.slice(-3000)}`).toBe(true);
    expect(run.code).toBe(0);
    expect(run.text).toContain('switched · bun → elixir');
    expect(run.text).toContain('switched · elixir → bun');
    expect(run.text).toMatch(/7 automatic checks passed, none failed \(0 skipped\)/);
    expect(run.text).not.toMatch(/✖ /);
    const reports = readdirSync(join(run.dir!, '.backend-switch/reports'));
    expect(reports.filter((f) => f.endsWith('.md'))).toHaveLength(2);
    rmSync(run.dir!, { recursive: true, force: true });
  }, 240_000);

  it.each([
    ['q', [['send', 'q']]],
    ['Ctrl+C', [['send', '\u0003']]],
    ['the terminal closing (SIGHUP)', [['signal', 'SIGHUP']]],
  ])('after %s, no process it started is alive and the copy is gone', async (_how, leave) => {
    const run = await drive([], [['wait', 'Active now: bun', 30], ['snapshot', DEMO_DIR], ...leave, ['exit', 20]]);
    expect(run.ok, run.text.slice(-2000)).toBe(true);
    expect(run.pids.length).toBeGreaterThanOrEqual(2); // the embedded PostgreSQL and the backend
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(run.pids.filter(alive)).toEqual([]);
    expect(existsSync(run.dir!)).toBe(false);
  }, 60_000);

  it('after the wizard ends normally (the report, then q), everything is gone too', async () => {
    const run = await drive([], [
      ['wait', 'Active now: bun', 30],
      ['snapshot', DEMO_DIR],
      ['enter-until', 'Step 9 of 9 · Completion report.*Report: ', 90],
      ['send', 'q'],
      ['exit', 20],
    ]);
    expect(run.ok, run.text.slice(-2000)).toBe(true);
    expect(run.code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(run.pids.filter(alive)).toEqual([]);
    expect(existsSync(run.dir!)).toBe(false);
  }, 120_000);
});
