/**
 * The fixture's real Bun backend (fixtures/ecredit/apps/backend) in a throw-away copy: its
 * packages are the project's own (a node_modules link, no network), its step commands run
 * the Bun binary scripts/find-bun.js finds, and the Elixir half stays on the stand-in.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { findBun } from '../../scripts/find-bun-lib.js';
import { findPortOwners } from '../../source/probes/port-owner.js';
import { editEnv } from './env-files.js';
import { copyFixture } from './fixture.js';
import { COMPOSE_STANDIN, STANDIN, type Monorepo } from './monorepo.js';
import { killListenerAfterTest } from './processes.js';
import { closedPort, onClose } from './servers.js';

const PROJECT = new URL('../../', import.meta.url).pathname;

/** The Bun binary the real-Bun tests run (BUN_BINARY, the npm package's, or PATH's). */
export const BUN = findBun();

/** A program on PATH, found without running it. */
function onPath(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** redis-server on PATH: a private Redis the tests can stop and start. */
export const REDIS_SERVER = onPath('redis-server');

/**
 * Why the real-Bun tests cannot run on this machine, or undefined when they can. They need a
 * working Bun, and the real PostgreSQL and Redis of TEST_DATABASE_URL / TEST_REDIS_URL
 * (pg-boss's own schema and workers, and the app answers /health 503 without Redis):
 * `.ci/run` provides all three.
 */
export const REAL_BUN_SKIP: string | undefined = !BUN.found
  ? process.env.BUN_BINARY ? BUN.reason : 'no working Bun binary (node scripts/find-bun.js --verbose says why; set BUN_BINARY)'
  : !process.env.TEST_DATABASE_URL
    ? 'needs a real PostgreSQL: set TEST_DATABASE_URL'
    : !process.env.TEST_REDIS_URL
      ? 'needs a real Redis: set TEST_REDIS_URL'
      : undefined;

/** A test title that carries the reason it is skipped here, if it is. */
export function realBunTitle(title: string, extra?: string): string {
  const reason = REAL_BUN_SKIP ?? extra;
  return reason ? `${title} (skipped: ${reason})` : title;
}

export const FRONTEND_ORIGIN = 'http://localhost:5173';
export const SMOKE = { email: 'demo@ecredit.test', password: 'demo1234' };

export interface RealBunMonorepo extends Monorepo {
  /** The copy's apps/backend. */
  backendDir: string;
  bun: string;
}

/**
 * A fixture copy whose Bun commands are the app's own scripts run by the found Bun
 * (`<bun> run db:migrate`, `<bun> run dev`, `<bun> test`) and whose Elixir commands run the
 * stand-in, on `databaseUrl`, a Redis (TEST_REDIS_URL's unless `redis` names a private one)
 * and a free API port; the frontend already points at that port. The compose command is the
 * compose stand-in, or with a private Redis one that acts out its `up -d redis`.
 */
export async function realBunMonorepo(databaseUrl: string, options: { redis?: PrivateRedis } = {}): Promise<RealBunMonorepo> {
  if (!BUN.found) throw new Error(`no Bun binary: ${BUN.reason}`);
  const root = copyFixture();
  const backendDir = join(root, 'apps/backend');
  // The app's packages are the project's (every one is a dependency or devDependency of it).
  symlinkSync(join(PROJECT, 'node_modules'), join(backendDir, 'node_modules'), 'dir');
  const port = await closedPort();
  killListenerAfterTest(port);
  const apiUrl = `http://localhost:${port}`;
  const bun = BUN.path;
  const standin = (action: string, backend = 'elixir') => JSON.stringify(`${process.execPath} ${STANDIN} ${backend} ${action}`);
  const compose = options.redis ? composeForRedis(root, options.redis.port) : `${process.execPath} ${COMPOSE_STANDIN}`;
  writeFileSync(
    join(root, 'backend-switch.yaml'),
    [
      `ports: { api: ${port} }`,
      `urls: { api: "${apiUrl}" }`,
      `compose: { command: ${JSON.stringify(compose)} }`,
      'backends:',
      '  bun:',
      `    commands: { deps: ${standin('deps', 'bun')}, migrate: "${bun} run db:migrate", start: "${bun} run dev", test: "${bun} test" }`,
      '  elixir:',
      `    commands: { deps: ${standin('deps')}, create: ${standin('create')}, migrate: ${standin('migrate')}, seed: ${standin('seed')}, start: ${standin('serve')}, test: ${standin('test')} }`,
      '',
    ].join('\n'),
  );
  const redisUrl = options.redis?.url ?? process.env.TEST_REDIS_URL!;
  editEnv(root, 'apps/backend/.env', { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, PORT: String(port) });
  editEnv(root, 'apps/backend-ex/.env', { DATABASE_URL: databaseUrl.replace(/^postgres:/, 'ecto:'), PORT: String(port) });
  writeFileSync(join(root, 'apps/frontend/.env.local'), `VITE_API_URL=${apiUrl}\n`);
  return { root, port, apiUrl, backendDir, bun };
}

/** Runs a command of the app with the found Bun in apps/backend; its output when it fails. */
export function bunRun(repo: RealBunMonorepo, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(repo.bun, args, { cwd: repo.backendDir, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/**
 * Starts the real backend as a person does (`bun run dev` in apps/backend, detached; its
 * output in a log at the copy's root) and waits until /health answers 200; throws with the
 * log's tail when it exits or does not answer in time.
 */
export async function startRealBun(repo: RealBunMonorepo): Promise<number> {
  const log = join(repo.root, `.real-bun-${Date.now()}.log`);
  const fd = openSync(log, 'a');
  const child = spawn(repo.bun, ['run', 'dev'], { cwd: repo.backendDir, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let waited = 0; waited < 20_000; waited += 100) {
    if ((await healthStatus(repo.apiUrl)) === 200) return child.pid!;
    if (exited) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const tail = readFileSync(log, 'utf8').trim().split('\n').slice(-10).join('\n');
  throw new Error(`the real Bun backend did not answer /health 200${exited ? ' (it exited)' : ''}:\n${tail}`);
}

/** SIGTERM to whatever listens on the API port (the app shuts down gracefully), then waits until it is gone. */
export async function stopListener(port: number): Promise<void> {
  const [owner] = await findPortOwners([port]);
  if (!owner?.pid) return;
  process.kill(owner.pid, 'SIGTERM');
  for (let waited = 0; waited < 10_000; waited += 100) {
    if (!alive(owner.pid)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(owner.pid, 'SIGKILL');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

export async function healthStatus(apiUrl: string): Promise<number | undefined> {
  try {
    return (await fetch(`${apiUrl}/health`, { signal: AbortSignal.timeout(2000) })).status;
  } catch {
    return undefined;
  }
}

/** The seeded smoke user's token from the app's own login endpoint. */
export async function login(apiUrl: string): Promise<string> {
  const answer = await fetch(`${apiUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SMOKE) });
  if (answer.status !== 200) throw new Error(`login answered ${answer.status}: ${await answer.text()}`);
  return ((await answer.json()) as { token: string }).token;
}

/**
 * A socket.io-client v4 connection to the app with the frontend's Origin: the `hello` the
 * app sends once its middleware let the socket in, or the `connect_error` message.
 */
export async function socketIoConnect(apiUrl: string, token?: string): Promise<{ hello: unknown } | { error: string }> {
  const socket = io(apiUrl, { ...(token ? { auth: { token } } : {}), extraHeaders: { origin: FRONTEND_ORIGIN }, reconnection: false, timeout: 5000 });
  try {
    return await new Promise((resolve) => {
      socket.once('hello', (hello: unknown) => resolve({ hello }));
      socket.once('connect_error', (error: Error) => resolve({ error: error.message }));
      setTimeout(() => resolve({ error: 'no answer in 8 s' }), 8000).unref();
    });
  } finally {
    socket.close();
  }
}

export interface PrivateRedis {
  port: number;
  url: string;
  /** Stops it (SIGTERM) and waits until it has exited. */
  stop(): Promise<void>;
}

/** A redis-server of this test alone on a free port (no persistence), stopped after the test. */
export async function privateRedis(): Promise<PrivateRedis> {
  const port = await closedPort();
  killListenerAfterTest(port);
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  onClose(() => void child.kill('SIGKILL'));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  for (let waited = 0; !/Ready to accept connections/i.test(output); waited += 50) {
    if (waited > 10_000 || child.exitCode !== null) throw new Error(`redis-server did not start on ${port}: ${output.slice(-500)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    },
  };
}

/**
 * A `docker compose` for a copy without Docker: it acts out `up -d redis` (the compose
 * file's redis service, which then publishes `redisPort`) as a daemonized redis-server on
 * that port, answers `version`, and refuses the rest. Written into the copy; returns its path.
 */
function composeForRedis(root: string, redisPort: number): string {
  const composeFile = join(root, 'docker-compose.yml');
  writeFileSync(composeFile, readFileSync(composeFile, 'utf8').replace(/"\d+:6379"/, `"${redisPort}:6379"`));
  const dir = join(root, '.test-bin');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'compose');
  writeFileSync(path, [
    '#!/usr/bin/env bash',
    '# docker compose for this test copy: `up -d redis` starts the redis service as a local redis-server.',
    'args=()',
    'while [ $# -gt 0 ]; do case "$1" in --env-file) shift 2 ;; *) args+=("$1"); shift ;; esac; done',
    'case "${args[*]}" in',
    '  version) echo "Docker Compose version v2 (test stand-in)" ;;',
    `  "up -d redis") exec redis-server --port ${redisPort} --bind 127.0.0.1 --save '' --appendonly no --daemonize yes ;;`,
    '  *) echo "compose stand-in: ${args[*]}: not acted out here" >&2; exit 1 ;;',
    'esac',
    '',
  ].join('\n'), { mode: 0o755 });
  return path;
}

/** Adds a drizzle migration file and its journal entry (after the newest) to the copy: pending until db:migrate. */
export function addDrizzleMigration(repo: RealBunMonorepo, tag: string, sql: string): void {
  const dir = join(repo.backendDir, 'drizzle');
  const journalPath = join(dir, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[] };
  const last = journal.entries.at(-1)!;
  journal.entries.push({ idx: last.idx + 1, version: last.version, when: last.when + 86_400_000, tag, breakpoints: true });
  writeFileSync(join(dir, `${tag}.sql`), sql);
  writeFileSync(journalPath, `${JSON.stringify(journal, null, 2)}\n`);
}

/** True once `fn` holds, polling every 250 ms up to `ms`. */
export async function eventually(fn: () => Promise<boolean>, ms = 15_000): Promise<boolean> {
  for (let waited = 0; waited <= ms; waited += 250) {
    if (await fn()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}
