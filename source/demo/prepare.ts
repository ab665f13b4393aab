import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findBun } from '../../scripts/find-bun-lib.js';
import { packageRoot } from '../util/package-root.js';
import { DEFAULT_CONFIG, type BackendName } from '../project/config.js';
import { startEngineStandIn } from '../standins/docker-engine.js';
import { editEnv } from './env.js';
import { DemoChildren, freePort, freePorts } from './processes.js';
import { breakFiles, OLD_CHECKOUT, type Scenario } from './scenarios.js';
import { startServices, type DemoService, type ServicePlan, type ServiceProgress } from './services.js';

export { SCENARIOS, parseScenario, type Scenario } from './scenarios.js';
export type { DemoService, ServiceState } from './services.js';

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
  /** The backend the demo makes the active one (what the first screen shows before it can be looked for). */
  active: BackendName;
  /** The backend process the demo starts on the API port: the active one, or in the port scenario a leftover of the other. */
  running: { backend: BackendName; leftover: boolean };
  /** The services left down on purpose (db-down: PostgreSQL). */
  skipped: DemoService[];
  /** The real app playing the Bun half; none when the stand-in does (see chooseSampleApp). */
  app?: SampleApp;
  scenario?: Scenario;
  /** Starts the embedded PostgreSQL, Redis and the backend; reports each as it comes up, resolves when all have. */
  start(progress: ServiceProgress): Promise<void>;
  /** Stops every process it (or a switch in it) started, and removes the copy unless kept. */
  stop(options?: { keep?: boolean }): Promise<void>;
}

/**
 * A throw-away copy of fixtures/ecredit wired to embedded services on free ports: PGlite as
 * PostgreSQL, a private Redis, the fixture's real Bun backend (see SampleApp) and the
 * Elixir stand-in (a Node process speaking Phoenix Channels), with every step command
 * pointed at them. A scenario breaks one thing to practise on. Nothing starts until start().
 */
export async function prepareDemo(scenario?: Scenario): Promise<DemoWorld> {
  const pkg = packageRoot();
  const root = mkdtempSync(join(tmpdir(), 'backend-switch-demo-'));
  cpSync(join(pkg, 'fixtures', 'ecredit'), root, { recursive: true });
  const [apiPort, postgresPort, redisPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const node = process.execPath;
  const standinMain = join(pkg, 'dist/standins/backend-main.js');
  const standin = (backend: string, action: string) => JSON.stringify(`${node} ${standinMain} ${backend} ${action}`);
  const app = chooseSampleApp(pkg, join(root, DEFAULT_CONFIG.backends.bun.dir), scenario);
  const appCommand = app && appCommands(app);
  const bunCommand = (action: 'migrate' | 'serve' | 'test') => (appCommand ? JSON.stringify(appCommand[action].join(' ')) : standin('bun', action));
  const postgresMain = join(pkg, 'dist/standins/embedded-postgres-main.js');
  const startDb = `${node} ${postgresMain} --port ${postgresPort} --detach`;
  writeFileSync(join(root, 'backend-switch.yaml'), [
    `# Written by \`backend-switch demo\`: the Bun commands run ${app ? `the sample app with ${app.runtime}` : 'a stand-in'}, the rest stand-ins (no Elixir or Docker needed).`,
    `ports: { api: ${apiPort}, postgres: ${postgresPort} }`,
    `urls: { api: "http://localhost:${apiPort}" }`,
    `database: { start: ${JSON.stringify(startDb)} }`,
    // Guide §5's test credit application, made by the smoke user: the demo has no frontend to make it in.
    'smoke: { applicationPath: /api/credit-applications }',
    // Docker mode runs the compose and Engine API stand-ins: never the machine's docker.
    `compose: { command: ${JSON.stringify(`${node} ${join(pkg, 'dist/standins/compose-main.js')}`)}, project: demo }`,
    'backends:',
    '  bun:',
    `    commands: { deps: ${standin('bun', 'deps')}, migrate: ${bunCommand('migrate')}, start: ${bunCommand('serve')}, test: ${bunCommand('test')} }`,
    '  elixir:',
    `    commands: { deps: ${standin('elixir', 'deps')}, create: ${standin('elixir', 'create')}, migrate: ${standin('elixir', 'migrate')}, seed: ${standin('elixir', 'seed')}, start: ${standin('elixir', 'serve')}, test: ${standin('elixir', 'test')} }`,
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
  breakFiles(root, scenario);

  // Bun is the active backend. In the port scenario it is not running: an Elixir backend left
  // over from another checkout holds the API port (not this monorepo's, so nothing proves it ours).
  const active: BackendName = 'bun';
  const leftover = scenario === 'port';
  const bunDir = join(root, DEFAULT_CONFIG.backends.bun.dir);
  const bunMigrate = { argv: appCommand ? appCommand.migrate : [node, standinMain, 'bun', 'migrate'], cwd: bunDir };
  const plan: ServicePlan = {
    root,
    postgresPort,
    redisPort,
    ...(scenario === 'db-down' ? {} : { postgres: [postgresMain, '--port', String(postgresPort)] }),
    backend: leftover
      ? { name: 'elixir', cwd: oldCheckout(root), migrate: bunMigrate, serve: [node, standinMain, 'elixir', 'serve'], argv0: 'beam.smp' }
      : {
          name: active,
          cwd: bunDir,
          ...(scenario === 'db-down' ? {} : { migrate: bunMigrate }),
          serve: appCommand ? appCommand.direct : [node, standinMain, 'bun', 'serve'],
          ...(appCommand ? { pidFile: join(root, '.compose-standin.pid') } : {}),
        },
  };

  const children = new DemoChildren();
  const engineSocket = join(root, '.backend-switch-demo-docker.sock');
  let engine: Server | undefined;
  let redisStandIn: NetServer | undefined;
  let starting: Promise<void> = Promise.resolve();
  let stopped = false;
  const previousDockerHost = process.env.DOCKER_HOST;
  const close = (server: { close(done: () => void): unknown } | undefined) => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

  return {
    root,
    apiPort,
    postgresPort,
    redisPort,
    active,
    running: { backend: plan.backend.name, leftover },
    skipped: plan.postgres ? [] : ['postgres'],
    ...(app ? { app } : {}),
    ...(scenario ? { scenario } : {}),
    start(progress) {
      if (stopped) return starting;
      starting = (async () => {
        // The Engine API stand-in: the demo's db (and redis) "containers" run.
        engine = await startEngineStandIn(engineSocket, ['db', 'redis'].map((service) => ({ id: `demo-${service}`, service, project: 'demo', state: 'running' as const })));
        process.env.DOCKER_HOST = `unix://${engineSocket}`;
        ({ redisStandIn } = await startServices(plan, children, progress));
      })();
      return starting;
    },
    async stop(options = {}) {
      // Services still coming up stop too: each one as soon as it is spawned.
      stopped = true;
      await children.stopAll();
      await starting.catch(() => {});
      await children.stopAll();
      await close(engine);
      await close(redisStandIn);
      if (previousDockerHost === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = previousDockerHost;
      // Whatever a switch or a fix started (detached) on the demo's ports goes too.
      await freePorts([apiPort, postgresPort]);
      if (!options.keep) rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The port scenario's other checkout: a backend-ex folder with the same .env, outside the copy's apps/. */
function oldCheckout(root: string): string {
  const dir = join(root, OLD_CHECKOUT, DEFAULT_CONFIG.backends.elixir.dir);
  mkdirSync(dir, { recursive: true });
  cpSync(join(root, DEFAULT_CONFIG.backends.elixir.dir, '.env'), join(dir, '.env'));
  return dir;
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
