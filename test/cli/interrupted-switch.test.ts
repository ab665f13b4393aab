import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRollback, listRuns, planRollback } from '../../source/io/rollback.js';
import { BIN, runBin } from '../helpers/bin.js';
import { dockerMonorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';

const database = freshDatabasePerTest();

const FILES = ['docker-compose.yml', '.env.docker', 'apps/frontend/Dockerfile'];
const ROUNDS = 16;

describe('a switch interrupted at random moments', () => {
  it(`leaves every file wholly old or wholly new, and rollback still restores them (${ROUNDS} rounds, SIGINT and SIGKILL)`, async () => {
    // The new contents, from one run that was not interrupted.
    const reference = await dockerMonorepo(database().url);
    const done = await runBin(['switch', '--to', 'elixir', '--mode', 'docker', '--yes', '--cwd', reference.root], { env: reference.env });
    expect(done.exitCode, done.stdout + done.stderr).toBe(0);
    const after = Object.fromEntries(FILES.map((f) => [f, readFileSync(join(reference.root, f), 'utf8')]));

    const seen: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const repo = await dockerMonorepo(database().url);
      const before = Object.fromEntries(FILES.map((f) => [f, readFileSync(join(repo.root, f), 'utf8')]));
      const signal = round % 2 === 0 ? 'SIGINT' : 'SIGKILL';
      // Spread the kills over start-up, the backup and the file writes (about 0.2-0.8 s in).
      const delay = 150 + Math.floor(Math.random() * 650);
      const child = spawn(process.execPath, [BIN, 'switch', '--to', 'elixir', '--mode', 'docker', '--yes', '--cwd', repo.root], { stdio: 'ignore', env: { ...process.env, ...repo.env } });
      const timer = setTimeout(() => child.kill(signal), delay);
      const [code, killedBy] = (await once(child, 'exit')) as [number | null, string | null];
      clearTimeout(timer);
      const label = `round ${round}: ${signal} after ${delay} ms (exit ${code ?? killedBy})`;

      const states = FILES.map((file) => {
        const now = readFileSync(join(repo.root, file), 'utf8');
        if (now === before[file]) return 'old';
        if (file === '.env.docker' ? /^SECRET_KEY_BASE=[A-Za-z0-9+/]{64}$/m.test(now) && now.startsWith(before[file]!) : now === after[file]) return 'new';
        return 'torn';
      });
      expect(states, label).not.toContain('torn');
      seen.push(`${label}: ${states.join(',')}`);

      // What `rollback --yes` does, in-process (the command itself: rollback-cli and switch-cli):
      // the newest run's journal names every file it may have touched, before touching it.
      const [newest] = listRuns(repo.root);
      if (newest && newest.files.length > 0) applyRollback(repo.root, planRollback(repo.root, newest.runId)!);
      else expect(states, `${label}: a file changed that no journal names`).toEqual(FILES.map(() => 'old'));
      for (const file of FILES) expect(readFileSync(join(repo.root, file), 'utf8'), `${label}: ${file}`).toBe(before[file]);
    }
    expect(seen).toHaveLength(ROUNDS);
  }, 120_000);
});
