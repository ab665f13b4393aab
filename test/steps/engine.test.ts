import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { translator } from '../../source/i18n/index.js';
import { acquireLock } from '../../source/io/lock.js';
import type { BackendName, Mode } from '../../source/project/config.js';
import { createStepContext, type RunSettings } from '../../source/steps/context.js';
import { finishRun } from '../../source/report/finish.js';
import { SwitchEngine, scriptedAnswerer, type Answerer } from '../../source/steps/engine.js';
import type { Step } from '../../source/steps/types.js';
import { WizardController } from '../../source/ui/wizard-controller.js';
import { stepsFor } from '../../source/steps/index.js';
import { BIN, runBin } from '../helpers/bin.js';
import { editEnv } from '../helpers/env-files.js';
import { dockerMonorepo, runningBackend, switchableMonorepo, type Monorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';
import { closedPort, passwordCheckingPostgres, stalledServer } from '../helpers/servers.js';
import { treeHash } from '../helpers/tree.js';

const database = freshDatabasePerTest();
const t = translator('en');

const settingsFor = (repo: Monorepo, timeoutMs = 2000): RunSettings => ({ project: { root: repo.root }, t, apiUrl: repo.apiUrl, frontendOrigin: 'http://localhost:5173', timeoutMs });

function engineFor(repo: Monorepo, to: BackendName, mode: Mode, answerer: Answerer, options: { steps?: (mode: Mode) => readonly Step[]; dockerSocket?: string } = {}) {
  return new SwitchEngine({
    to,
    mode,
    finish: finishRun,
    answerer,
    ...(options.steps ? { steps: options.steps } : {}),
    createContext: (target, m) => createStepContext(settingsFor(repo), { to: target, mode: m, signal: new AbortController().signal, ...(options.dockerSocket ? { dockerSocket: options.dockerSocket } : {}) }),
  });
}

/** A person who takes every question's default, answers `manual` to the checklist, and always goes on. */
function person(manual = 'yes'): Answerer {
  return {
    person: true,
    answer: async (question) => (question.required ? question.default : manual),
    afterFailure: async () => ({ retry: false }),
    proceed: async () => {},
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The monorepo's own files (its state folder aside, where the failed run's report goes). */
const files = (repo: Monorepo) => treeHash(repo.root, ['.backend-switch']);

describe('the switch engine', () => {
  describe('a gate before the first change: a failure leaves the old backend running and every file as it was', () => {
    it('a wrong database password (on a server that checks it)', async () => {
      const repo = await switchableMonorepo(database().url);
      const pid = await runningBackend(repo, 'bun');
      const { port } = await passwordCheckingPostgres();
      editEnv(repo.root, 'apps/backend-ex/.env', { DATABASE_URL: `ecto://postgres:wrong@127.0.0.1:${port}/ecredit` });
      const before = files(repo);
      const result = await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
      expect(result.exitCode, result.stdout + result.stderr).toBe(1);
      expect(result.stdout).toContain('the switch cannot start');
      expect(result.stdout).toContain('refused the credentials');
      expect(result.stdout).not.toContain('wrong');
      expect(alive(pid)).toBe(true);
      expect(files(repo)).toBe(before);
    });

    it('Redis down for Bun, with no engine that could start it', async () => {
      const repo = await switchableMonorepo(database().url);
      const pid = await runningBackend(repo, 'elixir');
      editEnv(repo.root, 'apps/backend/.env', { REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
      const before = files(repo);
      const result = await runBin(['switch', '--to', 'bun', '--yes', '--cwd', repo.root], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
      expect(result.exitCode, result.stdout + result.stderr).toBe(1);
      expect(result.stdout).toContain('Redis: nothing accepts connections');
      expect(alive(pid)).toBe(true);
      expect(files(repo)).toBe(before);
    });

    it('a SECRET_KEY_BASE shorter than 64 characters', async () => {
      const repo = await switchableMonorepo(database().url);
      const pid = await runningBackend(repo, 'bun');
      editEnv(repo.root, 'apps/backend-ex/.env', { SECRET_KEY_BASE: 'short' });
      const before = files(repo);
      const result = await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
      expect(result.exitCode, result.stdout + result.stderr).toBe(1);
      expect(result.stdout).toContain('SECRET_KEY_BASE');
      expect(result.stdout).not.toMatch(/^Switched/m);
      expect(alive(pid)).toBe(true);
      expect(files(repo)).toBe(before);
    });

    it('a missing FRONTEND_URL is not "Switched" either', async () => {
      const repo = await switchableMonorepo(database().url);
      const pid = await runningBackend(repo, 'bun');
      editEnv(repo.root, 'apps/backend-ex/.env', { FRONTEND_URL: undefined });
      const before = files(repo);
      const result = await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain('FRONTEND_URL');
      expect(alive(pid)).toBe(true);
      expect(files(repo)).toBe(before);
    });

    it('Docker mode with no compose command', async () => {
      const repo = await dockerMonorepo(database().url);
      const config = join(repo.root, 'backend-switch.yaml');
      writeFileSync(config, readFileSync(config, 'utf8').replace(/compose: \{ command: "[^"]*" \}/, 'compose: { command: "no-such-compose-bs" }'));
      const before = files(repo);
      const result = await runBin(['switch', '--to', 'elixir', '--mode', 'docker', '--yes', '--cwd', repo.root], { env: repo.env });
      expect(result.exitCode, result.stdout + result.stderr).toBe(1);
      expect(result.stdout).toContain('the compose command does not run (no-such-compose-bs version');
      expect(files(repo)).toBe(before);
    });

    it('a database that accepts connections and never answers fails within the probe timeout, naming it', async () => {
      const repo = await switchableMonorepo(database().url);
      const pid = await runningBackend(repo, 'bun');
      const stalled = await stalledServer();
      editEnv(repo.root, 'apps/backend-ex/.env', { DATABASE_URL: `ecto://postgres:pw@127.0.0.1:${stalled.port}/ecredit` });
      const before = files(repo);
      const result = await runBin(['switch', '--to', 'elixir', '--yes', '--timeout', '300', '--cwd', repo.root]);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toMatch(/no answer|timed out/);
      expect(alive(pid)).toBe(true);
      expect(files(repo)).toBe(before);
    });
  });

  it('fresh state per run: after a Docker switch, "n" on the report switches back for real, judged on the files as they are now', async () => {
    const repo = await dockerMonorepo(database().url);
    const socket = repo.env.DOCKER_HOST!.replace('unix://', '');
    const controller = new WizardController({
      stepsFor,
      detectActive: async () => undefined,
      createRun: (to, mode, answerer, onEvent) => {
        const engine = new SwitchEngine({ to, mode, finish: finishRun, answerer, onEvent, createContext: (target, m) => createStepContext(settingsFor(repo), { to: target, mode: m, signal: new AbortController().signal, dockerSocket: socket }) });
        return { progress: () => engine.progress(), run: async () => ({ report: (await engine.run()).finished.report, path: '' }) };
      },
      describeError: String,
    });
    const autopilot = controller.subscribe(() => {
      if (controller.pendingQuestion) void controller.answer(controller.pendingQuestion.required ? controller.pendingQuestion.default : 'yes');
      else if (controller.currentView?.phase === 'finished' && controller.currentView.outcome?.status !== 'failed' && !controller.state.report) void controller.next();
    });
    await controller.chooseDirection('elixir', 'docker');
    const first = controller.state.report!.report;
    expect(first.result, JSON.stringify(first.steps)).toMatch(/^(switched|partial)$/);
    expect(readFileSync(join(repo.root, 'docker-compose.yml'), 'utf8')).toContain('backend-ex:');

    await controller.restart();
    await controller.chooseDirection('bun', 'docker');
    autopilot();
    const second = controller.state.report!.report;
    expect(second.result, JSON.stringify(second.steps)).toMatch(/^(switched|partial)$/); // not "unchanged": the files were read anew
    expect(second.steps.find((s) => s.id === 'compose')!.status).toBe('done');
    expect(second.startedAt).not.toBe(first.startedAt);
    expect(second.runId).not.toBe(first.runId);
    const compose = readFileSync(join(repo.root, 'docker-compose.yml'), 'utf8');
    expect(compose).toContain('  backend:');
    expect(compose).not.toContain('backend-ex:');
  });

  it('a step that throws is that step\'s failure: the run ends, its report is saved', async () => {
    const repo = await switchableMonorepo(database().url);
    const throwing: Step = {
      id: 'frontend',
      preview: async () => ({ state: 'todo', lines: [], changes: [], commands: [], questions: [] }),
      apply: async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: join(repo.root, 'apps/frontend/.env.local') });
      },
    };
    const result = await engineFor(repo, 'elixir', 'dev', scriptedAnswerer(true), { steps: () => [throwing] }).run();
    expect(result.finished.report.result).toBe('failed');
    expect(result.finished.report.steps[0]).toMatchObject({ id: 'frontend', status: 'failed' });
    expect(result.finished.report.steps[0]!.detail).toContain('apps/frontend/.env.local: the disk is full (ENOSPC)');
    expect(existsSync(result.finished.saved!.json)).toBe(true);
  });

  it('one run at a time: a second switch while one holds the lock exits 2 naming it; a dead holder\'s lock is taken over', async () => {
    const repo = await switchableMonorepo(database().url);
    const lock = acquireLock(repo.root, { runId: '20261130-000000-aaaa', kind: 'switch' });
    expect(lock.ok).toBe(true);
    const second = await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toContain(`another backend-switch switch is running on this monorepo (pid ${process.pid}, run 20261130-000000-aaaa`);
    if (lock.ok) lock.release();

    const dead = spawn(process.execPath, ['-e', '0']);
    await once(dead, 'exit');
    writeFileSync(join(repo.root, '.backend-switch/lock'), JSON.stringify({ pid: dead.pid, runId: '20261130-000000-bbbb', kind: 'switch', startedAt: '2026-11-30T00:00:00Z' }));
    const taken = acquireLock(repo.root, { runId: '20261130-000000-cccc', kind: 'switch' });
    expect(taken).toMatchObject({ ok: true, tookOverFrom: { runId: '20261130-000000-bbbb' } });
  });

  it('honest verdicts: a "No" to a checklist question is not "Switched"', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    const result = await engineFor(repo, 'elixir', 'dev', person('no')).run();
    expect(result.finished.report.result).toBe('partial');
    expect(result.finished.report.unconfirmed).toEqual([
      { item: 'testApplication', reason: 'answered-no' },
      { item: 'logs', reason: 'answered-no' },
      { item: 'tellTeam', reason: 'answered-no' },
    ]);
    const confirmed = await engineFor(repo, 'bun', 'dev', person('yes')).run();
    expect(confirmed.finished.report.result).toBe('switched');
  });

  it('Ctrl+C names the files already changed, the rollback that undoes them, and exits 130', async () => {
    const repo = await dockerMonorepo(database().url);
    // Docker mode migrates with `compose run`: the compose stand-in runs this script instead, which never ends.
    writeFileSync(join(repo.root, 'hang.mjs'), "console.log('migrating…'); setInterval(() => {}, 1000);\n");
    const child = spawn(process.execPath, [BIN, 'switch', '--to', 'elixir', '--mode', 'docker', '--yes', '--cwd', repo.root], { env: { ...process.env, ...repo.env, COMPOSE_STANDIN_HANG: join(repo.root, 'hang.mjs'), NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk;
        if (stdout.includes('migrating…')) resolve();
      });
    });
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(130);
    expect(stderr).toContain('Interrupted.');
    expect(stderr).toMatch(/Files already changed: .*\.env\.docker.*docker-compose\.yml.*apps\/frontend\/Dockerfile/);
    expect(stderr).toContain('backend-switch rollback');
  });
});
