import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { runningBackend, switchableMonorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';

const database = freshDatabasePerTest();

describe('output in a pipe, with TERM=dumb or --no-color', () => {
  it('holds no escape sequence at all: no colour, no cursor movement', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    for (const [env, flags] of [[{ TERM: 'dumb' }, []], [{ FORCE_COLOR: '1' }, ['--no-color']]] as const) {
      for (const args of [['doctor'], ['status'], ['plan', '--to', 'elixir'], ['switch', '--to', 'elixir', '--yes'], ['rollback', '--list']]) {
        const result = await runBin([...args, ...flags, '--cwd', repo.root], { env });
        expect(result.stdout + result.stderr, `${args.join(' ')} ${JSON.stringify(env)}`).not.toContain('\u001b');
      }
    }
  });
});
