import { describe, expect, it } from 'vitest';
import { health } from '../../source/checks/health.js';
import { contextFor, neverAborted, serverIsBackend } from '../helpers/context.js';
import { copyFixture } from '../helpers/fixture.js';
import { closedPort, httpServer } from '../helpers/servers.js';

describe('health check', () => {
  it('is ok when GET /health answers 2xx', async () => {
    const api = await httpServer((req, res) => res.writeHead(req.url === '/health' ? 200 : 404).end('ok'));
    const verdict = await health.run(contextFor(copyFixture(), { apiUrl: api.url }), neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.detail).toContain('/health answered 200');
  });

  it('fails on a 5xx and points at the backend log', async () => {
    const api = await httpServer((_req, res) => res.writeHead(503).end());
    const root = copyFixture();
    serverIsBackend(root, 'elixir');
    const verdict = await health.run(contextFor(root, { apiUrl: api.url, backend: 'elixir' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('503');
    expect(verdict.fix).toContain('elixir backend log');
  });

  it('on a 5xx from a process that is not the backend, says to stop it, not to read the backend log', async () => {
    const api = await httpServer((_req, res) => res.writeHead(503).end());
    const verdict = await health.run(contextFor(copyFixture(), { apiUrl: api.url, backend: 'elixir' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.fix).toMatch(/is not the elixir backend: stop it/);
  });

  it('fails when nothing listens, with the start command', async () => {
    const verdict = await health.run(contextFor(copyFixture(), { apiUrl: `http://127.0.0.1:${await closedPort()}` }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.fix).toContain('cd apps/backend && bun run dev');
  });
});
