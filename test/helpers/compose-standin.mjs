#!/usr/bin/env node
// A stand-in for `docker compose` (no Docker engine runs here), for tests of Docker mode.
// It appends each invocation to $COMPOSE_STANDIN_LOG and acts out what matters to a switch:
//   up -d ...        starts the stand-in backend of the compose file's backend service
//   down ...         stops what `up` started
//   run --rm SVC ... runs that backend's migrations (the stand-in's `migrate`, or $COMPOSE_STANDIN_HANG)
// Anything else only records. It reads the compose file with the same yaml package.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const args = process.argv.slice(2);
const log = process.env.COMPOSE_STANDIN_LOG;
if (log) appendFileSync(log, `${JSON.stringify(args)}\n`);
const standin = new URL('../../dist/standins/backend-main.js', import.meta.url).pathname;
const pidFile = resolve('.compose-standin.pid');

const rest = args.filter((arg, i) => !(arg === '--env-file' || args[i - 1] === '--env-file'));
const compose = parse(readFileSync('docker-compose.yml', 'utf8'));
const backendOf = (service) => {
  const context = String(compose.services?.[service]?.build?.context ?? compose.services?.[service]?.build ?? '');
  return context.endsWith('backend-ex') ? 'elixir' : context.endsWith('backend') ? 'bun' : undefined;
};
const backendService = Object.keys(compose.services ?? {}).find((name) => backendOf(name));

if (rest[0] === 'up' && backendService) {
  const backend = backendOf(backendService);
  const cwd = resolve(backend === 'elixir' ? 'apps/backend-ex' : 'apps/backend');
  const child = spawn(process.execPath, [standin, backend, 'serve'], { cwd, detached: true, stdio: 'ignore' });
  child.unref();
  writeFileSync(pidFile, String(child.pid));
} else if (rest[0] === 'down' && existsSync(pidFile)) {
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
  } catch {}
  rmSync(pidFile);
  spawnSync('sleep', ['0.3']);
} else if (rest[0] === 'run') {
  const service = rest.filter((arg) => !arg.startsWith('-'))[1];
  const backend = backendOf(service);
  if (!backend) {
    console.error(`no such service: ${service}`);
    process.exit(1);
  }
  const cwd = resolve(backend === 'elixir' ? 'apps/backend-ex' : 'apps/backend');
  // COMPOSE_STANDIN_HANG: a script to run instead (a migration that never ends, for Ctrl+C tests).
  const hang = process.env.COMPOSE_STANDIN_HANG;
  const result = spawnSync(process.execPath, hang ? [hang] : [standin, backend, 'migrate'], { cwd, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
