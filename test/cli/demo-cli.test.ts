import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/bin.js';

const DRIVE = new URL('../helpers/pty-drive.py', import.meta.url).pathname;
const DEMO_DIR = '\\S*backend-switch-demo-[A-Za-z0-9]+';

async function drive(args: string[], script: unknown[][], cols?: number) {
  const spec = { argv: [process.execPath, BIN, 'demo', ...args], script, ...(cols ? { cols } : {}) };
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

/** The first screen, usable: the direction choice, its first option selected. */
const FIRST_SCREEN = 'Active now: bun\\..*Switch to which backend, and where\\?.*❯ Bun → Elixir/Phoenix · development';
/** The first screen while the services start behind it: the banner names them, the choice is there. */
const FIRST_SCREEN_STARTING = `Starting: [^\\n]*PostgreSQL \\(embedded\\) \\d+\\.\\d s.*${FIRST_SCREEN}`;

describe('backend-switch demo (the built bin in a pseudo-terminal)', () => {
  it('shows the direction choice while its services start, takes a direction at once, begins the switch only once they are up, and walks Bun → Elixir and back with every check ok; on q stops everything and removes the copy', async () => {
    const run = await drive([], [
      ['wait', FIRST_SCREEN_STARTING, 30],
      ['send', '\r'], // Bun → Elixir · development, before any service is up
      ['wait', 'the switch you chose begins when they are up', 30],
      ['wait', 'Services up in', 90],
      ['snapshot', DEMO_DIR], // the embedded PostgreSQL, Redis and the Bun backend
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
    expect(run.text).not.toMatch(/✖ /); // no false failure from a gate run against half-started services
    // The order of what appeared: the choice while starting, the choice waiting, the services up, then the engine's first look.
    const at = (what: string) => run.text.indexOf(what);
    expect(at('Starting: ')).toBeLessThan(at('Switch to which backend'));
    expect(at('Switch to which backend')).toBeLessThan(at('the switch you chose begins when they are up'));
    expect(at('the switch you chose begins when they are up')).toBeLessThan(at('Services up in'));
    expect(at('Services up in')).toBeLessThan(at('Migrations of the target:')); // the pre-flight's preview: the engine reads the world
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
    const run = await drive([], [['wait', 'Services up in', 90], ['snapshot', DEMO_DIR], ...leave, ['exit', 20]]);
    expect(run.ok, run.text.slice(-2000)).toBe(true);
    expect(run.pids.length).toBeGreaterThanOrEqual(2); // the embedded PostgreSQL and the backend
    expect(await stillRunning(run.pids)).toEqual([]);
    expect(existsSync(run.dir!)).toBe(false);
  }, 120_000);

  it('on q while its services are still starting, stops them too (those not yet spawned never run) and removes the copy', async () => {
    const run = await drive([], [['wait', FIRST_SCREEN_STARTING, 30], ['send', 'q'], ['exit', 30], ['snapshot', DEMO_DIR]]);
    expect(run.ok, run.text.slice(-2000)).toBe(true);
    expect(run.code).toBe(0);
    expect(run.text).not.toContain('Services up in');
    expect(await stillRunning(run.pids)).toEqual([]); // the snapshot after exit: anything left with its folder in the copy
    expect(existsSync(run.dir!)).toBe(false);
  }, 60_000);

  /** Each scenario's first screen: what is broken, and the screen and key to practise with (one line each at 400 columns). */
  it.each([
    ['cors', 'FRONTEND_URL in apps/backend/\\.env is http://localhost:4000', 'on ✖ CORS press f'],
    ['port', 'an Elixir backend left over from another checkout \\(\\.old-checkout/apps/backend-ex\\) holds the API port \\d+', 'on ✖ Ports press k'],
    ['jwt', 'JWT_SECRET differs between apps/backend/\\.env and apps/backend-ex/\\.env', 'on ✖ JWT secret press j'],
    ['db-down', 'the embedded PostgreSQL is left stopped', 'on ✖ PostgreSQL press s'],
  ])('--scenario %s: the first screen says what is broken and which key on which screen fixes it', async (scenario, problem, key) => {
    const run = await drive(['--scenario', scenario], [
      ['wait', `Scenario ${scenario}: ${problem}.*Practise: press t \\(troubleshoot\\); ${key}.*${FIRST_SCREEN}`, 30],
      ['send', 'q'],
      ['exit', 30],
    ], 400);
    expect(run.ok, run.text.slice(-2000)).toBe(true);
  }, 60_000);

  it('--scenario cors: t from the first screen offers f on the file of the backend that is running (apps/backend/.env), and f, y turns CORS ok', async () => {
    const run = await drive(['--scenario', 'cors'], [
      ['wait', FIRST_SCREEN, 30],
      ['wait', 'Services up in', 90],
      ['send', 't'],
      ['wait', '✖ CORS.*\\[f\\]', 30],
      ['send', 'f'],
      ['wait', 'Set FRONTEND_URL=http://localhost:5173 in apps/backend/\\.env .*\\+FRONTEND_URL=http://localhost:5173.*Apply it\\?', 20],
      ['send', 'y'],
      ['wait', '✔ CORS', 40],
      ['send', 't'], // back to the wizard
      ['wait', FIRST_SCREEN, 20],
      ['send', 'q'],
      ['exit', 30],
    ], 200);
    expect(run.ok, run.text.slice(-3000)).toBe(true);
  }, 180_000);
});
