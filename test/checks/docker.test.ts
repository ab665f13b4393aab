import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docker } from '../../source/checks/docker.js';
import { contextFor, neverAborted } from '../helpers/context.js';
import { dockerEngineStandIn } from '../helpers/docker-engine.js';
import { copyFixture } from '../helpers/fixture.js';

function project(root: string): string {
  return basename(root).toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

describe('docker check', () => {
  it('is ok when the engine answers and db and redis run (Bun, Docker mode)', async () => {
    const root = copyFixture();
    const engine = await dockerEngineStandIn([
      { id: 'a1', service: 'db', project: project(root), state: 'running' },
      { id: 'b2', service: 'redis', project: project(root), state: 'running' },
      { id: 'c3', service: 'db', project: 'another-project', state: 'exited' },
    ]);
    const verdict = await docker.run(contextFor(root, { backend: 'bun', mode: 'docker', dockerSocket: engine.socketPath }), neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.detail).toContain('db (running), redis (running)');
    expect(engine.requests.some((r) => r.startsWith('GET /_ping'))).toBe(true);
  });

  it('fails in Docker mode when redis is not running for Bun, with the up command', async () => {
    const root = copyFixture();
    const engine = await dockerEngineStandIn([
      { id: 'a1', service: 'db', project: project(root), state: 'running' },
      { id: 'b2', service: 'redis', project: project(root), state: 'exited' },
    ]);
    const verdict = await docker.run(contextFor(root, { backend: 'bun', mode: 'docker', dockerSocket: engine.socketPath }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('redis not running');
    expect(verdict.fix).toContain('docker compose --env-file .env.docker up -d db redis');
  });

  it('fails in Docker mode when the backend\'s container exited with db (the Bun app exits when PostgreSQL goes): the up command starts it too', async () => {
    const root = copyFixture();
    const engine = await dockerEngineStandIn([
      { id: 'a1', service: 'db', project: project(root), state: 'exited' },
      { id: 'b2', service: 'redis', project: project(root), state: 'running' },
      { id: 'c3', service: 'backend', project: project(root), state: 'exited' },
    ]);
    const verdict = await docker.run(contextFor(root, { backend: 'bun', mode: 'docker', dockerSocket: engine.socketPath }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('db, backend not running');
    expect(verdict.fix).toContain('docker compose --env-file .env.docker up -d db redis backend');
  });

  it('is ok for Elixir with db alone (it needs no Redis)', async () => {
    const root = copyFixture();
    const engine = await dockerEngineStandIn([{ id: 'a1', service: 'db', project: project(root), state: 'running' }]);
    const verdict = await docker.run(contextFor(root, { backend: 'elixir', mode: 'docker', dockerSocket: engine.socketPath }), neverAborted());
    expect(verdict.status).toBe('ok');
  });

  it('fails in Docker mode with no engine, with how to start one, and never crashes', async () => {
    const verdict = await docker.run(contextFor(copyFixture(), { mode: 'docker', dockerSocket: '/nonexistent/docker.sock' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.fix).toContain('Start Docker');
  });

  it('skips in development when there is no engine', async () => {
    const verdict = await docker.run(contextFor(copyFixture(), { mode: 'dev', dockerSocket: '/nonexistent/docker.sock' }), neverAborted());
    expect(verdict.status).toBe('skip');
  });
});
