import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
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
    it('todo: lists the automatic checks and says a person is asked only the rest, afterwards (no question up front)', async () => {
      const repo = await switchableMonorepo(database().url);
      const preview = await verify.preview(toElixir(repo));
      expect(preview.state).toBe('todo');
      expect(preview.lines[0]).toMatch(/^Automatic: health, cors, ws, jwt, frontend, (\w+, )*login\.$/);
      expect(preview.lines[1]).toBe('Then you are asked only what they cannot establish.');
      expect(preview.questions).toEqual([]);
    });

    it('todo: with smoke.webhookPath and smoke.applicationPath configured, the webhook and the test application are checked too', async () => {
      const repo = await switchableMonorepo(database().url);
      appendFileSync(join(repo.root, 'backend-switch.yaml'), 'smoke: { webhookPath: /api/webhooks/bank, applicationPath: /api/credit-applications }\n');
      expect((await verify.preview(toElixir(repo))).lines[0]).toMatch(/, login, webhook, testApplication\.$/);
    });
  });

  describe('apply, then the follow-up questions', () => {
    it('done: given Elixir runs and the frontend points at it, every check and the login pass; then only webhooks, logs and the team are asked (no frontend answers: no test application), and the answers are recorded as given', async () => {
      const repo = await switchedToElixir();
      const ctx = toElixir(repo);
      const outcome = await applyStep(verify, ctx);
      expect(outcome.status, outcome.said).toBe('done');
      expect(outcome.detail, JSON.stringify(outcome.events)).toMatch(/^\d+ automatic checks passed, none failed \(0 skipped\)\.$/);
      expect(outcome.events[0]).toEqual({ type: 'progress', text: 'Checking health, CORS, WebSocket, JWT, the frontend and login…' });
      const lines = outcome.events.flatMap((e) => (e.type === 'line' ? [e.line] : []));
      expect(lines).toHaveLength(Number(/^\d+/.exec(outcome.detail)![0])); // one per check, and the login
      for (const line of lines) expect(line).toMatch(/^ok {4}/);
      expect(lines).toContain('ok    login: logged in as demo@ecredit.test (200).');
      const questions = verify.followUp!(ctx, outcome);
      expect(questions.map((q) => [q.id, q.required, q.yesAnswers, q.options.map((o) => o.value)])).toEqual([
        ['webhook', false, false, ['yes', 'no', 'later']],
        ['logs', false, false, ['yes', 'no', 'later']],
        ['tellTeam', false, false, ['yes', 'no', 'later']],
      ]);
      expect(questions[1]!.prompt).toBe('Check the elixir backend logs for errors: are they clean?');
      const settled = verify.settle!(ctx, outcome, { webhook: 'yes', logs: 'no' });
      expect(settled.data!.manual).toEqual([
        { item: 'webhook', answer: 'confirmed' },
        { item: 'testApplication', answer: 'not-applicable' },
        { item: 'logs', answer: 'declined' },
        { item: 'tellTeam', answer: 'skipped' },
      ]);
    });

    it('done: given a frontend answers at its origin, the test application is asked about', async () => {
      const repo = await switchedToElixir();
      const page = createServer((_req, res) => res.end('<!doctype html>')).listen(0, '127.0.0.1');
      await once(page, 'listening');
      onTestFinished(() => void page.close());
      const ctx = { ...toElixir(repo), frontendOrigin: `http://127.0.0.1:${(page.address() as AddressInfo).port}` };
      const outcome = await applyStep(verify, ctx);
      expect(verify.followUp!(ctx, outcome).map((q) => q.id)).toEqual(['webhook', 'testApplication', 'logs', 'tellTeam']);
    });

    it('done: with smoke.applicationPath, the smoke user creates a test credit application and it is not asked', async () => {
      const repo = await switchedToElixir();
      appendFileSync(join(repo.root, 'backend-switch.yaml'), 'smoke: { applicationPath: /api/credit-applications }\n');
      const ctx = toElixir(repo);
      const outcome = await applyStep(verify, ctx);
      expect(outcome.status, outcome.said).toBe('done');
      expect(outcome.events).toContainEqual({ type: 'line', line: 'ok    testApplication: POST /api/credit-applications as the smoke user answered 201.' });
      expect(verify.followUp!(ctx, outcome).map((q) => q.id)).toEqual(['webhook', 'logs', 'tellTeam']);
    });

    it('done, login skipped: given no test credentials are set, it says which variables to set', async () => {
      const repo = await switchedToElixir();
      editEnv(repo.root, 'apps/backend-ex/.env', { SMOKE_EMAIL: undefined, SMOKE_PASSWORD: undefined });
      const outcome = await applyStep(verify, toElixir(repo));
      expect(outcome.status).toBe('done');
      expect(outcome.detail).toMatch(/^\d+ automatic checks passed, none failed \(1 skipped\)\.$/);
      expect(outcome.events).toContainEqual({ type: 'line', line: 'skip  login: login not checked: set SMOKE_EMAIL and SMOKE_PASSWORD to test credentials.' });
      const ctx = toElixir(repo);
      expect(verify.followUp!(ctx, outcome).map((q) => q.id)).toEqual(['login', 'webhook', 'logs', 'tellTeam']); // never skipped silently
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
