import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/bin.js';
import { backendSwitch, composeOk, containers, health, removeStack, realStack, secrets, startBunStack, waitFor, type Stack } from './stack.js';

// The faults a real engine produces, each with the tool's verdict and its fix applied as the
// fix's own text says: the db container stopped, a build that fails, a host port already held
// (by processes, then by another project's container).
let stack: Stack;
const printed: string[] = [];
const read = (file: string) => readFileSync(join(stack.root, file), 'utf8');
const holders: ChildProcess[] = [];

beforeAll(async () => {
  stack = await realStack();
  await startBunStack(stack);
});

const strangers: string[] = [];

afterEach(async () => {
  for (const holder of holders.splice(0)) holder.kill('SIGKILL');
  for (const name of strangers.splice(0)) await execa('docker', ['rm', '-f', name], { reject: false });
});

afterAll(async () => {
  if (stack) await removeStack(stack);
});

async function run(args: string[]) {
  const result = await backendSwitch(stack, args);
  printed.push(result.stdout, result.stderr);
  return result;
}

interface Check { id: string; status: string; detail: string; fix?: string; data: { missing?: string[] } }
async function doctor(): Promise<{ exitCode: number; checks: Record<string, Check> }> {
  const result = await run(['doctor', '--mode', 'docker', '--json']);
  const report = JSON.parse(result.stdout) as { checks: Check[] };
  return { exitCode: result.exitCode ?? -1, checks: Object.fromEntries(report.checks.map((c) => [c.id, c])) };
}

/** A folder with `backend-switch` in it (the built bin), for commands pasted as the tool prints them. */
function shimDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bs-shim-'));
  writeFileSync(join(dir, 'backend-switch'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  return dir;
}

/** A process of the test's own holding a host port, as a dev server left running would. */
async function holdPort(port: number, host: string): Promise<ChildProcess> {
  const holder = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${port}, '${host}', () => console.log('listening'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  holders.push(holder);
  await once(holder.stdout!, 'data');
  return holder;
}

/** The command a fix names after its "Start them:" or similar lead: run from the monorepo root, as a person pastes it. */
function commandIn(fix: string): string {
  const match = /(docker compose --env-file \.env\.docker [^;\n]+)/.exec(fix);
  if (!match) throw new Error(`no compose command in the fix: ${fix}`);
  return match[1]!.replace(/\.$/, '');
}

describe('real faults on a real engine, each with its verdict and fix', () => {
  it('the db container stopped: doctor fails db and docker (naming db and the Bun container that exited with it); the docker fix, run as written, brings all back', async () => {
    await composeOk(stack, ['stop', 'db']);
    // The real Bun app exits when it loses PostgreSQL: wait for that, as a person would see it.
    await waitFor(async () => (await containers(stack))[`${stack.name}-backend-1`] === 'exited', 30_000, 'the Bun container exiting after db');

    const broken = await doctor();
    expect(broken.exitCode).toBe(1);
    expect(broken.checks.docker).toMatchObject({ status: 'fail' });
    expect(broken.checks.docker!.data.missing).toEqual(['db', 'backend']);
    expect(broken.checks.docker!.detail).toMatch(/db \(exited\)/);
    expect(broken.checks.db).toMatchObject({ status: 'fail' });
    expect(broken.checks.db!.detail).toContain(`127.0.0.1:${stack.ports.postgres}`);
    expect(broken.checks.db!.fix).toContain('docker compose --env-file .env.docker up -d db');
    const fix = commandIn(broken.checks.docker!.fix!);
    expect(fix).toBe('docker compose --env-file .env.docker up -d db redis backend');

    const applied = await execa(fix, { shell: true, cwd: stack.root, reject: false, all: true });
    expect(applied.exitCode, applied.all).toBe(0);
    await waitFor(async () => (await health(stack))?.status === 200, 60_000, 'the Bun backend answering /health again');
    const fixed = await doctor();
    expect(fixed.checks.docker!.status).toBe('ok');
    expect(fixed.checks.db!.status).toBe('ok');
    expect(fixed.exitCode, JSON.stringify(Object.values(fixed.checks).filter((c) => c.status === 'fail'))).toBe(0);
  });

  it('a build that fails: the build step names backend-ex and shows the build\'s last lines, nothing was stopped (the Bun stack still answers); fixed as it says, the switch goes through', async () => {
    const dockerfile = join(stack.root, 'apps/backend-ex/Dockerfile');
    const good = readFileSync(dockerfile, 'utf8');
    appendFileSync(dockerfile, 'RUN echo "Compiling 12 files (.ex)" && echo "** (CompileError) lib/ecredit/application.ex:7: undefined function start_link/1" >&2 && exit 1\n');

    const failed = await run(['switch', '--to', 'elixir', '--mode', 'docker', '--yes']);
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toMatch(/Build the images\n/);
    expect(failed.stdout).toMatch(/the image of backend-ex did not build \(exit \d+\); nothing was stopped/);
    const verdict = failed.stdout.slice(failed.stdout.indexOf('the image of backend-ex did not build'));
    expect(verdict).toContain('** (CompileError) lib/ecredit/application.ex:7: undefined function start_link/1');
    expect(verdict).toContain('Fix the build of backend-ex (apps/backend-ex/Dockerfile)');
    expect(failed.stdout).not.toContain('down --remove-orphans'); // the restart never began
    const running = await containers(stack);
    expect(running).toMatchObject({ [`${stack.name}-backend-1`]: 'running', [`${stack.name}-db-1`]: 'running', [`${stack.name}-frontend-1`]: 'running' });
    expect(JSON.parse((await health(stack))!.body)).toEqual({ status: 'ok' });

    writeFileSync(dockerfile, good); // the fix: the build of backend-ex repaired
    const passed = await run(['switch', '--to', 'elixir', '--mode', 'docker', '--yes']);
    expect(passed.exitCode, passed.stdout + passed.stderr).toBe(0);
    expect(JSON.parse((await health(stack))!.body)).toMatchObject({ backend: 'elixir' });
  });

  it('a host port already held (the API port on 127.0.0.1, the frontend\'s on 0.0.0.0): the switch stops before any change naming each port, its service and its holder; with them stopped, it goes through', async () => {
    await composeOk(stack, ['down', '--remove-orphans']); // the Elixir stack down: its ports free for anyone to take
    const api = await holdPort(stack.ports.api, '127.0.0.1');
    const web = await holdPort(stack.ports.frontend, '0.0.0.0');
    const compose = read('docker-compose.yml');

    const refused = await run(['switch', '--to', 'bun', '--mode', 'docker', '--yes']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain('Nothing was stopped and nothing was written');
    expect(refused.stdout).toContain(`port ${stack.ports.api}, which backend-ex publishes, is held by pid ${api.pid}`);
    expect(refused.stdout).toContain(`port ${stack.ports.frontend}, which frontend publishes, is held by pid ${web.pid}`);
    expect(refused.stdout).toContain(`kill ${api.pid}`);
    expect(read('docker-compose.yml')).toBe(compose);
    expect(Object.values(await containers(stack))).toEqual([]);

    // The fix: stop what holds them (kill <pid>), then the switch again.
    for (const holder of [api, web]) {
      holder.kill('SIGTERM');
      await once(holder, 'exit');
    }
    const passed = await run(['switch', '--to', 'bun', '--mode', 'docker', '--yes']);
    expect(passed.exitCode, passed.stdout + passed.stderr).toBe(0);
    expect(Object.keys(parse(read('docker-compose.yml')).services)).toContain('backend');
    expect(JSON.parse((await health(stack))!.body)).toEqual({ status: 'ok' });
  });

  it('a container of another project on the API port (the engine names it): the switch stops before any change naming it and docker stop; with it stopped, it goes through', async () => {
    await composeOk(stack, ['down', '--remove-orphans']);
    const stranger = `${stack.name}-stranger`;
    strangers.push(stranger);
    await execa('docker', ['run', '-d', '--rm', '--name', stranger, '-p', `127.0.0.1:${stack.ports.api}:3000`, 'local/debian:bookworm', 'sleep', '600']);
    const compose = read('docker-compose.yml');

    const refused = await run(['switch', '--to', 'elixir', '--mode', 'docker', '--yes']);
    expect(refused.exitCode, refused.stdout).toBe(1);
    expect(refused.stdout).toContain('Nothing was stopped and nothing was written');
    expect(refused.stdout).toMatch(new RegExp(`port ${stack.ports.api}, which backend(-ex)? publishes, is held by the container ${stranger}, which is not of this compose project`));
    expect(refused.stdout).toContain(`docker stop ${stranger}`);
    expect(read('docker-compose.yml')).toBe(compose);
    expect(Object.values(await containers(stack))).toEqual([]);

    await execa('docker', ['stop', stranger]); // the fix, as it says
    const passed = await run(['switch', '--to', 'elixir', '--mode', 'docker', '--yes']);
    expect(passed.exitCode, passed.stdout + passed.stderr).toBe(0);
    expect(JSON.parse((await health(stack))!.body)).toMatchObject({ backend: 'elixir' });
  });

  it('a target that crashes once up (after the old stack went down): the up step fails without waiting out its timeout, shows the container\'s last lines, and the way back it prints, run as written, gives the old stack back', async () => {
    const dockerfile = join(stack.root, 'apps/backend/Dockerfile');
    const good = readFileSync(dockerfile, 'utf8');
    // Builds, migrates (compose run names its own command), then dies at start as a bad release would.
    appendFileSync(dockerfile, 'CMD ["sh", "-c", "echo \'error: JWT_SECRET must be at least 32 characters\' >&2; exit 1"]\n');
    try {
      const failed = await run(['switch', '--to', 'bun', '--mode', 'docker', '--yes']);
      expect(failed.exitCode, failed.stdout).toBe(1);
      expect(failed.stdout).toMatch(/did not answer \(container: exited\)/);
      expect(failed.stdout).toContain('error: JWT_SECRET must be at least 32 characters');
      const back = /Meanwhile, to run elixir again: (.+)$/m.exec(failed.stdout)?.[1];
      expect(back, failed.stdout).toMatch(/^backend-switch rollback --cwd \S+ && docker compose --env-file \.env\.docker up -d --build$/);

      // As a person pastes it, with backend-switch on PATH.
      const applied = await execa(back!, { shell: true, cwd: stack.root, reject: false, all: true, env: { PATH: `${shimDir()}:${process.env.PATH}`, DOCKER_HOST: process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock' } });
      expect(applied.exitCode, applied.all).toBe(0);
      await waitFor(async () => (await health(stack))?.body.includes('elixir') === true, 60_000, 'the Elixir stack answering /health again');
      expect(Object.keys(parse(read('docker-compose.yml')).services)).toContain('backend-ex');
    } finally {
      writeFileSync(dockerfile, good);
    }
  });

  it('no secret of .env.docker reached any output', () => {
    const all = printed.join('\n');
    for (const secret of secrets(stack)) expect(all).not.toContain(secret);
  });
});
