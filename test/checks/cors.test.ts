import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { cors } from '../../source/checks/cors.js';
import { runChecks } from '../../source/core/run-checks.js';
import { contextFor, neverAborted, serverIsBackend } from '../helpers/context.js';
import { copyFixture } from '../helpers/fixture.js';
import { closedPort, httpServer } from '../helpers/servers.js';

const ORIGIN = 'http://localhost:5173';

interface Policy {
  allowOrigin?: string | null;
  allowCredentials?: string | null;
  allowHeaders?: string | null;
  preflightStatus?: number;
  actualAllowOrigin?: string | null;
  redirect?: boolean;
  /** Answer the preflight (or the request itself) only after this long. */
  slowPreflightMs?: number;
  slowActualMs?: number;
}

/** An API whose CORS answers follow `policy`; by default what a correct backend sends. */
async function apiWith(policy: Policy = {}) {
  const allowOrigin = policy.allowOrigin === undefined ? ORIGIN : policy.allowOrigin;
  const headers = (origin: string | null | undefined) => ({
    ...(origin ? { 'access-control-allow-origin': origin } : {}),
    ...(policy.allowCredentials !== null ? { 'access-control-allow-credentials': policy.allowCredentials ?? 'true' } : {}),
    vary: 'Origin',
  });
  const server = await httpServer(async (req: IncomingMessage, res: ServerResponse) => {
    const slow = req.method === 'OPTIONS' ? policy.slowPreflightMs : policy.slowActualMs;
    if (slow) await new Promise((resolve) => setTimeout(resolve, slow));
    if (req.method === 'OPTIONS') {
      if (policy.redirect) return res.writeHead(301, { location: '/api/auth/login/' }).end();
      const allowHeaders = policy.allowHeaders === undefined ? 'authorization, content-type' : policy.allowHeaders;
      return res
        .writeHead(policy.preflightStatus ?? 204, {
          ...headers(allowOrigin),
          ...(allowHeaders !== null ? { 'access-control-allow-headers': allowHeaders } : {}),
          'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE',
        })
        .end();
    }
    const actual = policy.actualAllowOrigin === undefined ? allowOrigin : policy.actualAllowOrigin;
    res.writeHead(401, { ...headers(actual), 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
  });
  const root = copyFixture();
  serverIsBackend(root, 'elixir');
  return contextFor(root, { apiUrl: server.url, backend: 'elixir', frontendOrigin: ORIGIN });
}

describe('cors check', () => {
  it('is ok when the preflight and the response allow the exact origin with credentials', async () => {
    const verdict = await cors.run(await apiWith(), neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.data).toMatchObject({ preflight: { sent: { 'Access-Control-Request-Headers': 'authorization,content-type' } } });
  });

  it('fails `*` with credentials, and asks for the exact origin', async () => {
    const verdict = await cors.run(await apiWith({ allowOrigin: '*' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.data?.failure).toMatchObject({ rule: 'allow-origin-wildcard', stage: 'preflight' });
    expect(verdict.fix).toContain('FRONTEND_URL=http://localhost:5173 in apps/backend-ex/.env');
  });

  it('fails another origin, naming what the server allowed', async () => {
    const verdict = await cors.run(await apiWith({ allowOrigin: 'http://127.0.0.1:5173' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.data?.failure).toMatchObject({ rule: 'allow-origin-mismatch', received: 'http://127.0.0.1:5173' });
    expect(verdict.detail).toContain('exact');
  });

  it('fails an origin with a trailing slash (the match is exact)', async () => {
    const verdict = await cors.run(await apiWith({ allowOrigin: `${ORIGIN}/` }), neverAborted());
    expect(verdict.data?.failure).toMatchObject({ rule: 'allow-origin-mismatch' });
  });

  it('fails without Access-Control-Allow-Credentials', async () => {
    const verdict = await cors.run(await apiWith({ allowCredentials: null }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.data?.failure).toMatchObject({ rule: 'allow-credentials', received: null });
  });

  it('fails Access-Control-Allow-Credentials that is not exactly "true"', async () => {
    const verdict = await cors.run(await apiWith({ allowCredentials: 'TRUE' }), neverAborted());
    expect(verdict.data?.failure).toMatchObject({ rule: 'allow-credentials', received: 'TRUE' });
  });

  it('fails when authorization is not among the allowed headers', async () => {
    const verdict = await cors.run(await apiWith({ allowHeaders: 'content-type' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.data?.failure).toMatchObject({ rule: 'allow-headers', missing: ['authorization'] });
    expect(verdict.fix).toContain('authorization');
  });

  it('fails `*` as allowed headers: with credentials it is literal and never covers authorization', async () => {
    const verdict = await cors.run(await apiWith({ allowHeaders: '*' }), neverAborted());
    expect(verdict.data?.failure).toMatchObject({ rule: 'allow-headers', missing: ['authorization', 'content-type'] });
  });

  it.each([404, 500])('fails a preflight answered %i', async (status) => {
    const verdict = await cors.run(await apiWith({ preflightStatus: status }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.data?.failure).toMatchObject({ rule: 'preflight-status', received: String(status) });
    expect(verdict.fix).toContain('OPTIONS');
  });

  it('fails a redirected preflight', async () => {
    const verdict = await cors.run(await apiWith({ redirect: true }), neverAborted());
    expect(verdict.data?.failure).toMatchObject({ rule: 'preflight-redirect', received: '301' });
  });

  it('fails when only the actual response lacks the origin', async () => {
    const verdict = await cors.run(await apiWith({ actualAllowOrigin: null }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.data?.failure).toMatchObject({ stage: 'actual', rule: 'allow-origin-missing' });
  });

  describe('given a backend slower than --timeout', () => {
    it('a preflight answered after the timeout is named as slow, not as never answered, with a longer --timeout to try', async () => {
      const ctx = { ...(await apiWith({ slowPreflightMs: 1500 })), timeoutMs: 600 };
      const [result] = await runChecks([cors], ctx);
      expect(result!.status).toBe('fail');
      expect(result!.detail).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/auth\/login did not answer in time: no answer to the OPTIONS request came within 400 ms \(the probe's limit under --timeout 600\); a browser waits far longer/);
      expect(result!.detail).not.toContain('never answered');
      expect(result!.fix).toContain('backend-switch doctor --only cors --timeout 10000');
    });

    it('the same backend passes once --timeout leaves it time to answer', async () => {
      const ctx = { ...(await apiWith({ slowPreflightMs: 300 })), timeoutMs: 2000 };
      expect((await runChecks([cors], ctx))[0]!.status).toBe('ok');
    });

    it('names the request itself when it is the slow one', async () => {
      const ctx = { ...(await apiWith({ slowActualMs: 1500 })), timeoutMs: 600 };
      expect((await runChecks([cors], ctx))[0]!.detail).toMatch(/no answer to the POST request came within/);
    });
  });

  it('skips when the API is not running (the health check says so)', async () => {
    const ctx = contextFor(copyFixture(), { apiUrl: `http://127.0.0.1:${await closedPort()}` });
    expect((await cors.run(ctx, neverAborted())).status).toBe('skip');
  });
});
