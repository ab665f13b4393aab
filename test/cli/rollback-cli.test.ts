import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { openSession } from '../../source/commands/session.js';
import { newRunId } from '../../source/io/state.js';
import { createStepContext } from '../../source/steps/context.js';
import { TroubleshootController } from '../../source/troubleshoot/controller.js';
import { runBin } from '../helpers/bin.js';
import { editEnv } from '../helpers/env-files.js';
import { runningBackend, switchableMonorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';

const database = freshDatabasePerTest();
const frontendUrl = (root: string) => parse(readFileSync(join(root, 'apps/backend-ex/.env'))).FRONTEND_URL;

describe('rollback undoes the run the person means', () => {
  it('after a one-key fix and two switches that changed no file, rollback changes nothing and names the fix; --list shows the runs; --run undoes the fix', async () => {
    const repo = await switchableMonorepo(database().url);
    editEnv(repo.root, 'apps/backend-ex/.env', { FRONTEND_URL: 'http://localhost:4000' });
    writeFileSync(join(repo.root, 'apps/frontend/.env.local'), `VITE_API_URL=${repo.apiUrl}\n`);
    await runningBackend(repo, 'elixir');

    // The CORS fix, as the troubleshoot screen applies it after `f` and `y`.
    const session = openSession({ cwd: repo.root }, 'en');
    const abort = new AbortController();
    const troubleshoot = new TroubleshootController(createStepContext(session, { to: 'elixir', mode: 'dev', signal: abort.signal }), { intervalMs: 60_000, sleep: async () => {}, now: Date.now });
    await troubleshoot.watcher.refresh();
    troubleshoot.request('f');
    expect(troubleshoot.state.pending?.id).toBe('frontend-url');
    await troubleshoot.confirm(true);
    abort.abort();
    expect(frontendUrl(repo.root)).toBe('http://localhost:5173');

    for (let i = 0; i < 2; i += 1) {
      const again = await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
      expect(again.stdout, again.stderr).toContain('Already on elixir');
    }

    const list = await runBin(['rollback', '--list', '--cwd', repo.root]);
    const lines = list.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/switch bun → elixir \(dev\).*no file changed/);
    expect(lines[2]).toMatch(/^(\S+) {2}fix Set FRONTEND_URL=http:\/\/localhost:5173 in apps\/backend-ex\/\.env .*: apps\/backend-ex\/\.env$/);
    const fixRun = lines[2]!.split(' ')[0]!;

    const newest = await runBin(['rollback', '--cwd', repo.root]);
    expect(newest.exitCode).toBe(0);
    expect(newest.stdout).toContain('changed no file: nothing to undo, nothing was changed');
    expect(newest.stdout).toContain(`backend-switch rollback --run ${fixRun}`);
    expect(frontendUrl(repo.root)).toBe('http://localhost:5173'); // the fix stays

    const undone = await runBin(['rollback', '--run', fixRun, '--cwd', repo.root]);
    expect(undone.exitCode, undone.stderr).toBe(0);
    expect(undone.stdout).toMatch(/Rolled back fix Set FRONTEND_URL.*: apps\/backend-ex\/\.env \(restored\)/);
    expect(frontendUrl(repo.root)).toBe('http://localhost:4000');
  });

  it('orders runs started in the same second by time, not by their random suffix', () => {
    const second = Date.parse('2026-11-30T10:00:00.000Z');
    const ids = [900, 5, 450, 120].map((ms) => newRunId(new Date(second + ms)));
    expect([...ids].sort()).toEqual([ids[1], ids[3], ids[2], ids[0]]);
  });

  it('an unknown run id is exit 2 with the way to list them', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
    const result = await runBin(['rollback', '--run', '20200101-000000000-dead', '--cwd', repo.root]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('rollback --list');
  });
});
