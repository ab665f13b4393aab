import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { findBun } from '../../scripts/find-bun-lib.js';
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

/**
 * The fixture's real backend app (apps/backend, the Bun half) as the demo runs it: under Bun
 * when a working Bun binary is found, else under Node (the app runs unchanged on both).
 */
export interface SampleApp {
  backend: BackendName;
  runtime: 'Bun' | 'Node';
  path: string;
  version: string;
}

export interface DemoWorld {
  root: string;
  apiPort: number;
  postgresPort: number;
  redisPort: number;
  /** The real app playing the Bun half; none when the stand-in does (see chooseSampleApp). */
  app?: SampleApp;
  scenario?: Scenario;
  /** Starts the embedded PostgreSQL, Redis and the active backend; reports each as it comes up. */
  start(progress: (service: DemoService, state: 'starting' | 'ready' | 'skipped' | 'failed', detail?: string) => void): Promise<void>;
  /** Stops every process it (or a switch in it) started, and removes the copy unless kept. */
  stop(options?: { keep?: boolean }): Promise<void>;
}

export type DemoService = 'postgres' | 'redis' | 'backend';

export function parseScenario(value: string | undefined): Scenario | undefined {
  if (value === undefined) return undefined;
  if ((SCENARIOS as readonly string[]).includes(value)) return value as Scenario;
  throw new UsageError({ key: 'err.scenario', params: { scenarios: SCENARIOS.join(', '), value } }, { key: 'err.scenarioFix' });
}

/**
 * A throw-away copy of fixtures/ecredit wired to embedded services on free ports: PGlite as
 * PostgreSQL, a private Redis, the fixture's real Bun backend (see SampleApp) and the
 * Elixir stand-in (a Node process speaking Phoenix Channels), with every step command
 * pointed at them. A scenario breaks one thing to practise on.
 */
export async function prepareDemo(scenario?: Scenario): Promise<DemoWorld> {
  const pkg = packageRoot();
  const root = mkdtempSync(join(tmpdir(), 'backend-switch-demo-'));
  cpSync(join(pkg, 'fixtures', 'ecredit'), root, { recursive: true });
  const [apiPort, postgresPort, redisPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const node = process.execPath;
  const standin = (backend: string, action: string) => JSON.stringify(`${node} ${join(pkg, 'dist/standins/backend-main.js')} ${backend} ${action}`);
  const app = chooseSampleApp(pkg, join(root, DEFAULT_CONFIG.backends.bun.dir), scenario);
  const appCommand = app && appCommands(app);
  const bunCommand = (action: 'migrate' | 'serve' | 'test') => (appCommand ? JSON.stringify(appCommand[action].join(' ')) : standin('bun', action));
  const startDb = `${node} ${join(pkg, 'dist/standins/embedded-postgres-main.js')} --port ${postgresPort} --detach`;
  writeFileSync(join(root, 'backend-switch.yaml'), [
    `# Written by \`backend-switch demo\`: the Bun commands run ${app ? `the sample app with ${app.runtime}` : 'a stand-in'}, the rest stand-ins (no Elixir or Docker needed).`,
    `ports: { api: ${apiPort}, postgres: ${postgresPort} }`,
    `urls: { api: "http://localhost:${apiPort}" }`,
    `database: { start: ${JSON.stringify(startDb)} }`,
    // Docker mode runs the compose and Engine API stand-ins: never the machine's docker.
    `compose: { command: ${JSON.stringify(`${node} ${join(pkg, 'dist/standins/compose-main.js')}`)}, project: demo }`,
    'backends:',
    '  bun:',
    `    commands: { deps: "true", migrate: ${bunCommand('migrate')}, start: ${bunCommand('serve')}, test: ${bunCommand('test')} }`,
    '  elixir:',
    `    commands: { deps: "true", create: ${standin('elixir', 'create')}, migrate: ${standin('elixir', 'migrate')}, seed: ${standin('elixir', 'seed')}, start: ${standin('elixir', 'serve')}, test: ${standin('elixir', 'test')} }`,
    '',
  ].join('\n'));
  const database = `127.0.0.1:${postgresPort}/ecredit?sslmode=disable`;
  // Not `postgres`: a password that is also a word would be masked wherever the word appears on screen (the Ports panel's
  // "postgres 5432"), and the longer fingerprint would push that line past the terminal's width. PGlite takes any.
  editEnv(join(root, 'apps/backend/.env'), { DATABASE_URL: `postgres://postgres:ecredit123@${database}`, REDIS_URL: `redis://127.0.0.1:${redisPort}`, PORT: String(apiPort) });
  editEnv(join(root, 'apps/backend-ex/.env'), { DATABASE_URL: `ecto://postgres:ecredit123@${database}`, PORT: String(apiPort) });
  editEnv(join(root, 'apps/frontend/.env.local'), { VITE_API_URL: `http://localhost:${apiPort}` });
  // The seeded user (db:migrate's, the stand-ins'), so the post-switch checklist checks login too.
  for (const env of ['apps/backend/.env', 'apps/backend-ex/.env']) editEnv(join(root, env), { SMOKE_EMAIL: 'demo@ecredit.test', SMOKE_PASSWORD: 'demo1234' });
  // The compose services publish the demo's own ports: nothing reaches the machine's PostgreSQL or Redis.
  const composeFile = join(root, 'docker-compose.yml');
  writeFileSync(composeFile, readFileSync(composeFile, 'utf8').replace('"5432:5432"', `"${postgresPort}:5432"`).replace('"6379:6379"', `"${redisPort}:6379"`).replace('"3000:3000"', `"${apiPort}:3000"`));
  if (scenario === 'cors') editEnv(join(root, 'apps/backend/.env'), { FRONTEND_URL: 'http://localhost:4000' });
  if (scenario === 'jwt') editEnv(join(root, 'apps/backend/.env'), { JWT_SECRET: randomBytes(24).toString('base64url') });

  const children: ChildProcess[] = [];
  const engineSocket = join(root, '.backend-switch-demo-docker.sock');
  let engine: Server | undefined;
  let redisStandIn: NetServer | undefined;
  const previousDockerHost = process.env.DOCKER_HOST;
  const spawnChild = (file: string, args: string[], cwd: string, argv0?: string) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...(argv0 ? { argv0 } : {}) });
    child.once('error', () => {});
    child.stderr!.resume(); // read and dropped: a full pipe would block a chatty child
    children.push(child);
    return child;
  };
  const run = (args: string[], cwd: string, argv0?: string) => spawnChild(node, args, cwd, argv0);
  const untilLine = (child: ChildProcess, pattern: RegExp) =>
    new Promise<boolean>((resolve) => {
      let seen = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (pattern.test(seen)) resolve(true);
      });
      child.once('exit', () => resolve(false));
    });
  const exited = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve));

  return {
    root,
    apiPort,
    postgresPort,
    redisPort,
    ...(app ? { app } : {}),
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
      // The real app answers /health 503 without Redis: a redis-server of its own, else a RESP stand-in.
      const redisServer = onPath('redis-server');
      progress('redis', 'starting', redisServer ? 'redis-server' : undefined);
      if (redisServer) {
        const redis = spawnChild(redisServer, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], root);
        progress('redis', (await untilLine(redis, /Ready to accept connections/i)) ? 'ready' : 'failed', 'redis-server');
      } else {
        redisStandIn = await startRedisStandIn(redisPort);
        progress('redis', 'ready');
      }
      // The port scenario: a leftover Elixir backend still holds the API port.
      const backend: BackendName = scenario === 'port' ? 'elixir' : 'bun';
      progress('backend', 'starting', backend);
      const dir = join(root, DEFAULT_CONFIG.backends[backend].dir);
      const real = app?.backend === backend ? appCommand : undefined;
      const [file, ...args] = real ? real.migrate : [node, join(pkg, 'dist/standins/backend-main.js'), backend, 'migrate'];
      if (scenario !== 'db-down') await exited(spawnChild(file!, args, dir));
      const [serveFile, ...serveArgs] = real ? real.direct : [node, join(pkg, 'dist/standins/backend-main.js'), backend, 'serve'];
      const server = spawnChild(serveFile!, serveArgs, dir, scenario === 'port' ? 'beam.smp' : undefined);
      // Docker mode's `down` (the compose stand-in) stops the pid in this file, as it stops what its `up` started; its
      // own search finds stand-ins only, and the sample app must not outlive the switch (it holds the API port).
      if (real) writeFileSync(join(root, '.compose-standin.pid'), String(server.pid));
      progress('backend', (await untilLine(server, /listening/)) ? 'ready' : 'failed', backend);
    },
    async stop(options = {}) {
      await Promise.all(children.map(stopChild));
      await new Promise<void>((resolve) => (engine ? engine.close(() => resolve()) : resolve()));
      await new Promise<void>((resolve) => (redisStandIn ? redisStandIn.close(() => resolve()) : resolve()));
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

/**
 * The Bun half as the demo runs it. The app's packages are the ones installed beside
 * backend-switch (its devDependencies): the copy's apps/backend/node_modules links to them,
 * so nothing is downloaded. Without them the stand-in plays it, and in two scenarios whose
 * one-key fix assumes what only the stand-in does: cors (the fix edits FRONTEND_URL in .env,
 * which the real app reads only when it starts; the stand-in re-reads it) and db-down (the
 * real app exits when PostgreSQL is unreachable at start; the stand-in serves without it).
 */
function chooseSampleApp(pkg: string, appDir: string, scenario: Scenario | undefined): SampleApp | undefined {
  if (scenario === 'cors' || scenario === 'db-down') return undefined;
  const manifest = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const modules = nodeModulesWith(pkg, Object.keys(manifest.dependencies ?? {}));
  if (!modules) return undefined;
  symlinkSync(modules, join(appDir, 'node_modules'), 'dir');
  const bun = findBun({ root: pkg });
  return bun.found
    ? { backend: 'bun', runtime: 'Bun', path: bun.path, version: bun.version }
    : { backend: 'bun', runtime: 'Node', path: process.execPath, version: process.versions.node };
}

/**
 * The app's commands for the runtime: what backend-switch.yaml names (the package.json
 * scripts under Bun, their Node equivalents), and how the demo starts it itself (one process).
 */
function appCommands({ runtime, path }: SampleApp): Record<'migrate' | 'serve' | 'test' | 'direct', string[]> {
  if (runtime === 'Bun') return { migrate: [path, 'run', 'db:migrate'], serve: [path, 'run', 'dev'], test: [path, 'test'], direct: [path, 'src/index.js'] };
  return { migrate: [path, 'src/migrate.js'], serve: [path, 'src/index.js'], test: [path, '--test'], direct: [path, 'src/index.js'] };
}

/** The nearest node_modules at or above `from` that holds every package named (Node's own lookup). */
function nodeModulesWith(from: string, names: string[]): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const modules = join(dir, 'node_modules');
    if (names.every((name) => existsSync(join(modules, name, 'package.json')))) return modules;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The path of an executable on PATH, without running it. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * A Redis for machines without redis-server: as much RESP as ioredis (CLIENT SETINFO, the INFO
 * ready check) and the redis check (PING) use. It stores nothing; the app uses Redis for
 * its health answer only.
 */
function startRedisStandIn(port: number): Promise<NetServer> {
  const answer = (name: string) => {
    if (name === 'PING') return '+PONG\r\n';
    if (name === 'INFO') return bulk('# Server\r\nredis_version:7.2.0 (backend-switch demo stand-in)\r\nloading:0\r\n');
    if (['CLIENT', 'SELECT', 'QUIT'].includes(name)) return '+OK\r\n';
    return `-ERR unknown command '${name}'\r\n`;
  };
  const server = createServer((socket) => {
    socket.on('error', () => {});
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (let command = respCommand(buffered); command; command = respCommand(buffered)) {
        buffered = buffered.slice(command.length);
        socket.write(answer(command.name));
        if (command.name === 'QUIT') socket.end();
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const bulk = (text: string) => `$${Buffer.byteLength(text, 'latin1')}\r\n${text}\r\n`;

/** The first complete RESP command (an array of bulk strings) of `text`: its name and length. */
function respCommand(text: string): { name: string; length: number } | undefined {
  const header = /^\*(\d+)\r\n/.exec(text);
  if (!header) return undefined;
  let offset = header[0].length;
  let name = '';
  for (let i = 0; i < Number(header[1]); i += 1) {
    const size = /^\$(\d+)\r\n/.exec(text.slice(offset));
    if (!size) return undefined;
    const start = offset + size[0].length;
    offset = start + Number(size[1]) + 2;
    if (text.length < offset) return undefined;
    if (i === 0) name = text.slice(start, start + Number(size[1])).toUpperCase();
  }
  return { name, length: offset };
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
