import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../source/util/errors.js';
import { translator } from '../../source/i18n/index.js';
import { acquireLock } from '../../source/io/lock.js';
import type { BackendName, Mode } from '../../source/project/config.js';
import { createStepContext, type RunSettings } from '../../source/steps/context.js';
import { finishRun } from '../../source/report/finish.js';
import { SwitchEngine, scriptedAnswerer, type Answerer } from '../../source/steps/engine.js';
import type { Step } from '../../source/steps/types.js';
import { WizardController } from '../../source/ui/wizard-controller.js';
import { stepsFor } from '../../source/steps/index.js';
import { BIN } from '../helpers/bin.js';
import { NO_ENGINE } from '../helpers/steps.js';
import { editEnv } from '../helpers/env-files.js';
import { dockerMonorepo, runningBackend, switchableMonorepo, type Monorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';
import { closedPort, onClose, passwordCheckingPostgres, stalledServer } from '../helpers/servers.js';
import { treeHash } from '../helpers/tree.js';
import { alive } from '../helpers/processes.js';

const database = freshDatabasePerTest();
const t = translator('en');

const settingsFor = (repo: Monorepo, timeoutMs = 2000): RunSettings => ({ project: { root: repo.root }, t, apiUrl: repo.apiUrl, frontendOrigin: 'http://localhost:5173', timeoutMs });

function engineFor(repo: Monorepo, to: BackendName, mode: Mode, answerer: Answerer, options: { steps?: (mode: Mode) => readonly Step[]; dockerSocket?: string; timeoutMs?: number } = {}) {
  return new SwitchEngine({
    to,
    mode,
    finish: finishRun,
    answerer,
    ...(options.steps ? { steps: options.steps } : {}),
    // Never the machine's Docker engine: a test names the one it means (or none).
    createContext: (target, m) => createStepContext(settingsFor(repo, options.timeoutMs), { to: target, mode: m, signal: new AbortController().signal, dockerSocket: options.dockerSocket ?? NO_ENGINE }),
  });
}

/** `switch --to <to> --yes`, in-process: the report, and every outcome's detail and fix as it would print them. */
async function yesSwitch(repo: Monorepo, to: BackendName, options: { mode?: Mode; dockerSocket?: string; timeoutMs?: number } = {}) {
  const { records, finished } = await engineFor(repo, to, options.mode ?? 'dev', scriptedAnswerer(true), options).run();
  return { report: finished.report, said: records.map((r) => `${r.outcome.detail}\n${r.outcome.fix ?? ''}`).join('\n') };
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

/** The monorepo's own files (its state folder aside, where the failed run's report goes). */
const files = (repo: Monorepo) => treeHash(repo.root, ['.backend-switch']);

describe('the switch engine', () => {
  describe('a gate before the first change: a failure leaves the old backend running and every file as it was', () => {
    /** The gate stopped the run at the pre-flight: reported failed, and saying why. */
    const stoppedAtGate = (run: Awaited<ReturnType<typeof yesSwitch>>) => {
      expect(run.report.result, run.said).toBe('failed');
      expect(run.report.steps.map((step) => `${step.id}:${step.status}`)).toEqual(['preflight:failed']);
      expect(run.said).toContain('the switch cannot start');
    };

    it('a wrong database password (on a server that checks it)', async () => {
      const repo = await switchableMonorepo(database().url);
      const pid = await runningBackend(repo, 'bun');
      const { port } = await passwordCheckingPostgres();
      editEnv(repo.root, 'apps/backend-ex/.env', { DATABASE_URL: `ecto://postgres:wrong@127.0.0.1:${port}/ecredit` });
      const before = files(repo);
      const run = await yesSwitch(repo, 'elixir');
      stoppedAtGate(run);
      expect(run.said).toContain('refused the credentials');
      expect(run.said).not.toContain('wrong');
      expect(alive(pid)).toBe(true);
      expect(files(repo)).toBe(before);
    });

    it('Redis down for Bun, with no engine that could start it', async () => {
      const repo = await switchableMonorepo(database().url);
      const pid = await runningBackend(repo, 'elixir');
      editEnv(repo.root, 'apps/backend/.env', { REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
      const before = files(repo);
      const run = await yesSwitch(repo, 'bun');
      stoppedAtGate(run);
      expect(run.said).toContain('Redis: nothing accepts connections');
      expect(alive(pid)).toBe(true);
      expect(files(repo)).toBe(before);
    });

    it('a SECRET_KEY_BASE shorter than 64 characters', async () => {
      const repo = await switchableMonorepo(database().url);
      const pid = await runningBackend(repo, 'bun');
      editEnv(repo.root, 'apps/backend-ex/.env', { SECRET_KEY_BASE: 'short' });
      const before = files(repo);
      const run = await yesSwitch(repo, 'elixir');
      stoppedAtGate(run);
      expect(run.said).toContain('SECRET_KEY_BASE');
      expect(alive(pid)).toBe(true);
      expect(files(repo)).toBe(before);
    });

    it('a missing FRONTEND_URL is not "Switched" either', async () => {
      const repo = await switchableMonorepo(database().url);
      const pid = await runningBackend(repo, 'bun');
      editEnv(repo.root, 'apps/backend-ex/.env', { FRONTEND_URL: undefined });
      const before = files(repo);
      const run = await yesSwitch(repo, 'elixir');
      stoppedAtGate(run);
      expect(run.said).toContain('FRONTEND_URL');
      expect(alive(pid)).toBe(true);
      expect(files(repo)).toBe(before);
    });

    it('Docker mode with no compose command', async () => {
      const repo = await dockerMonorepo(database().url);
      const config = join(repo.root, 'backend-switch.yaml');
      writeFileSync(config, readFileSync(config, 'utf8').replace(/compose: \{ command: "[^"]*" \}/, 'compose: { command: "no-such-compose-bs" }'));
      const before = files(repo);
      const run = await yesSwitch(repo, 'elixir', { mode: 'docker', dockerSocket: repo.env.DOCKER_HOST!.replace('unix://', '') });
      stoppedAtGate(run);
      expect(run.said).toContain('the compose command does not run (no-such-compose-bs version');
      expect(files(repo)).toBe(before);
    });

    it('a database that accepts connections and never answers fails within the probe timeout, naming it', async () => {
      const repo = await switchableMonorepo(database().url);
      const pid = await runningBackend(repo, 'bun');
      const stalled = await stalledServer();
      editEnv(repo.root, 'apps/backend-ex/.env', { DATABASE_URL: `ecto://postgres:pw@127.0.0.1:${stalled.port}/ecredit` });
      const before = files(repo);
      const started = performance.now();
      const run = await yesSwitch(repo, 'elixir', { timeoutMs: 300 });
      stoppedAtGate(run);
      expect(run.said).toMatch(/no answer|timed out/);
      expect(performance.now() - started).toBeLessThan(10_000);
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

  it('one run at a time: a second switch while one holds the lock stops before anything (a usage error: exit 2) naming it; a dead holder\'s lock is taken over', async () => {
    const repo = await switchableMonorepo(database().url);
    const lock = acquireLock(repo.root, { runId: '20261130-000000-aaaa', kind: 'switch' });
    expect(lock.ok).toBe(true);
    const before = files(repo);
    await expect(engineFor(repo, 'elixir', 'dev', scriptedAnswerer(true)).run()).rejects.toThrow(`another backend-switch switch is running on this monorepo (pid ${process.pid}, run 20261130-000000-aaaa`);
    expect(files(repo)).toBe(before);
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
      { item: 'tests', reason: 'skipped' },
      { item: 'webhook', reason: 'answered-no' },
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
  it('never stops a process that is not a backend without a person, even with --yes: the run stops before any change (exit 2)', async () => {
    const repo = await switchableMonorepo(database().url);
    // Someone's web server on the API port (as `python3 -m http.server` would be): not this monorepo's backend.
    const script = `require('http').createServer((q, r) => r.writeHead(404).end()).listen(${repo.port}, '127.0.0.1', () => console.log('listening'))`;
    const stranger = spawn(process.execPath, ['-e', script], { argv0: 'python3', cwd: tmpdir(), stdio: ['ignore', 'pipe', 'inherit'] });
    onClose(() => void stranger.kill('SIGKILL'));
    await once(stranger.stdout!, 'data');
    const before = treeHash(repo.root);
    const error = await engineFor(repo, 'elixir', 'dev', scriptedAnswerer(true)).run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain(`needs a person to decide: Stop pid ${stranger.pid} anyway?`);
    expect(treeHash(repo.root)).toBe(before);
    expect(alive(stranger.pid!)).toBe(true);
  });

  it('run twice, changes nothing the second time: no file, no new journal entry, no backup, every step but the checklist unchanged', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    const first = await yesSwitch(repo, 'elixir');
    expect(first.report.result, first.said).toBe('partial'); // --yes confirms no checklist item
    const journals = readdirSync(join(repo.root, '.backend-switch/journal'));
    const apps = treeHash(join(repo.root, 'apps'));
    const again = await yesSwitch(repo, 'elixir');
    expect(again.report.result).toBe('unchanged');
    expect(again.report.steps.filter((step) => step.status !== 'unchanged').map((step) => step.id)).toEqual(['verify']);
    expect(again.report.backup).toBeNull();
    expect(treeHash(join(repo.root, 'apps'))).toBe(apps);
    const entries = (run: string) => JSON.parse(readFileSync(join(repo.root, '.backend-switch/journal', run, 'manifest.json'), 'utf8')).entries;
    const newRuns = readdirSync(join(repo.root, '.backend-switch/journal')).filter((run) => !journals.includes(run));
    for (const run of newRuns) expect(entries(run)).toEqual([]); // a run that changed nothing names no file
  });
});
