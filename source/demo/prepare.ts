import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { setEnvValue } from '../edits/env-file.js';
import { findPortOwners } from '../probes/port-owner.js';
import { readFileSync } from 'node:fs';
import { packageRoot } from '../util/package-root.js';
import { DEFAULT_CONFIG, type BackendName } from '../project/config.js';
import type { Server } from 'node:http';
import { startEngineStandIn } from '../standins/docker-engine.js';

export const SCENARIOS = ['cors', 'port', 'jwt', 'db-down'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface DemoWorld {
  root: string;
  apiPort: number;
  postgresPort: number;
  scenario?: Scenario;
  /** Starts the embedded PostgreSQL and the active backend; reports each as it comes up. */
  start(progress: (service: DemoService, state: 'starting' | 'ready' | 'skipped' | 'failed', detail?: string) => void): Promise<void>;
  /** Stops every process it (or a switch in it) started, and removes the copy unless kept. */
  stop(options?: { keep?: boolean }): Promise<void>;
}

export type DemoService = 'postgres' | 'backend';

export function parseScenario(value: string | undefined): Scenario | undefined {
  if (value === undefined) return undefined;
  if ((SCENARIOS as readonly string[]).includes(value)) return value as Scenario;
  throw new UsageError({ key: 'err.scenario', params: { scenarios: SCENARIOS.join(', '), value } }, { key: 'err.scenarioFix' });
}

/**
 * A throw-away copy of fixtures/ecredit wired to embedded services: PGlite as PostgreSQL and
 * the stand-in backends (Node processes speaking Socket.IO or Phoenix Channels) on free ports,
 * with every step command pointed at them. A scenario breaks one thing to practise on.
 */
export async function prepareDemo(scenario?: Scenario): Promise<DemoWorld> {
  const pkg = packageRoot();
  const root = mkdtempSync(join(tmpdir(), 'backend-switch-demo-'));
  cpSync(join(pkg, 'fixtures', 'ecredit'), root, { recursive: true });
  const [apiPort, postgresPort, redisPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const node = process.execPath;
  const standin = (backend: string, action: string) => JSON.stringify(`${node} ${join(pkg, 'dist/standins/backend-main.js')} ${backend} ${action}`);
  const startDb = `${node} ${join(pkg, 'dist/standins/embedded-postgres-main.js')} --port ${postgresPort} --detach`;
  writeFileSync(join(root, 'backend-switch.yaml'), [
    '# Written by `backend-switch demo`: every command runs a stand-in (no Bun, Elixir or Docker needed).',
    `ports: { api: ${apiPort}, postgres: ${postgresPort} }`,
    `urls: { api: "http://localhost:${apiPort}" }`,
    `database: { start: ${JSON.stringify(startDb)} }`,
    // Docker mode runs the compose and Engine API stand-ins: never the machine's docker.
    `compose: { command: ${JSON.stringify(`${node} ${join(pkg, 'dist/standins/compose-main.js')}`)}, project: demo }`,
    'backends:',
    '  bun:',
    `    commands: { deps: "true", migrate: ${standin('bun', 'migrate')}, start: ${standin('bun', 'serve')}, test: ${standin('bun', 'test')} }`,
    '  elixir:',
    `    commands: { deps: "true", create: ${standin('elixir', 'create')}, migrate: ${standin('elixir', 'migrate')}, seed: ${standin('elixir', 'seed')}, start: ${standin('elixir', 'serve')}, test: ${standin('elixir', 'test')} }`,
    '',
  ].join('\n'));
  const database = `127.0.0.1:${postgresPort}/ecredit?sslmode=disable`;
  editEnv(join(root, 'apps/backend/.env'), { DATABASE_URL: `postgres://postgres:postgres@${database}`, PORT: String(apiPort) });
  editEnv(join(root, 'apps/backend-ex/.env'), { DATABASE_URL: `ecto://postgres:postgres@${database}`, PORT: String(apiPort) });
  editEnv(join(root, 'apps/frontend/.env.local'), { VITE_API_URL: `http://localhost:${apiPort}` });
  // The stand-ins' seeded user, so the post-switch checklist checks login too.
  for (const env of ['apps/backend/.env', 'apps/backend-ex/.env']) editEnv(join(root, env), { SMOKE_EMAIL: 'demo@ecredit.test', SMOKE_PASSWORD: 'demo1234' });
  // The compose services publish the demo's own ports: nothing reaches the machine's PostgreSQL or Redis.
  const composeFile = join(root, 'docker-compose.yml');
  writeFileSync(composeFile, readFileSync(composeFile, 'utf8').replace('"5432:5432"', `"${postgresPort}:5432"`).replace('"6379:6379"', `"${redisPort}:6379"`).replace('"3000:3000"', `"${apiPort}:3000"`));
  if (scenario === 'cors') editEnv(join(root, 'apps/backend/.env'), { FRONTEND_URL: 'http://localhost:4000' });
  if (scenario === 'jwt') editEnv(join(root, 'apps/backend/.env'), { JWT_SECRET: randomBytes(24).toString('base64url') });

  const children: ChildProcess[] = [];
  const engineSocket = join(root, '.backend-switch-demo-docker.sock');
  let engine: Server | undefined;
  const previousDockerHost = process.env.DOCKER_HOST;
  const run = (args: string[], cwd: string, argv0?: string) => {
    const child = spawn(node, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...(argv0 ? { argv0 } : {}) });
    children.push(child);
    return child;
  };
  const untilLine = (child: ChildProcess, pattern: RegExp) =>
    new Promise<boolean>((resolve) => {
      let seen = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (pattern.test(seen)) resolve(true);
      });
      child.once('exit', () => resolve(false));
    });

  return {
    root,
    apiPort,
    postgresPort,
    ...(scenario ? { scenario } : {}),
    async start(progress) {
      // The Engine API stand-in: the demo's db (and redis) "containers" run.
      engine = await startEngineStandIn(engineSocket, ['db', 'redis'].map((service) => ({ id: `demo-${service}`, service, project: 'demo', state: 'running' as const })));
      process.env.DOCKER_HOST = `unix://${engineSocket}`;
      if (scenario === 'db-down') progress('postgres', 'skipped');
      else {
        progress('postgres', 'starting');
        const pg = run([join(pkg, 'dist/standins/embedded-postgres-main.js'), '--port', String(postgresPort)], root);
        progress('postgres', (await untilLine(pg, /ready/)) ? 'ready' : 'failed');
      }
      progress('backend', 'starting');
      // The port scenario: a leftover Elixir backend still holds the API port.
      const backend: BackendName = scenario === 'port' ? 'elixir' : 'bun';
      const dir = join(root, DEFAULT_CONFIG.backends[backend].dir);
      if (scenario !== 'db-down') await new Promise((resolve) => run([join(pkg, 'dist/standins/backend-main.js'), backend, 'migrate'], dir).once('exit', resolve));
      const server = run([join(pkg, 'dist/standins/backend-main.js'), backend, 'serve'], dir, scenario === 'port' ? 'beam.smp' : undefined);
      progress('backend', (await untilLine(server, /listening/)) ? 'ready' : 'failed', backend);
    },
    async stop(options = {}) {
      await Promise.all(children.map(stopChild));
      await new Promise<void>((resolve) => (engine ? engine.close(() => resolve()) : resolve()));
      if (previousDockerHost === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = previousDockerHost;
      // Whatever a switch or a fix started (detached) on the demo's ports goes too.
      for (const owner of await findPortOwners([apiPort, postgresPort])) {
        if (owner.pid) {
          try {
            process.kill(owner.pid, 'SIGTERM');
          } catch {
            // already gone
          }
        }
      }
      await waitUntilFree([apiPort, postgresPort]);
      if (!options.keep) rmSync(root, { recursive: true, force: true });
    },
  };
}

/** SIGTERM, then SIGKILL after 3 s; resolves once the child has exited (and is reaped). */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

function editEnv(path: string, values: Record<string, string>): void {
  let text = readFileSync(path, 'utf8');
  for (const [key, value] of Object.entries(values)) text = setEnvValue(text, key, value);
  writeFileSync(path, text);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilFree(ports: number[]): Promise<void> {
  for (let waited = 0; waited < 5000; waited += 100) {
    const owners = await findPortOwners(ports);
    if (owners.every((o) => !o.listening)) return;
    if (waited >= 3000) for (const o of owners) if (o.pid) try { process.kill(o.pid, 'SIGKILL'); } catch { /* gone */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
