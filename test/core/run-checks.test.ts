import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../source/checks/index.js';
import { resultOf, type Check } from '../../source/core/check.js';
import { runChecks, summarize } from '../../source/core/run-checks.js';
import { contextFor } from '../helpers/context.js';
import { editEnv } from '../helpers/env-files.js';
import { copyFixture } from '../helpers/fixture.js';
import { stalledServer } from '../helpers/servers.js';

const TIMEOUT = 1000;

/** A fixture copy whose API, PostgreSQL and Redis are all servers that accept and never answer. */
async function stalledWorld(backend: 'bun' | 'elixir') {
  const [api, postgres, redis] = await Promise.all([stalledServer(), stalledServer(), stalledServer()]);
  const root = copyFixture();
  editEnv(root, 'apps/backend/.env', { DATABASE_URL: `postgres://postgres@127.0.0.1:${postgres.port}/ecredit`, REDIS_URL: `redis://127.0.0.1:${redis.port}` });
  editEnv(root, 'apps/backend-ex/.env', { DATABASE_URL: `ecto://postgres@127.0.0.1:${postgres.port}/ecredit` });
  return contextFor(root, { backend, apiUrl: api.url, timeoutMs: TIMEOUT });
}

describe('runChecks', () => {
  it('reports a check that throws as its own fail ("crashed") and still runs the others', async () => {
    const boom: Check = { id: 'env', run: async () => { throw new Error('boom'); } };
    const fine: Check = { id: 'layout', run: async () => ({ status: 'ok', detail: 'fine', data: { parts: {} } }) };
    const results = await runChecks([boom, fine], contextFor(copyFixture()));
    expect(results[0]).toMatchObject({ id: 'env', status: 'fail', detail: 'crashed: boom' });
    expect(results[0]!.fix).toBeTruthy();
    expect(resultOf(results, 'env')?.data).toEqual({ crashed: true });
    expect(results[1]).toMatchObject({ id: 'layout', status: 'ok' });
  });

  it.each([
    ['db', 'bun'],
    ['redis', 'bun'],
    ['migrations', 'elixir'],
    ['jobs', 'elixir'],
    ['health', 'elixir'],
    ['cors', 'elixir'],
    ['ws', 'bun'],
    ['ws', 'elixir'],
  ] as const)('fails %s (%s) against a server that never answers, saying it timed out, within the timeout plus 10 percent', async (id, backend) => {
    const ctx = await stalledWorld(backend);
    const [result] = await runChecks(ALL_CHECKS.filter((c) => c.id === id), ctx);
    expect(result!.status).toBe('fail');
    expect(result!.detail).toMatch(/timed out|did not answer in time/);
    expect(result!.durationMs).toBeLessThanOrEqual(TIMEOUT * 1.1);
  });

  it('runs every check concurrently: with every probe stalled, the whole run takes one timeout, not their sum', async () => {
    const ctx = await stalledWorld('bun');
    const started = performance.now();
    const results = await runChecks(ALL_CHECKS, ctx);
    const elapsed = performance.now() - started;
    expect(results.map((r) => r.id)).toEqual(ALL_CHECKS.map((c) => c.id));
    expect(summarize(results).fail).toBeGreaterThanOrEqual(5);
    expect(elapsed).toBeLessThan(TIMEOUT * 1.5);
  });

  it('returns results in the checks order and calls onResult as each settles', async () => {
    const slow: Check = { id: 'db', run: () => new Promise((r) => setTimeout(() => r({ status: 'ok', detail: 'slow' }), 50)) };
    const quick: Check = { id: 'env', run: async () => ({ status: 'ok', detail: 'quick', data: { source: '.env' } }) };
    const settled: string[] = [];
    const results = await runChecks([slow, quick], contextFor(copyFixture()), { onResult: (r) => settled.push(r.id) });
    expect(results.map((r) => r.id)).toEqual(['db', 'env']);
    expect(settled).toEqual(['env', 'db']);
  });
});
