import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { copyFixture } from '../helpers/fixture.js';
import { processOnPort } from '../helpers/processes.js';
import { closedPort } from '../helpers/servers.js';

describe('backend-switch status', () => {
  it('names the backend that holds the API port (it runs in that backend folder), with its pid', async () => {
    const root = copyFixture();
    const held = await processOnPort('beam.smp', join(root, 'apps/backend-ex'));
    const result = await runBin(['status', '--cwd', root, '--json', '--api-url', `http://127.0.0.1:${held.port}`]);
    expect(result.exitCode).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status).toMatchObject({ active: 'elixir', decidedBy: 'folder', api: { owner: { pid: held.pid, folder: join(root, 'apps/backend-ex') } } });
    expect(status.compose.services).toEqual({ bun: ['backend'], elixir: [] });
  });

  it('does not call a bun process from another folder this monorepo\'s backend', async () => {
    const held = await processOnPort('bun');
    const result = await runBin(['status', '--cwd', copyFixture(), '--json', '--api-url', `http://127.0.0.1:${held.port}`]);
    expect(JSON.parse(result.stdout)).toMatchObject({ active: 'bun', decidedBy: 'compose', api: { owner: { pid: held.pid } } });
  });

  it('falls back to the compose file when nothing holds the port', async () => {
    const result = await runBin(['status', '--cwd', copyFixture(), '--api-url', `http://127.0.0.1:${await closedPort()}`]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Active backend: bun (the compose file runs it)');
    expect(result.stdout).toContain('free');
  });

  it('falls back to the frontend when compose has no single backend', async () => {
    const root = copyFixture();
    const compose = join(root, 'docker-compose.yml');
    writeFileSync(compose, readFileSync(compose, 'utf8').replace('  backend:\n', '  backend:\n    profiles: ["legacy"]\n'));
    writeFileSync(join(root, 'apps/frontend/Dockerfile'), 'ARG VITE_API_URL=http://backend-ex:3000\n');
    const result = await runBin(['status', '--cwd', root, '--json', '--api-url', `http://127.0.0.1:${await closedPort()}`]);
    expect(JSON.parse(result.stdout)).toMatchObject({ active: 'elixir', decidedBy: 'frontend' });
  });

  it('speaks Spanish with --lang es', async () => {
    const result = await runBin(['status', '--cwd', copyFixture(), '--lang', 'es', '--api-url', `http://127.0.0.1:${await closedPort()}`]);
    expect(result.stdout).toContain('Backend activo: bun');
  });
});
