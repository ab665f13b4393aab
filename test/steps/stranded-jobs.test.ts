import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { runningBackend, switchableMonorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';
import { createObanTables } from '../helpers/schemas.js';
import { treeHash } from '../helpers/tree.js';

const database = freshDatabasePerTest();

/** Guide §2: the old backend's unfinished jobs are stranded by the switch — counted and asked about before any change. */
describe('stranded jobs of the old queue', () => {
  it('are counted by state in the plan, need a confirmation (exit 2 without --yes, nothing changed), and are in the report', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'elixir');
    await createObanTables(database());
    await database().query("INSERT INTO oban_jobs (worker, state) VALUES ('Ecredit.Score', 'available'), ('Ecredit.Score', 'available'), ('Ecredit.Notify', 'retryable'), ('Ecredit.Old', 'completed')");

    const plan = await runBin(['plan', '--to', 'bun', '--cwd', repo.root]);
    expect(plan.stdout).toMatch(/3 unfinished Oban jobs in oban_jobs \((available: 2, retryable: 1|retryable: 1, available: 2)\): the bun backend will not run them/);

    const before = treeHash(repo.root, ['.backend-switch']);
    const unconfirmed = await runBin(['switch', '--to', 'bun', '--cwd', repo.root]);
    expect(unconfirmed.exitCode).toBe(2);
    expect(treeHash(repo.root, ['.backend-switch'])).toBe(before);

    const confirmed = await runBin(['switch', '--to', 'bun', '--yes', '--cwd', repo.root]);
    expect(confirmed.exitCode, confirmed.stdout).toBe(0);
    const report = JSON.parse((await runBin(['report', '--format', 'json', '--cwd', repo.root])).stdout);
    expect(report.steps[0].detail + JSON.stringify(report.checks)).toMatch(/unfinished Oban jobs/);
  });
});
