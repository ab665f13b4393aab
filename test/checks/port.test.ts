import { describe, expect, it } from 'vitest';
import { port, redactCommand } from '../../source/checks/port.js';
import { contextFor, neverAborted } from '../helpers/context.js';
import { copyFixture } from '../helpers/fixture.js';
import { processOnPort } from '../helpers/processes.js';
import { closedPort } from '../helpers/servers.js';

describe('port check', () => {
  it('is ok when the target backend holds the API port, naming its pid', async () => {
    const held = await processOnPort('bun');
    const ctx = contextFor(copyFixture(), { backend: 'bun', apiUrl: `http://localhost:${held.port}` });
    const verdict = await port.run(ctx, neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.detail).toContain(`pid ${held.pid}`);
    expect(verdict.data?.ports).toMatchObject({ api: { pid: held.pid, kind: 'bun' } });
  });

  it('fails when the other backend holds it, with the kill command for its pid', async () => {
    const held = await processOnPort('beam.smp');
    const ctx = contextFor(copyFixture(), { backend: 'bun', apiUrl: `http://localhost:${held.port}` });
    const verdict = await port.run(ctx, neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('elixir backend');
    expect(verdict.fix).toContain(`kill ${held.pid}`);
  });

  it('warns when a stranger holds it, naming the process by pid', async () => {
    const held = await processOnPort('python3');
    const ctx = contextFor(copyFixture(), { backend: 'elixir', apiUrl: `http://127.0.0.1:${held.port}` });
    const verdict = await port.run(ctx, neverAborted());
    expect(verdict.status).toBe('warn');
    expect(verdict.detail).toContain(`pid ${held.pid} (python3`);
    expect(verdict.fix).toContain(`kill ${held.pid}`);
  });

  it('is ok in Docker mode when docker-proxy publishes the port, and warns in development', async () => {
    const held = await processOnPort('docker-proxy');
    const root = copyFixture();
    const docker = await port.run(contextFor(root, { backend: 'elixir', mode: 'docker', apiUrl: `http://localhost:${held.port}` }), neverAborted());
    expect(docker.status).toBe('ok');
    expect(docker.detail).toContain('published by Docker');
    const dev = await port.run(contextFor(root, { backend: 'elixir', mode: 'dev', apiUrl: `http://localhost:${held.port}` }), neverAborted());
    expect(dev.status).toBe('warn');
    expect(dev.fix).toContain('docker compose --env-file .env.docker stop backend');
  });

  it('warns when the API port is free and says how to start the target', async () => {
    const free = await closedPort();
    const ctx = contextFor(copyFixture(), { backend: 'elixir', apiUrl: `http://localhost:${free}` });
    const verdict = await port.run(ctx, neverAborted());
    expect(verdict.status).toBe('warn');
    expect(verdict.fix).toContain('cd apps/backend-ex && mix phx.server');
  });

  it('skips the API port when the API is on another machine', async () => {
    const ctx = contextFor(copyFixture(), { apiUrl: 'https://api.example.test' });
    expect((await port.run(ctx, neverAborted())).status).toBe('skip');
  });

  it('never shows credentials from a command line', () => {
    expect(redactCommand('node app.js postgres://u:hunter2@db/x --password=hunter2')).not.toContain('hunter2');
  });
});
