import { describe, expect, it } from 'vitest';
import { redis } from '../../source/checks/redis.js';
import { contextFor, neverAborted } from '../helpers/context.js';
import { editEnv } from '../helpers/env-files.js';
import { copyFixture } from '../helpers/fixture.js';
import { closedPort, stalledServer } from '../helpers/servers.js';

const REDIS_URL = process.env.TEST_REDIS_URL;

function withRedisUrl(url: string | undefined) {
  const root = copyFixture();
  editEnv(root, 'apps/backend/.env', { REDIS_URL: url });
  return contextFor(root, { backend: 'bun' });
}

describe('redis check', () => {
  // Needs a real Redis server; TEST_REDIS_URL is set by .ci/run. There is no embedded Redis.
  it.skipIf(!REDIS_URL)('is ok when PING answers PONG', async () => {
    const verdict = await redis.run(withRedisUrl(REDIS_URL), neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.detail).toContain('PONG');
  });

  it.skipIf(!REDIS_URL)('fails "auth" when the server refuses the password, and hides it', async () => {
    // A password-less Redis accepts any plain AUTH password; an unknown ACL user it refuses.
    const url = new URL(REDIS_URL!);
    url.username = 'no-such-user';
    url.password = 'not-the-password';
    const verdict = await redis.run(withRedisUrl(url.toString()), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.data?.failure).toBe('auth');
    expect(JSON.stringify(verdict)).not.toContain('not-the-password');
  });

  it('fails "refused" when Redis is down, with the command that starts it', async () => {
    const verdict = await redis.run(withRedisUrl(`redis://127.0.0.1:${await closedPort()}`), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.data?.failure).toBe('refused');
    expect(verdict.fix).toContain('docker compose --env-file .env.docker up -d redis');
  });

  it('fails "unknown host" for the compose service name outside Docker', async () => {
    const verdict = await redis.run(withRedisUrl('redis://redis.invalid:6379'), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.data?.failure).toBe('unknown-host');
    expect(verdict.fix).toContain('redis://localhost:6379');
  });

  it('fails "timeout" against a server that never answers', async () => {
    const stalled = await stalledServer();
    const ctx = { ...withRedisUrl(`redis://127.0.0.1:${stalled.port}`), timeoutMs: 300 };
    const verdict = await redis.run(ctx, neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.data?.failure).toBe('timeout');
  });

  it('fails when REDIS_URL is missing', async () => {
    const verdict = await redis.run(withRedisUrl(undefined), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.fix).toContain('REDIS_URL=redis://localhost:6379');
  });

  it('skips for Elixir, which needs no Redis', async () => {
    const verdict = await redis.run(contextFor(copyFixture(), { backend: 'elixir' }), neverAborted());
    expect(verdict.status).toBe('skip');
  });
});
