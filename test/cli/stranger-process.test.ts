import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordStarted } from '../../source/io/started.js';
import { runBin } from '../helpers/bin.js';
import { switchableMonorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';
import { processOnPort, alive } from '../helpers/processes.js';
import { treeHash } from '../helpers/tree.js';

const database = freshDatabasePerTest();

/** Guide §6's `kill -9 <PID>` only for a process proven to be this monorepo's backend. */
describe('a process on the API port that is not proven to be this monorepo\'s backend', () => {
  for (const argv0 of ['bun', 'beam.smp']) {
    it(`named ${argv0}, from a folder outside the monorepo: status does not call it a backend, port fails, switch --yes exits 2 and it still runs`, async () => {
      const repo = await switchableMonorepo(database().url);
      const stranger = await processOnPort(argv0); // listens on 127.0.0.1
      const apiUrl = `http://127.0.0.1:${stranger.port}`;
      const status = JSON.parse((await runBin(['status', '--json', '--api-url', apiUrl, '--cwd', repo.root])).stdout);
      expect(status.decidedBy).not.toMatch(/folder|started|container/);
      const port = JSON.parse((await runBin(['doctor', '--only', 'port', '--json', '--api-url', apiUrl, '--backend', 'elixir', '--cwd', repo.root])).stdout);
      expect(port.checks[0]).toMatchObject({ id: 'port', status: 'fail' });
      expect(port.checks[0].detail).toContain(`pid ${stranger.pid} (${argv0}`);

      const before = treeHash(repo.root, ['.backend-switch']);
      const target = argv0 === 'bun' ? 'elixir' : 'bun';
      const result = await runBin(['switch', '--to', target, '--yes', '--api-url', apiUrl, '--cwd', repo.root]);
      expect(result.exitCode, result.stdout + result.stderr).toBe(2);
      expect(result.stderr).toContain(`Stop pid ${stranger.pid} anyway?`);
      expect(alive(stranger.pid)).toBe(true);
      expect(treeHash(repo.root, ['.backend-switch'])).toBe(before);
    });
  }

  it('a backend backend-switch started from another copy of the monorepo is not this one\'s', async () => {
    const mine = await switchableMonorepo(database().url);
    const other = await switchableMonorepo(database().url);
    const held = await processOnPort('node', join(other.root, 'apps/backend'));
    recordStarted(other.root, { pid: held.pid, backend: 'bun', runId: '20261130-000000000-abcd' });
    const port = JSON.parse((await runBin(['doctor', '--only', 'port', '--json', '--api-url', `http://127.0.0.1:${held.port}`, '--backend', 'bun', '--cwd', mine.root])).stdout);
    expect(port.checks[0].status).toBe('fail');
    const result = await runBin(['switch', '--to', 'elixir', '--yes', '--api-url', `http://127.0.0.1:${held.port}`, '--cwd', mine.root]);
    expect(result.exitCode).toBe(2);
    expect(alive(held.pid)).toBe(true);
  });
});
