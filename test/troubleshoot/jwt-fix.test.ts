import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { openSession } from '../../source/commands/session.js';
import { createStepContext } from '../../source/steps/context.js';
import { TroubleshootController } from '../../source/troubleshoot/controller.js';
import { editEnv } from '../helpers/env-files.js';
import { dockerMonorepo, runningBackend } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';

const database = freshDatabasePerTest();

function verifies(token: string, secret: string): boolean {
  const [header, payload, signature] = token.split('.');
  return createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url') === signature;
}

describe('the JWT fix keeps the tokens people hold valid (guide §6)', () => {
  it('keeps the secret the running backend signs with, even when it is the odd one out, and says why', async () => {
    const repo = await dockerMonorepo(database().url); // it has .env.docker too: three places
    editEnv(repo.root, 'apps/backend/.env', { JWT_SECRET: 'the-odd-one-the-running-bun-signs-with' });
    await runningBackend(repo, 'bun');
    const login = await fetch(`${repo.apiUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'demo@ecredit.test', password: 'demo1234' }) });
    const { token } = (await login.json()) as { token: string };

    // Judged for the switch to Elixir, whose .env agrees with .env.docker: the majority is not what counts.
    const session = openSession({ cwd: repo.root, 'api-url': repo.apiUrl }, 'en');
    const abort = new AbortController();
    const troubleshoot = new TroubleshootController(createStepContext(session, { to: 'elixir', mode: 'dev', signal: abort.signal }), { intervalMs: 60_000, sleep: async () => {}, now: Date.now });
    await troubleshoot.watcher.refresh();
    troubleshoot.request('j');
    const fix = troubleshoot.state.pending!;
    expect(fix.title).toContain('apps/backend/.env');
    expect(fix.title).toContain('the running bun backend signs the tokens people hold with it');
    expect(fix.changes.map((c) => c.path.replace(`${repo.root}/`, ''))).toEqual(['apps/backend-ex/.env', '.env.docker']);
    await troubleshoot.confirm(true);
    abort.abort();

    for (const file of ['apps/backend/.env', 'apps/backend-ex/.env', '.env.docker']) {
      const secret = parse(readFileSync(join(repo.root, file))).JWT_SECRET!;
      expect(verifies(token, secret), file).toBe(true);
    }
    expect(troubleshoot.state.watch.jwt.result?.status).toBe('ok');
  });
});
