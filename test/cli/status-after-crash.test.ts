import { describe, expect, it } from 'vitest';
import { findPortOwners } from '../../source/probes/port-owner.js';
import { runBin } from '../helpers/bin.js';
import { runningBackend, switchableMonorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';

const database = freshDatabasePerTest();

describe('status after the backend crashed', () => {
  it('names the backend the last completed switch left, and says it is not running', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    expect((await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root])).exitCode).toBe(0);
    for (const owner of await findPortOwners([repo.port])) if (owner.pid) process.kill(owner.pid, 'SIGKILL'); // the crash
    for (let i = 0; i < 100 && (await findPortOwners([repo.port]))[0]!.listening; i += 1) await new Promise((resolve) => setImmediate(resolve));
    const text = await runBin(['status', '--cwd', repo.root]);
    expect(text.stdout).toContain('Active backend: elixir (the last switch left it; nothing holds the API port, so it is not running)');
    const json = JSON.parse((await runBin(['status', '--json', '--cwd', repo.root])).stdout);
    expect(json).toMatchObject({ active: 'elixir', decidedBy: 'report', api: { owner: null } });
  });
});
