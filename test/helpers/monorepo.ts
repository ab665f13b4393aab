import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { findPortOwners } from '../../source/probes/port-owner.js';
import { editEnv } from './env-files.js';
import { copyFixture, NOWHERE_PORT } from './fixture.js';
import { closedPort, testRedisUrl } from './servers.js';
import { dockerEngineStandIn } from './docker-engine.js';

export const STANDIN = new URL('../../dist/standins/backend-main.js', import.meta.url).pathname;
const standin = (backend: string, action: string) => `${process.execPath} ${STANDIN} ${backend} ${action}`;

const ports: number[] = [];
afterEach(async () => {
  // Whatever the switch started in the background (detached) must not outlive the test.
  for (const port of ports.splice(0)) {
    const [owner] = await findPortOwners([port]);
    if (owner?.pid) {
      try {
        process.kill(owner.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
});

export interface Monorepo {
  root: string;
  port: number;
  apiUrl: string;
}

export const COMPOSE_STANDIN = new URL('../../dist/standins/compose-main.js', import.meta.url).pathname;

/**
 * A fixture copy whose step commands run the stand-in backends (Bun and Phoenix cannot be
 * installed here), on `databaseUrl`, a Redis that answers (TEST_REDIS_URL's, else a stand-in)
 * and a free API port.
 */
export async function switchableMonorepo(databaseUrl: string, overrides: { migrate?: Partial<Record<'bun' | 'elixir', string>> } = {}): Promise<Monorepo> {
  const root = copyFixture();
  const port = await closedPort();
  ports.push(port);
  const apiUrl = `http://localhost:${port}`;
  const cmd = (backend: 'bun' | 'elixir', action: string) => JSON.stringify(action === 'migrate' && overrides.migrate?.[backend] ? overrides.migrate[backend] : standin(backend, action));
  writeFileSync(
    join(root, 'backend-switch.yaml'),
    [
      `ports: { api: ${port} }`,
      `urls: { api: "${apiUrl}" }`,
      `compose: { command: "${process.execPath} ${COMPOSE_STANDIN}" }`,
      'backends:',
      '  bun:',
      `    commands: { deps: ${cmd('bun', 'deps')}, migrate: ${cmd('bun', 'migrate')}, start: ${cmd('bun', 'serve')}, test: ${cmd('bun', 'test')} }`,
      '  elixir:',
      `    commands: { deps: ${cmd('elixir', 'deps')}, create: ${cmd('elixir', 'create')}, migrate: ${cmd('elixir', 'migrate')}, seed: ${cmd('elixir', 'seed')}, start: ${cmd('elixir', 'serve')}, test: ${cmd('elixir', 'test')} }`,
      '',
    ].join('\n'),
  );
  editEnv(root, 'apps/backend/.env', { DATABASE_URL: databaseUrl, REDIS_URL: await testRedisUrl(), PORT: String(port) });
  editEnv(root, 'apps/backend-ex/.env', { DATABASE_URL: databaseUrl.replace(/^postgres:/, 'ecto:'), PORT: String(port) });
  return { root, port, apiUrl };
}

/** Runs the stand-in `backend` as the one currently in use: migrated and serving the API port. */
export async function runningBackend(repo: Monorepo, backend: 'bun' | 'elixir'): Promise<number> {
  const cwd = join(repo.root, backend === 'bun' ? 'apps/backend' : 'apps/backend-ex');
  const migrate = spawn(process.execPath, [STANDIN, backend, 'migrate'], { cwd, stdio: 'ignore' });
  await once(migrate, 'exit');
  const child = spawn(process.execPath, [STANDIN, backend, 'serve'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.unref();
  // Its first line says it listens; a backend that dies first (the port taken) fails the test at once.
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  const listening = await new Promise<boolean>((resolve) => {
    child.stdout!.once('data', () => resolve(true));
    child.once('exit', () => resolve(false));
  });
  if (!listening) throw new Error(`the ${backend} stand-in exited before listening on ${repo.port}: ${stderr.trim()}`);
  return child.pid!;
}

export interface DockerMonorepo extends Monorepo {
  /** The environment a Docker-mode run needs: the Engine API stand-in's socket. */
  env: Record<string, string>;
}

/**
 * A switchable copy for Docker mode (the `docker compose` stand-in, an Engine API stand-in):
 * the compose `db` service publishes the test database's own port and names the test
 * database, so nothing reads or writes the machine's own `ecredit` database.
 */
export async function dockerMonorepo(databaseUrl: string): Promise<DockerMonorepo> {
  const repo = await switchableMonorepo(databaseUrl);
  const url = new URL(databaseUrl);
  const compose = join(repo.root, 'docker-compose.yml');
  const text = readFileSync(compose, 'utf8')
    .replace(`"${NOWHERE_PORT}:5432"`, `"${url.port || 5432}:5432"`)
    .replace('@db:5432/ecredit', `@db:5432${url.pathname}`)
    .replace('POSTGRES_USER: postgres', `POSTGRES_USER: ${decodeURIComponent(url.username) || 'postgres'}`)
    .replace('postgres://postgres:', `postgres://${decodeURIComponent(url.username) || 'postgres'}:`);
  writeFileSync(compose, text);
  const { socketPath } = await dockerEngineStandIn([]);
  return { ...repo, env: { DOCKER_HOST: `unix://${socketPath}` } };
}
