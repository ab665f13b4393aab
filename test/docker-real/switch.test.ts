import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixture.js';
import { backendSwitch, compose, composeOk, containers, health, query, removeStack, realStack, secrets, servedPage, startBunStack, waitFor, type Stack } from './stack.js';

// Guide §3 on a real engine (Debian's docker.io, Compose v2): the sample's Bun stack built
// from the local Debian base and running, then `switch --mode docker --yes` both ways,
// `doctor`, and `rollback` followed by `compose up`. Nothing here is a stand-in but the
// Elixir side (the Phoenix-protocol stand-in on Node, in its own image).
let stack: Stack;
const FILES = ['docker-compose.yml', '.env.docker', 'apps/frontend/Dockerfile'];
const read = (file: string) => readFileSync(join(stack.root, file), 'utf8');
const original: Record<string, string> = {};
const printed: string[] = [];

beforeAll(async () => {
  stack = await realStack();
  await startBunStack(stack);
  for (const file of FILES) original[file] = read(file);
});

afterAll(async () => {
  if (stack) await removeStack(stack);
});

async function switchTo(to: 'bun' | 'elixir') {
  const run = await backendSwitch(stack, ['switch', '--to', to, '--mode', 'docker', '--yes']);
  printed.push(run.stdout, run.stderr);
  return run;
}

const backendServices = (text: string) => Object.keys(parse(text).services).filter((name) => name.startsWith('backend'));

describe('Docker mode on a real engine, from the Bun stack running', () => {
  it('switch --to elixir: compose file swapped, secrets 0600, frontend rebuilt with the new VITE_API_URL, migrations by compose run --rm, the restart, /health and every post-switch check ok (exit 0)', async () => {
    expect(await containers(stack)).toMatchObject({ [`${stack.name}-backend-1`]: 'running', [`${stack.name}-db-1`]: 'running' });
    const run = await switchTo('elixir');
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);

    expect(backendServices(read('docker-compose.yml'))).toEqual(['backend-ex']);
    expect(parse(read('docker-compose.yml')).services['backend-ex'].depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(statSync(join(stack.root, '.env.docker')).mode & 0o777).toBe(0o600);
    expect(read('.env.docker')).toMatch(/^SECRET_KEY_BASE=\S{64,}$/m);
    expect(read('apps/frontend/Dockerfile')).toContain('ARG VITE_API_URL=http://backend-ex:3000');
    expect(await servedPage(stack)).toContain('content="http://backend-ex:3000"'); // the image was rebuilt with the new ARG

    // The build ran before anything stopped, the migrations in the new image, then down and up.
    const order = ['build backend-ex', 'build frontend', 'run --rm backend-ex mix ecto.migrate', 'down --remove-orphans', 'up -d --build'].map((c) => run.stdout.indexOf(`$ docker compose --env-file .env.docker ${c}`));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!)), run.stdout).toBe(true);
    expect((await query<{ n: string }>(stack, 'SELECT count(*)::text AS n FROM schema_migrations'))[0]?.n).toBe('3');

    const running = await containers(stack);
    expect(running).toMatchObject({ [`${stack.name}-backend-ex-1`]: 'running', [`${stack.name}-db-1`]: 'running', [`${stack.name}-frontend-1`]: 'running' });
    expect(running).not.toHaveProperty(`${stack.name}-backend-1`); // down --remove-orphans took the old one
    expect(JSON.parse((await health(stack))!.body)).toMatchObject({ status: 'ok', backend: 'elixir' });
    expect(run.stdout).toContain(`the elixir backend answers ${stack.apiUrl}/health`);
    for (const check of ['JWT secret', 'Background jobs', 'Health endpoint', 'CORS', 'WebSocket', 'Frontend API URL', 'login']) {
      expect(run.stdout).toMatch(new RegExp(`^ +ok +${check}`, 'm'));
    }
    expect(run.stdout).not.toMatch(/^ +(fail|warn) /m);
  });

  it('doctor --mode docker --json: every check ok or skipped, the docker check naming the real containers', async () => {
    const run = await backendSwitch(stack, ['doctor', '--mode', 'docker', '--json']);
    printed.push(run.stdout, run.stderr);
    expect(run.exitCode, run.stdout).toBe(0);
    const report = JSON.parse(run.stdout) as { backend: string; checks: { id: string; status: string; data: { containers?: { name: string; service: string; state: string }[] } }[] };
    expect(report.backend).toBe('elixir');
    expect(report.checks.filter((c) => !['ok', 'skip'].includes(c.status)).map((c) => c.id)).toEqual([]);
    const docker = report.checks.find((c) => c.id === 'docker')!;
    expect(docker.status).toBe('ok');
    expect(docker.data.containers?.filter((c) => c.state === 'running').map((c) => c.name).sort()).toEqual(
      ['backend-ex', 'db', 'frontend', 'redis'].map((service) => `${stack.name}-${service}-1`),
    );
  });

  it('status --json: elixir is active, decided by the engine naming this project\'s backend-ex container on the API port', async () => {
    const run = await backendSwitch(stack, ['status', '--json']);
    printed.push(run.stdout, run.stderr);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ active: 'elixir', decidedBy: 'container', mode: 'docker', api: { owner: { kind: 'docker' } } });
  });

  it('rollback, then compose up: the Bun stack is back, its files byte for byte', async () => {
    const rollback = await backendSwitch(stack, ['rollback', '--yes']);
    printed.push(rollback.stdout, rollback.stderr);
    expect(rollback.exitCode, rollback.stderr).toBe(0);
    for (const file of FILES.filter((f) => f !== '.env.docker')) expect(read(file)).toBe(original[file]);
    expect(read('.env.docker')).toBe(original['.env.docker']);

    await composeOk(stack, ['up', '-d', '--build', '--remove-orphans']);
    await waitFor(async () => (await health(stack))?.body.includes('"ok"') === true && !(await health(stack))!.body.includes('elixir'), 60_000, 'the Bun backend on /health');
    const running = await containers(stack);
    expect(running).toMatchObject({ [`${stack.name}-backend-1`]: 'running', [`${stack.name}-redis-1`]: 'running' });
    expect(running).not.toHaveProperty(`${stack.name}-backend-ex-1`);
    expect(await servedPage(stack)).toContain('content="http://backend:3000"');
  });

  it('switch --to elixir again, then --to bun: the Bun stack from the stashed service, every post-switch check ok, the files as they were (exit 0 both)', async () => {
    const there = await switchTo('elixir');
    expect(there.exitCode, there.stdout + there.stderr).toBe(0);
    expect(there.stdout).toMatch(/all 3 ecto migrations are applied|Migrations and seeds\n +=/); // applied by the first switch

    const back = await switchTo('bun');
    expect(back.exitCode, back.stdout + back.stderr).toBe(0);
    expect(read('docker-compose.yml')).toBe(original['docker-compose.yml']);
    expect(read('apps/frontend/Dockerfile')).toBe(original['apps/frontend/Dockerfile']);
    expect(read('apps/frontend/Dockerfile')).toBe(readFileSync(join(FIXTURES, 'docker-stack/apps/frontend/Dockerfile'), 'utf8'));
    expect(await servedPage(stack)).toContain('content="http://backend:3000"');
    const running = await containers(stack);
    expect(running).toMatchObject({ [`${stack.name}-backend-1`]: 'running', [`${stack.name}-redis-1`]: 'running', [`${stack.name}-db-1`]: 'running' });
    expect(running).not.toHaveProperty(`${stack.name}-backend-ex-1`);
    for (const check of ['JWT secret', 'Background jobs', 'Health endpoint', 'CORS', 'WebSocket', 'Frontend API URL', 'login']) {
      expect(back.stdout).toMatch(new RegExp(`^ +ok +${check}`, 'm'));
    }
    expect((await compose(stack, ['ps', '--status', 'exited', '-q'])).stdout).toBe('');
  });

  it('no secret of .env.docker reached any output', () => {
    const all = printed.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    for (const secret of secrets(stack)) expect(all).not.toContain(secret);
  });
});
