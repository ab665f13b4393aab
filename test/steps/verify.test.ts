import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verify } from '../../source/steps/verify.js';
import { editEnv } from '../helpers/env-files.js';
import { runningBackend, switchableMonorepo, type Monorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';
import { applyStep, stepContext } from '../helpers/steps.js';

// Guide §5 "Después del cambio": health, CORS, WebSocket, JWT, the frontend and a login,
// checked against the running backend; the rest a person confirms (or not).
const database = freshDatabasePerTest(); // the jobs check reads it

const toElixir = (repo: Monorepo) => stepContext(repo.root, { to: 'elixir', apiUrl: repo.apiUrl });

/** Elixir running on the copy's API port, and the frontend pointing at it: a finished switch. */
async function switchedToElixir(): Promise<Monorepo> {
  const repo = await switchableMonorepo(database().url);
  writeFileSync(join(repo.root, 'apps/frontend/.env.local'), `VITE_API_URL=${repo.apiUrl}\n`);
  await runningBackend(repo, 'elixir');
  return repo;
}

describe('verify step (guide §5, after the switch)', () => {
  describe('preview', () => {
    it('todo: lists the automatic checks, and asks the manual items as optional questions nobody but a person answers', async () => {
      const repo = await switchableMonorepo(database().url);
      const preview = await verify.preview(toElixir(repo));
      expect(preview.state).toBe('todo');
      expect(preview.lines).toHaveLength(1);
      expect(preview.lines[0]).toMatch(/^Automatic: health, cors, ws, jwt, frontend, (\w+, )*login\.$/);
      expect(preview.questions.map((q) => [q.id, q.required, q.yesAnswers])).toEqual([
        ['testApplication', false, false],
        ['logs', false, false],
        ['tellTeam', false, false],
      ]);
      expect(preview.questions[1]!.prompt).toBe('Check the elixir backend logs for errors: are they clean?');
    });

    it('todo: with smoke.webhookPath configured, the webhook is checked too', async () => {
      const repo = await switchableMonorepo(database().url);
      appendFileSync(join(repo.root, 'backend-switch.yaml'), 'smoke: { webhookPath: /api/webhooks/bank }\n');
      expect((await verify.preview(toElixir(repo))).lines[0]).toMatch(/, login, webhook\.$/);
    });
  });

  describe('apply', () => {
    it('done: given Elixir runs and the frontend points at it, every check and the login pass; the answers are recorded as given', async () => {
      const repo = await switchedToElixir();
      const outcome = await applyStep(verify, toElixir(repo), { testApplication: 'yes', logs: 'no' });
      expect(outcome.status, outcome.said).toBe('done');
      expect(outcome.detail, JSON.stringify(outcome.events)).toMatch(/^\d+ automatic checks passed, none failed \(0 skipped\)\.$/);
      expect(outcome.events[0]).toEqual({ type: 'progress', text: 'Checking health, CORS, WebSocket, JWT, the frontend and login…' });
      const lines = outcome.events.flatMap((e) => (e.type === 'line' ? [e.line] : []));
      expect(lines).toHaveLength(Number(/^\d+/.exec(outcome.detail)![0])); // one per check, and the login
      for (const line of lines) expect(line).toMatch(/^ok {4}/);
      expect(lines).toContain('ok    login: logged in as demo@ecredit.test (200).');
      expect(outcome.data!.manual).toEqual([
        { item: 'testApplication', answer: 'confirmed' },
        { item: 'logs', answer: 'declined' },
        { item: 'tellTeam', answer: 'skipped' },
      ]);
    });

    it('done, login skipped: given no test credentials are set, it says which variables to set', async () => {
      const repo = await switchedToElixir();
      editEnv(repo.root, 'apps/backend-ex/.env', { SMOKE_EMAIL: undefined, SMOKE_PASSWORD: undefined });
      const outcome = await applyStep(verify, toElixir(repo));
      expect(outcome.status).toBe('done');
      expect(outcome.detail).toMatch(/^\d+ automatic checks passed, none failed \(1 skipped\)\.$/);
      expect(outcome.events).toContainEqual({ type: 'line', line: 'skip  login: login not checked: set SMOKE_EMAIL and SMOKE_PASSWORD to test credentials.' });
    });

    it('failed: given nothing answers the API, it names each failing check and gives the first one\'s fix', async () => {
      const repo = await switchableMonorepo(database().url);
      const outcome = await applyStep(verify, toElixir(repo));
      expect(outcome.status).toBe('failed');
      expect(outcome.detail).toMatch(/^failed: health, .*login\.$/);
      expect(outcome.fix).toContain('elixir serve'); // health's fix: start the backend
    });

    it('failed: given the test credentials are refused, the login fails it', async () => {
      const repo = await switchedToElixir();
      editEnv(repo.root, 'apps/backend-ex/.env', { SMOKE_PASSWORD: 'wrong-password' });
      const outcome = await applyStep(verify, toElixir(repo));
      expect(outcome).toMatchObject({ status: 'failed', detail: 'failed: login.', fix: 'Run backend-switch doctor for the exact fixes.' });
      expect(outcome.events).toContainEqual({ type: 'line', line: 'fail  login: login as demo@ecredit.test failed (401).' });
    });

    it('failed: given the configured webhook answers 404', async () => {
      const repo = await switchedToElixir();
      appendFileSync(join(repo.root, 'backend-switch.yaml'), 'smoke: { webhookPath: /api/webhooks/bank }\n');
      const outcome = await applyStep(verify, toElixir(repo));
      expect(outcome).toMatchObject({ status: 'failed', detail: 'failed: webhook.' });
      expect(outcome.events).toContainEqual({ type: 'line', line: 'fail  webhook: POST /api/webhooks/bank answered 404.' });
    });
  });
});
