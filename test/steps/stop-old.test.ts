import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPortOwners } from '../../source/probes/port-owner.js';
import { stopOld } from '../../source/steps/stop-old.js';
import { runningBackend, switchableMonorepo, type Monorepo } from '../helpers/monorepo.js';
import { NOWHERE } from '../helpers/fixture.js';
import { killListenerAfterTest, processOnPort, alive } from '../helpers/processes.js';
import { applyStep, noWait, stepContext } from '../helpers/steps.js';
import { dockerEngineStandIn } from '../helpers/docker-engine.js';

const savedDockerHost = process.env.DOCKER_HOST;

// Guide §1 paso 1 "Detener Bun/Elixir": who holds the API port, and stopping it once a
// person (or --yes, for a backend of this monorepo) says so. Real processes on real ports.
// This step never reads the database: the copies point at one that is not there.
const database = () => ({ url: `postgres://postgres@${NOWHERE.postgres}/ecredit` });

const held = async (port: number) => (await findPortOwners([port]))[0]!.listening;

/**
 * A process in the Bun backend's folder holding a port, from a script: `ignoreTerm` ignores
 * SIGTERM (a hung backend); `forkedWorker` leaves a forked child holding the same socket,
 * which outlives its parent (as a worker that inherited the listener does).
 */
async function bunProcess(repo: Monorepo, options: { ignoreTerm?: boolean; forkedWorker?: boolean }): Promise<{ pid: number; port: number }> {
  const script = [
    'import os, signal, socket, sys, time',
    ...(options.ignoreTerm ? ['signal.signal(signal.SIGTERM, signal.SIG_IGN)'] : []),
    "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()",
    ...(options.forkedWorker ? ['if os.fork() == 0:', '    time.sleep(60); sys.exit(0)'] : []),
    'print(s.getsockname()[1], flush=True)',
    'time.sleep(60)',
  ].join('\n');
  const child = spawn('python3', ['-c', script], { cwd: join(repo.root, 'apps/backend'), stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const port = Number(String(chunk).trim());
  killListenerAfterTest(port);
  child.once('exit', () => {});
  return { pid: child.pid!, port };
}

describe('stop step (guide §1 paso 1)', () => {
  describe('preview', () => {
    it('todo: given the Bun backend holds the API port from its folder, it previews `kill <pid>` and asks (--yes may answer)', async () => {
      const repo = await switchableMonorepo(database().url);
      const pid = await runningBackend(repo, 'bun');
      const preview = await stopOld.preview(stepContext(repo.root, { to: 'elixir', apiUrl: repo.apiUrl }));
      expect(preview.state).toBe('todo');
      expect(preview.lines[0]).toMatch(new RegExp(`^Port ${repo.port}: pid ${pid} .*apps/backend`));
      expect(preview.lines[1]).toBe('It is the bun backend, the one being replaced.');
      expect(preview.commands).toEqual([`kill ${pid}`]);
      expect(preview.questions).toEqual([expect.objectContaining({ id: 'stop', prompt: `Stop pid ${pid} (the bun backend)?`, default: 'yes', required: true, yesAnswers: true })]);
    });

    it('todo: given a process that is not shown to be a backend holds the port, only a person may stop it (default no, never --yes)', async () => {
      const repo = await switchableMonorepo(database().url);
      const stranger = await processOnPort('python3');
      const preview = await stopOld.preview(stepContext(repo.root, { to: 'elixir', apiUrl: `http://127.0.0.1:${stranger.port}` }));
      expect(preview.state).toBe('todo');
      expect(preview.lines[1]).toMatch(/^It is not shown to be a backend of this monorepo \(folder: \/.*\): it will only be stopped if you say so\.$/);
      expect(preview.commands).toEqual([`kill ${stranger.pid}`]);
      expect(preview.questions).toEqual([expect.objectContaining({ id: 'stop', prompt: `Stop pid ${stranger.pid} anyway? It is not a backend backend-switch knows.`, default: 'no', yesAnswers: false })]);
    });

    it('todo: given a container runtime\'s proxy publishes the port, it plans `compose stop` of the old service', async () => {
      const repo = await switchableMonorepo(database().url);
      const proxy = await processOnPort('docker-proxy');
      const preview = await stopOld.preview(stepContext(repo.root, { to: 'elixir', apiUrl: `http://127.0.0.1:${proxy.port}` }));
      expect(preview.lines[1]).toBe('It is a container published by Docker.');
      expect(preview.commands).toEqual([expect.stringMatching(/ --env-file \.env\.docker stop backend$/)]);
      expect(preview.questions).toEqual([expect.objectContaining({ id: 'stop', prompt: 'Stop the old backend container?' })]);
    });

    it('blocked: given the engine names the container on the port as another compose project\'s, it says compose stop would not free it', async () => {
      const repo = await switchableMonorepo(database().url);
      const proxy = await processOnPort('docker-proxy');
      const engine = await dockerEngineStandIn([{ id: 'c1', service: 'api', project: 'another-checkout', state: 'running', ports: [proxy.port] }]);
      process.env.DOCKER_HOST = `unix://${engine.socketPath}`;
      try {
        const preview = await stopOld.preview(stepContext(repo.root, { to: 'elixir', apiUrl: `http://127.0.0.1:${proxy.port}` }));
        expect(preview.state).toBe('blocked');
        expect(preview.blocked?.detail).toBe(`port ${proxy.port} is published by the container another-checkout-api-1, which is not of this compose project: stopping this project's services would not free it.`);
        expect(preview.blocked?.fix).toContain('docker stop another-checkout-api-1');
        expect(preview.commands).toEqual([]);
      } finally {
        process.env.DOCKER_HOST = savedDockerHost;
      }
    });

    it('up to date: given nothing holds the API port', async () => {
      const repo = await switchableMonorepo(database().url);
      const preview = await stopOld.preview(stepContext(repo.root, { to: 'elixir', apiUrl: repo.apiUrl }));
      expect(preview).toMatchObject({ state: 'up-to-date', lines: [`nothing holds port ${repo.port}: nothing to stop.`], commands: [], questions: [] });
    });

    it('up to date: given the target itself already holds the port', async () => {
      const repo = await switchableMonorepo(database().url);
      await runningBackend(repo, 'elixir');
      const preview = await stopOld.preview(stepContext(repo.root, { to: 'elixir', apiUrl: repo.apiUrl }));
      expect(preview.state).toBe('up-to-date');
      expect(preview.lines[1]).toBe('It is already the elixir backend.');
    });

    // blocked ("held by a process this user cannot see") needs another user's process
    // whose /proc entries this user cannot read; the tests run as root, who reads them all.
  });

  describe('apply', () => {
    it('done: the old backend honours SIGTERM; it is gone and the port is free', async () => {
      const repo = await switchableMonorepo(database().url);
      const pid = await runningBackend(repo, 'bun');
      const outcome = await applyStep(stopOld, stepContext(repo.root, { to: 'elixir', apiUrl: repo.apiUrl }), { stop: 'yes' });
      expect(outcome).toMatchObject({ status: 'done', detail: `stopped pid ${pid} (SIGTERM).`, data: { pid, signal: 'SIGTERM' } });
      expect(outcome.events).toContainEqual({ type: 'progress', text: `Sending SIGTERM to pid ${pid}…` });
      expect(alive(pid)).toBe(false);
      expect(await held(repo.port)).toBe(false);
    });

    it('done: given the old backend ignores SIGTERM, it is killed after the grace period', async () => {
      const repo = await switchableMonorepo(database().url);
      const hung = await bunProcess(repo, { ignoreTerm: true });
      const outcome = await applyStep(stopOld, stepContext(repo.root, { to: 'elixir', apiUrl: `http://127.0.0.1:${hung.port}`, sleep: noWait }), { stop: 'yes' });
      expect(outcome).toMatchObject({ status: 'done', detail: `stopped pid ${hung.pid} (SIGKILL).` });
      expect(await held(hung.port)).toBe(false);
    });

    it('failed: given a forked worker keeps the port after its parent is killed, it says the port is still held', async () => {
      const repo = await switchableMonorepo(database().url);
      const parent = await bunProcess(repo, { forkedWorker: true });
      const outcome = await applyStep(stopOld, stepContext(repo.root, { to: 'elixir', apiUrl: `http://127.0.0.1:${parent.port}`, sleep: noWait }), { stop: 'yes' });
      expect(outcome).toMatchObject({ status: 'failed', detail: `port ${parent.port} is still held after SIGKILL.` });
      expect(outcome.fix).toContain('Ctrl+C in its terminal');
    });

    it('failed: answered "no", the backend keeps running and the fix says how to stop it by hand', async () => {
      const repo = await switchableMonorepo(database().url);
      const pid = await runningBackend(repo, 'bun');
      const outcome = await applyStep(stopOld, stepContext(repo.root, { to: 'elixir', apiUrl: repo.apiUrl }), { stop: 'no' });
      expect(outcome).toMatchObject({ status: 'failed', detail: `port ${repo.port} is still held: the new backend could not start.`, fix: `Stop it yourself (Ctrl+C in its terminal, or kill ${pid}), then run the switch again.` });
      expect(alive(pid)).toBe(true);
    });

    it('unchanged: given the port is free by the time it runs', async () => {
      const repo = await switchableMonorepo(database().url);
      const outcome = await applyStep(stopOld, stepContext(repo.root, { to: 'elixir', apiUrl: repo.apiUrl }), { stop: 'yes' });
      expect(outcome).toMatchObject({ status: 'unchanged', detail: `nothing holds port ${repo.port}: nothing to stop.` });
    });

    it('done: given a container publishes the port, it runs `compose stop` of the old service', async () => {
      const repo = await switchableMonorepo(database().url);
      const proxy = await processOnPort('docker-proxy');
      const outcome = await applyStep(stopOld, stepContext(repo.root, { to: 'elixir', apiUrl: `http://127.0.0.1:${proxy.port}` }), { stop: 'yes' });
      expect(outcome.status).toBe('done');
      expect(outcome.commands).toEqual([expect.objectContaining({ command: expect.stringMatching(/ --env-file \.env\.docker stop backend$/), exitCode: 0 })]);
    });
  });
});
