import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startedByUs } from '../../source/io/started.js';
import { start } from '../../source/steps/start.js';
import { fingerprint } from '../../source/util/secrets.js';
import { runningBackend, STANDIN, switchableMonorepo, type Monorepo } from '../helpers/monorepo.js';
import { NOWHERE } from '../helpers/fixture.js';
import { applyStep, noWait, stepContext } from '../helpers/steps.js';

// Guide §1 paso 2: start the new backend (in the background, or by the person) and wait for
// /health from it. The copies start the stand-in backends on their own free API port.
// This step never reads the database: the copies point at one that is not there.
const database = () => ({ url: `postgres://postgres@${NOWHERE.postgres}/ecredit` });

const JWT = 'k7Qe9vLm2Xp4Rt8Wz1Yb6Nc3Hd5Fg0Js-ecredit-dev-jwt';
const serve = (backend: string) => `${process.execPath} ${STANDIN} ${backend} serve`;
const toElixir = (repo: Monorepo, extra: Partial<Parameters<typeof stepContext>[1]> = {}) => stepContext(repo.root, { to: 'elixir', apiUrl: repo.apiUrl, ...extra });

/** Elixir's start command replaced by `command` in the copy's backend-switch.yaml. */
function startCommand(repo: Monorepo, command: string): void {
  const path = join(repo.root, 'backend-switch.yaml');
  writeFileSync(path, readFileSync(path, 'utf8').replace(JSON.stringify(serve('elixir')), JSON.stringify(command)));
}

describe('start step (guide §1 paso 2)', () => {
  describe('preview', () => {
    it('todo: given nothing answers /health, it shows the start command and its log, and asks how to start it', async () => {
      const repo = await switchableMonorepo(database().url);
      const ctx = toElixir(repo);
      const preview = await start.preview(ctx);
      const shown = `cd apps/backend-ex && set -a && . ./.env && set +a && ${serve('elixir')}`;
      expect(preview.state).toBe('todo');
      expect(preview.lines).toEqual([`Start command: ${shown} (log: .backend-switch/logs/${ctx.runId}-elixir.log).`]);
      expect(preview.commands).toEqual([shown]);
      expect(preview.questions).toEqual([expect.objectContaining({ id: 'start', prompt: 'How should the new backend start?', default: 'managed', required: true, yesAnswers: true })]);
      expect(preview.questions[0]!.options.map((o) => o.value)).toEqual(['managed', 'manual']);
    });

    it('todo: given the old Bun backend still answers /health on the port, that is not the new one running', async () => {
      const repo = await switchableMonorepo(database().url);
      await runningBackend(repo, 'bun');
      expect((await start.preview(toElixir(repo))).state).toBe('todo');
    });

    it('up to date: given the Elixir backend already answers /health from its folder', async () => {
      const repo = await switchableMonorepo(database().url);
      await runningBackend(repo, 'elixir');
      const preview = await start.preview(toElixir(repo));
      expect(preview).toMatchObject({ state: 'up-to-date', lines: [`the elixir backend already answers ${repo.apiUrl}/health.`], questions: [] });
    });
  });

  describe('apply', () => {
    it('done: "managed" starts it in the background with a log, records its pid, and waits for /health', async () => {
      const repo = await switchableMonorepo(database().url);
      const ctx = toElixir(repo);
      const outcome = await applyStep(start, ctx, { start: 'managed' });
      expect(outcome.status, outcome.said).toBe('done');
      expect(outcome.detail).toBe(`the elixir backend answers ${repo.apiUrl}/health.`);
      const log = `.backend-switch/logs/${ctx.runId}-elixir.log`;
      const pid = outcome.data!.pid as number;
      expect(outcome.data).toEqual({ pid, log, managed: true });
      expect(outcome.events[0]).toEqual({ type: 'progress', text: `Started, pid ${pid}; log: ${log}` });
      expect(readFileSync(join(repo.root, log), 'utf8')).toContain('elixir stand-in listening');
      expect(startedByUs(repo.root, pid)).toMatchObject({ pid, backend: 'elixir', runId: ctx.runId }); // `status` knows it again
    });

    it('done: "manual" tells the person the command, then waits for the backend they start', async () => {
      const repo = await switchableMonorepo(database().url);
      let started: Promise<number> | undefined;
      const outcome = await applyStep(start, toElixir(repo), { start: 'manual' }, (event) => {
        if (event.type === 'progress' && event.text.startsWith('Start it now in another terminal')) started = runningBackend(repo, 'elixir');
      });
      expect(outcome.status, outcome.said).toBe('done');
      expect(outcome.data).toEqual({ pid: null, log: null, managed: false });
      expect(outcome.events[0]).toEqual({ type: 'progress', text: `Start it now in another terminal: cd apps/backend-ex && set -a && . ./.env && set +a && ${serve('elixir')}` });
      await started;
    });

    it('failed: given the backend exits while starting, it shows the last log lines (secrets masked) and where the log is', async () => {
      const repo = await switchableMonorepo(database().url);
      startCommand(repo, `${process.execPath} -e "console.error('** (RuntimeError) JWT_SECRET ${JWT} rejected: too weak'); process.exit(1)"`);
      const ctx = toElixir(repo);
      const outcome = await applyStep(start, ctx, { start: 'managed' });
      expect(outcome.status).toBe('failed');
      expect(outcome.detail).toBe(`the backend exited while starting. Last log lines:\n** (RuntimeError) JWT_SECRET ${fingerprint(JWT)} rejected: too weak`);
      const [fix, back] = outcome.fix!.split('\n');
      expect(fix).toBe(`Read .backend-switch/logs/${ctx.runId}-elixir.log, fix the error, and run the switch again.`);
      // The team is left with no backend: how to have the old one back meanwhile.
      expect(back).toMatch(/^Meanwhile, to run bun again: cd apps\/backend && .+ serve \(and backend-switch rollback --cwd \S+ puts back the files this switch changed\)\.$/);
      expect(outcome.said).not.toContain(JWT);
    });

    it('failed: given nothing answers /health within the wait, it says how long it waited and where to look', async () => {
      const repo = await switchableMonorepo(database().url);
      const ctx = toElixir(repo, { healthTimeoutMs: 3000, sleep: noWait });
      const outcome = await applyStep(start, ctx, { start: 'manual' });
      expect(outcome).toMatchObject({ status: 'failed', detail: `${repo.apiUrl}/health did not answer within 3 s.` });
      expect(outcome.fix).toContain(`Read .backend-switch/logs/${ctx.runId}-elixir.log (or the terminal where it runs)`);
      expect(existsSync(join(repo.root, '.backend-switch/started.json'))).toBe(false); // nothing was started
    });

    it('unchanged: given the Elixir backend already answers', async () => {
      const repo = await switchableMonorepo(database().url);
      await runningBackend(repo, 'elixir');
      const outcome = await applyStep(start, toElixir(repo), { start: 'managed' });
      expect(outcome).toMatchObject({ status: 'unchanged', detail: `the elixir backend already answers ${repo.apiUrl}/health.` });
    });
  });
});
