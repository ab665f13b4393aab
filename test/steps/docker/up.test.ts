import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { up } from '../../../source/steps/docker/up.js';
import { fingerprint } from '../../../source/util/secrets.js';
import { dockerEngineStandIn } from '../../helpers/docker-engine.js';
import { runningBackend, switchableMonorepo, type Monorepo } from '../../helpers/monorepo.js';
import { NOWHERE } from '../../helpers/fixture.js';
import { applyStep, noWait, stepContext } from '../../helpers/steps.js';

// Guide §3 paso 5: `down`, `up -d --build`, wait for /health; on failure, the container's
// own logs. `docker compose` is the stand-in (its `up` starts the compose file's backend
// service as a stand-in backend); the Engine API is the stand-in on a unix socket.
// This step never reads the database: the copies point at one that is not there.
const database = () => ({ url: `postgres://postgres@${NOWHERE.postgres}/ecredit` });

const JWT = 'k7Qe9vLm2Xp4Rt8Wz1Yb6Nc3Hd5Fg0Js-ecredit-dev-jwt';
const toBun = (repo: Monorepo, extra: Partial<Parameters<typeof stepContext>[1]> = {}) => stepContext(repo.root, { to: 'bun', mode: 'docker', apiUrl: repo.apiUrl, ...extra });

/** The copy's compose command replaced by `command` (`true`: every call succeeds and starts nothing). */
function composeCommand(repo: Monorepo, command: string): void {
  const path = join(repo.root, 'backend-switch.yaml');
  writeFileSync(path, readFileSync(path, 'utf8').replace(/compose: \{ command: "[^"]*" \}/, `compose: { command: "${command}" }`));
}

describe('up step (guide §3 paso 5)', () => {
  describe('preview', () => {
    it('todo: given the API does not answer, it plans down then up --build and asks before the API goes down', async () => {
      const repo = await switchableMonorepo(database().url);
      const preview = await up.preview(toBun(repo));
      expect(preview.state).toBe('todo');
      expect(preview.lines).toEqual(['The stack restarts: down, then up with a rebuild.']);
      expect(preview.commands).toEqual([expect.stringMatching(/ --env-file \.env\.docker down --remove-orphans$/), expect.stringMatching(/ --env-file \.env\.docker up -d --build$/)]);
      expect(preview.questions).toEqual([expect.objectContaining({ id: 'restart', prompt: 'Restart the stack now (the API is down meanwhile)?', default: 'yes' })]);
    });

    it('up to date: given the Bun backend already answers /health', async () => {
      const repo = await switchableMonorepo(database().url);
      await runningBackend(repo, 'bun');
      expect(await up.preview(toBun(repo))).toMatchObject({ state: 'up-to-date', lines: [`the bun backend already answers ${repo.apiUrl}/health.`] });
    });
  });

  describe('apply', () => {
    it('done: runs down and up, and the backend the compose file names answers /health', async () => {
      const repo = await switchableMonorepo(database().url);
      const outcome = await applyStep(up, toBun(repo), { restart: 'yes' });
      expect(outcome.status, outcome.said).toBe('done');
      expect(outcome.detail).toBe(`the bun backend answers ${repo.apiUrl}/health.`);
      expect(outcome.commands.map((c) => [c.command.split(' --env-file .env.docker ')[1], c.exitCode])).toEqual([['down --remove-orphans', 0], ['up -d --build', 0]]);
    });

    it('skipped: answered "no", it leaves the stack alone and gives the command to run', async () => {
      const repo = await switchableMonorepo(database().url);
      const outcome = await applyStep(up, toBun(repo), { restart: 'no' });
      expect(outcome.status).toBe('skipped');
      expect(outcome.detail).toMatch(/^the stack was not restarted; run it yourself: .* --env-file \.env\.docker up -d --build$/);
      expect(outcome.commands).toEqual([]);
    });

    it('failed: given the compose command fails, it stops there with its output', async () => {
      const repo = await switchableMonorepo(database().url);
      composeCommand(repo, 'false');
      const outcome = await applyStep(up, toBun(repo), { restart: 'yes' });
      expect(outcome).toMatchObject({ status: 'failed', fix: expect.stringMatching(/^Read the output above; check the engine with backend-switch doctor --mode docker\.\nMeanwhile, to run elixir again: backend-switch rollback --cwd \S+ && false --env-file \.env\.docker up -d --build$/) });
      expect(outcome.detail).toMatch(/^"false --env-file \.env\.docker down --remove-orphans" exited with 1\./);
      expect(outcome.commands).toHaveLength(1);
    });

    it('failed: given the backend container exited, it starts it once, then shows its last log lines (secrets masked)', async () => {
      const repo = await switchableMonorepo(database().url);
      composeCommand(repo, 'true');
      const engine = await dockerEngineStandIn([{
        id: 'c0ffee', service: 'backend', project: basename(repo.root).toLowerCase(), state: 'exited',
        logs: [['stdout', 'Listening…'], ['stderr', `Error: JWT_SECRET ${JWT} is too short`]],
      }]);
      const outcome = await applyStep(up, toBun(repo, { dockerSocket: engine.socketPath, healthTimeoutMs: 1000, sleep: noWait }), { restart: 'yes' });
      expect(outcome.status).toBe('failed');
      expect(outcome.events).toContainEqual({ type: 'progress', text: `The container ${basename(repo.root).toLowerCase()}-backend-1 is not running: starting it…` });
      expect(engine.requests.filter((r) => r.startsWith('POST '))).toEqual(['POST /containers/c0ffee/start']);
      expect(outcome.detail).toBe(`${repo.apiUrl}/health did not answer (container: exited). Its last log lines:\nListening…\nError: JWT_SECRET ${fingerprint(JWT)} is too short`);
      expect(outcome.fix).toMatch(/^Follow its logs: true --env-file \.env\.docker logs -f backend\nMeanwhile, to run \w+ again: backend-switch rollback --cwd \S+ && true --env-file \.env\.docker up -d --build$/);
      expect(outcome.said).not.toContain(JWT);
    });

    it('failed: given no engine answers either, it says there is no container', async () => {
      const repo = await switchableMonorepo(database().url);
      composeCommand(repo, 'true');
      const outcome = await applyStep(up, toBun(repo, { healthTimeoutMs: 1000, sleep: noWait }), { restart: 'yes' });
      expect(outcome.status).toBe('failed');
      expect(outcome.detail).toBe(`${repo.apiUrl}/health did not answer (container: no container). Its last log lines:\n`);
    });

    it('failed: given another backend still holds the API port and answers /health (a dev process the stack could not replace), it names it instead of saying done', async () => {
      const repo = await switchableMonorepo(database().url);
      composeCommand(repo, 'true'); // down and up succeed, start nothing
      const dev = await runningBackend(repo, 'elixir'); // answers /health from apps/backend-ex
      const outcome = await applyStep(up, toBun(repo, { healthTimeoutMs: 1000, sleep: noWait }), { restart: 'yes' });
      expect(outcome.status).toBe('failed');
      expect(outcome.detail).toContain('answers, but not from the bun backend');
      expect(outcome.detail).toContain(`pid ${dev}`);
      expect(outcome.fix).toContain(`kill ${dev}`);
    });
  });
});
