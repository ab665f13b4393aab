/**
 * A stand-in for `docker compose`, for the demo and the tests (no Docker engine runs there):
 *
 *   node dist/standins/compose-main.js [-f FILE] [-p NAME] [--env-file F] <version|up|down|run|…> …
 *
 * It acts out what matters to a switch, on the compose file of the folder it runs in:
 *   version          answers as Compose v2 does
 *   up -d …          starts the stand-in backend of the compose file's backend service (in its folder)
 *   down …           stops what `up` started
 *   run --rm SVC …   runs that backend's migrations (the stand-in backend's `migrate`, or
 *                    $COMPOSE_STANDIN_HANG, a script that never ends, for Ctrl+C tests)
 * Anything else only records. Each call is appended to $COMPOSE_STANDIN_LOG when set.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { signal } from '../io/processes.js';

type Backend = 'bun' | 'elixir';
interface ComposeService {
  build?: string | { context?: string };
}

const args = process.argv.slice(2);
const log = process.env.COMPOSE_STANDIN_LOG;
if (log) appendFileSync(log, `${JSON.stringify(args)}\n`);
const standin = join(dirname(fileURLToPath(import.meta.url)), 'backend-main.js');
const pidFile = resolve('.compose-standin.pid');

/** Global options before the command, with their values: `-f FILE`, `-p NAME`, `--env-file FILE`. */
const GLOBAL = ['--env-file', '-f', '--file', '-p', '--project-name'];
const fileArg = args.findIndex((arg) => arg === '-f' || arg === '--file');
const rest = args.filter((arg, i) => !(GLOBAL.includes(arg) || GLOBAL.includes(args[i - 1] ?? '')));
const compose = (parse(readFileSync(fileArg >= 0 ? args[fileArg + 1]! : 'docker-compose.yml', 'utf8')) ?? {}) as { services?: Record<string, ComposeService> };

/** The backend a service builds, by its build context's folder (apps/backend or apps/backend-ex). */
function backendOf(service: string | undefined): { backend: Backend; dir: string } | undefined {
  const build = service ? compose.services?.[service]?.build : undefined;
  const context = String(typeof build === 'object' ? (build.context ?? '') : (build ?? ''));
  if (context.endsWith('backend-ex')) return { backend: 'elixir', dir: resolve(context) };
  if (context.endsWith('backend')) return { backend: 'bun', dir: resolve(context) };
  return undefined;
}

const backendService = Object.keys(compose.services ?? {}).find((name) => backendOf(name));

function main(): number {
  const [command] = rest;
  if (command === 'version') {
    console.log('Docker Compose version v2.26.1 (backend-switch stand-in)');
    return 0;
  }
  if (command === 'up' && backendService) {
    const { backend, dir } = backendOf(backendService)!;
    const child = spawn(process.execPath, [standin, backend, 'serve'], { cwd: dir, detached: true, stdio: 'ignore' });
    child.unref();
    writeFileSync(pidFile, String(child.pid));
    return 0;
  }
  if (command === 'down') {
    // As compose stops every container of the project: each stand-in backend of this copy.
    const pids = [...(existsSync(pidFile) ? [Number(readFileSync(pidFile, 'utf8'))] : []), ...standinBackendsHere()];
    for (const pid of pids) signal(pid, 'SIGTERM');
    // Return once they are gone (their port free for the next `up`).
    for (let waited = 0; waited < 5000 && pids.some((pid) => signal(pid, 0)); waited += 20) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    rmSync(pidFile, { force: true });
    return 0;
  }
  if (command === 'run') {
    // `-e KEY=VALUE` sets the container's environment, as compose does (the rehearsal's DATABASE_URL).
    const env: Record<string, string> = {};
    const positional: string[] = [];
    for (let i = 1; i < rest.length; i += 1) {
      if (rest[i] === '-e' && rest[i + 1]) {
        // `-e KEY` alone passes this process's own value, as compose does.
        const [key, ...value] = rest[i + 1]!.split('=');
        env[key!] = value.length ? value.join('=') : (process.env[key!] ?? '');
        i += 1;
      } else if (!rest[i]!.startsWith('-')) positional.push(rest[i]!);
    }
    const service = positional[0];
    const target = backendOf(service);
    if (!target) {
      console.error(`no such service: ${service}`);
      return 1;
    }
    const hang = process.env.COMPOSE_STANDIN_HANG;
    const result = spawnSync(process.execPath, hang ? [hang] : [standin, target.backend, 'migrate'], { cwd: target.dir, stdio: 'inherit', env: { ...process.env, ...env } });
    return result.status ?? 1;
  }
  return 0;
}

/** Stand-in backends running from this copy's backend folders (Linux: /proc). */
function standinBackendsHere(): number[] {
  const dirs = Object.keys(compose.services ?? {}).flatMap((name) => backendOf(name)?.dir ?? []);
  for (const dir of ['apps/backend', 'apps/backend-ex']) dirs.push(resolve(dir));
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc').filter((pid) => /^\d+$/.test(pid) && Number(pid) !== process.pid).flatMap((pid) => {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return dirs.includes(cwd) && cmdline.includes('backend-main.js') ? [Number(pid)] : [];
    } catch {
      return [];
    }
  });
}

process.exitCode = main();
