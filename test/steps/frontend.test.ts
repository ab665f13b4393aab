import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontendStep } from '../../source/steps/frontend.js';
import { copyFixture } from '../helpers/fixture.js';
import { applyStep, stepContext } from '../helpers/steps.js';
import { closedPort } from '../helpers/servers.js';
import { originOf, viteDevServer } from '../helpers/vite.js';

// Guide §1 paso 3: VITE_API_URL in apps/frontend/.env.local. The step only reads and writes
// that file: no server is needed. The fixture's .env.local says http://localhost:3000.
const ENV_LOCAL = 'apps/frontend/.env.local';
const API = 'http://localhost:4100';
const DEFAULT_API = 'http://localhost:3000';

const read = (root: string) => readFileSync(join(root, ENV_LOCAL), 'utf8');

describe('frontend step (guide §1 paso 3)', () => {
  describe('preview', () => {
    it('todo: given .env.local points at another API, it shows the one-line diff and asks to write VITE_API_URL', async () => {
      const root = copyFixture();
      const preview = await frontendStep.preview(stepContext(root, { to: 'elixir', apiUrl: API }));
      expect(preview.state).toBe('todo');
      expect(preview.lines).toEqual([`${ENV_LOCAL} now has VITE_API_URL=${DEFAULT_API}.`]);
      expect(preview.changes).toEqual([expect.objectContaining({ path: join(root, ENV_LOCAL), before: `VITE_API_URL=${DEFAULT_API}\n`, after: `VITE_API_URL=${API}\n` })]);
      expect(preview.questions).toEqual([expect.objectContaining({ id: 'frontend', prompt: `Write VITE_API_URL=${API}?`, default: 'set', required: true })]);
      expect(preview.questions[0]!.options.map((o) => o.value)).toEqual(['set', 'no']);
      expect(read(root)).toBe(`VITE_API_URL=${DEFAULT_API}\n`); // a preview writes nothing
    });

    it('todo: given there is no .env.local, it plans to create one', async () => {
      const root = copyFixture();
      rmSync(join(root, ENV_LOCAL));
      const preview = await frontendStep.preview(stepContext(root, { to: 'elixir', apiUrl: API }));
      expect(preview.state).toBe('todo');
      expect(preview.lines).toEqual([`${ENV_LOCAL} does not set VITE_API_URL.`]);
      expect(preview.changes[0]).toMatchObject({ before: null, after: `VITE_API_URL=${API}\n` });
    });

    it('todo: given the new backend listens at the frontend default, it offers set, remove or leave', async () => {
      const root = copyFixture();
      writeFileSync(join(root, ENV_LOCAL), 'VITE_API_URL=http://localhost:4000\n');
      const preview = await frontendStep.preview(stepContext(root, { to: 'bun', apiUrl: DEFAULT_API }));
      expect(preview.questions[0]).toMatchObject({ id: 'frontend', prompt: 'The bun backend listens at the frontend default: set VITE_API_URL explicitly, or remove it?', default: 'set' });
      expect(preview.questions[0]!.options.map((o) => o.value)).toEqual(['set', 'remove', 'no']);
      // Previewed with the answer "remove", the diff is the file going (nothing else is in it).
      const removing = await frontendStep.preview(stepContext(root, { to: 'bun', apiUrl: DEFAULT_API }), { frontend: 'remove' });
      expect(removing.changes[0]).toMatchObject({ before: 'VITE_API_URL=http://localhost:4000\n', after: null });
    });

    it('up to date: given .env.local already names the API', async () => {
      const root = copyFixture();
      const preview = await frontendStep.preview(stepContext(root, { to: 'bun', apiUrl: DEFAULT_API }));
      expect(preview.state).toBe('up-to-date');
      expect(preview.lines).toEqual([`${ENV_LOCAL} already has VITE_API_URL=${DEFAULT_API}.`]);
      expect(preview.changes).toEqual([]);
      expect(preview.questions).toEqual([]);
    });

    it('up to date: given no .env.local and the API at the default, "remove" has nothing to remove', async () => {
      const root = copyFixture();
      rmSync(join(root, ENV_LOCAL));
      const preview = await frontendStep.preview(stepContext(root, { to: 'bun', apiUrl: DEFAULT_API }), { frontend: 'remove' });
      expect(preview.state).toBe('up-to-date');
      expect(preview.lines).toEqual([`${ENV_LOCAL} does not set VITE_API_URL: the frontend uses its default, ${DEFAULT_API}.`]);
    });
  });

  describe('apply', () => {
    it('done: "set" writes VITE_API_URL through the run\'s journal; with no dev server running, says the frontend reads it when started', async () => {
      const root = copyFixture();
      const origin = `http://127.0.0.1:${await closedPort()}`;
      const ctx = stepContext(root, { to: 'elixir', apiUrl: API, frontendOrigin: origin });
      const outcome = await applyStep(frontendStep, ctx, { frontend: 'set' });
      expect(outcome).toMatchObject({ status: 'done', files: [ENV_LOCAL] });
      expect(outcome.detail).toBe(`wrote VITE_API_URL=${API} to ${ENV_LOCAL}. No Vite dev server answers at ${origin}: the frontend reads it when it starts (npm run dev).`);
      expect(read(root)).toBe(`VITE_API_URL=${API}\n`);
      expect(ctx.journal.entries.map((e) => e.path)).toEqual([ENV_LOCAL]); // rollback can undo it
      expect(ctx.project.frontend.env.values.VITE_API_URL).toBe(API); // the context reads the file anew
    });

    it('done: with a Vite dev server running, says it restarts itself on the change and the page needs a reload (no restart by hand)', async () => {
      const root = copyFixture();
      const server = await viteDevServer(root);
      const outcome = await applyStep(frontendStep, stepContext(root, { to: 'elixir', apiUrl: API, frontendOrigin: originOf(server) }), { frontend: 'set' });
      expect(outcome.detail).toBe(`wrote VITE_API_URL=${API} to ${ENV_LOCAL}. The Vite dev server at ${originOf(server)} restarts itself when the file changes: reload the page.`);
    }, 30_000);

    it('done: "remove" deletes a .env.local left with only comments, as the guide says', async () => {
      const root = copyFixture();
      writeFileSync(join(root, ENV_LOCAL), '# the API\nVITE_API_URL=http://localhost:4000\n');
      const outcome = await applyStep(frontendStep, stepContext(root, { to: 'bun', apiUrl: DEFAULT_API }), { frontend: 'remove' });
      expect(outcome.status).toBe('done');
      expect(outcome.detail).toContain(`removed VITE_API_URL from ${ENV_LOCAL}.`);
      expect(existsSync(join(root, ENV_LOCAL))).toBe(false);
    });

    it('done: "remove" keeps the file and its other variables', async () => {
      const root = copyFixture();
      writeFileSync(join(root, ENV_LOCAL), 'VITE_API_URL=http://localhost:4000\nVITE_SENTRY=off\n');
      await applyStep(frontendStep, stepContext(root, { to: 'bun', apiUrl: DEFAULT_API }), { frontend: 'remove' });
      expect(read(root)).toBe('VITE_SENTRY=off\n');
    });

    it('unchanged: given .env.local already names the API', async () => {
      const root = copyFixture();
      const ctx = stepContext(root, { to: 'bun', apiUrl: DEFAULT_API });
      const outcome = await applyStep(frontendStep, ctx, { frontend: 'set' });
      expect(outcome).toMatchObject({ status: 'unchanged', detail: `${ENV_LOCAL} already has VITE_API_URL=${DEFAULT_API}.`, files: [] });
      expect(ctx.journal.entries).toEqual([]);
    });

    it('skipped: answered "no", the file is left as it was', async () => {
      const root = copyFixture();
      const outcome = await applyStep(frontendStep, stepContext(root, { to: 'elixir', apiUrl: API }), { frontend: 'no' });
      expect(outcome).toMatchObject({ status: 'skipped', detail: 'left the frontend configuration as it was.' });
      expect(read(root)).toBe(`VITE_API_URL=${DEFAULT_API}\n`);
    });
  });
});
