import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { port, redactCommand } from '../../source/checks/port.js';
import { recordStarted } from '../../source/io/started.js';
import { contextFor, neverAborted } from '../helpers/context.js';
import { copyFixture } from '../helpers/fixture.js';
import { processOnPort } from '../helpers/processes.js';
import { closedPort } from '../helpers/servers.js';

describe('port check', () => {
  it('is ok when the target backend holds the API port (it runs in the backend folder), naming its pid and folder', async () => {
    const root = copyFixture();
    const held = await processOnPort('bun', join(root, 'apps/backend'));
    const ctx = contextFor(root, { backend: 'bun', apiUrl: `http://localhost:${held.port}` });
    const verdict = await port.run(ctx, neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.detail).toContain(`pid ${held.pid}`);
    expect(verdict.detail).toContain('in apps/backend');
    expect(verdict.data?.ports).toMatchObject({ api: { pid: held.pid, cwd: join(root, 'apps/backend') } });
  });

  it('fails when the other backend holds it, with the kill command for its pid', async () => {
    const root = copyFixture();
    const held = await processOnPort('beam.smp', join(root, 'apps/backend-ex'));
    const ctx = contextFor(root, { backend: 'bun', apiUrl: `http://localhost:${held.port}` });
    const verdict = await port.run(ctx, neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('elixir backend');
    expect(verdict.fix).toContain(`kill ${held.pid}`);
  });

  it('knows the process backend-switch started (same pid and start time), wherever it runs', async () => {
    const root = copyFixture();
    const held = await processOnPort('node');
    recordStarted(root, { pid: held.pid, backend: 'elixir', runId: '20261130-000000-abcd' });
    const verdict = await port.run(contextFor(root, { backend: 'elixir', apiUrl: `http://127.0.0.1:${held.port}` }), neverAborted());
    expect(verdict.status).toBe('ok');
  });

  for (const argv0 of ['bun', 'beam.smp', 'python3']) {
    it(`fails when a ${argv0} process outside the monorepo holds it: its name proves nothing, and the target cannot start there`, async () => {
      const held = await processOnPort(argv0);
      const ctx = contextFor(copyFixture(), { backend: 'elixir', apiUrl: `http://127.0.0.1:${held.port}` });
      const verdict = await port.run(ctx, neverAborted());
      expect(verdict.status).toBe('fail');
      expect(verdict.detail).toContain(`pid ${held.pid} (${argv0}`);
      expect(verdict.detail).toContain('not shown to be a backend of this monorepo');
      expect(verdict.fix).toContain(`kill ${held.pid}`);
    });
  }

  it('does not take a backend of another copy of the monorepo for this one', async () => {
    const other = copyFixture();
    const held = await processOnPort('bun', join(other, 'apps/backend'));
    const verdict = await port.run(contextFor(copyFixture(), { backend: 'bun', apiUrl: `http://127.0.0.1:${held.port}` }), neverAborted());
    expect(verdict.status).toBe('fail');
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

  it('warns when the API port is free and says how to start the target, with its .env exported for mix', async () => {
    const free = await closedPort();
    const ctx = contextFor(copyFixture(), { backend: 'elixir', apiUrl: `http://localhost:${free}` });
    const verdict = await port.run(ctx, neverAborted());
    expect(verdict.status).toBe('warn');
    expect(verdict.fix).toContain('cd apps/backend-ex && set -a && . ./.env && set +a && mix phx.server');
  });

  it('skips the API port when the API is on another machine', async () => {
    const ctx = contextFor(copyFixture(), { apiUrl: 'https://api.example.test' });
    expect((await port.run(ctx, neverAborted())).status).toBe('skip');
  });

  it('never shows credentials from a command line', () => {
    expect(redactCommand('node app.js postgres://u:hunter2@db/x --password=hunter2')).not.toContain('hunter2');
  });
});
