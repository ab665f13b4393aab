import { describe, expect, it } from 'vitest';
import { migrate } from '../../source/steps/migrate.js';
import { editEnv } from '../helpers/env-files.js';
import { copyFixture, NOWHERE } from '../helpers/fixture.js';
import { STANDIN, switchableMonorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';
import { createDrizzleMigrations, createSchemaMigrations } from '../helpers/schemas.js';
import { applyStep, stepContext } from '../helpers/steps.js';

// Guide §1 paso 4 / §2: the target's migrations (and Elixir's seeds) with its own commands.
// The copies run the stand-in backends' migrate and seed, which record migrations where
// Ecto and drizzle do, on the test's own database (PGlite, or TEST_DATABASE_URL's).
const database = freshDatabasePerTest();

const ECTO = ['20240101120000', '20240201120000', '20240301120000'];
const DRIZZLE = [1704103200000, 1706781600000, 1709287200000];
const FAILING = `${process.execPath} -e "console.log('** (Postgrex.Error) ERROR 42P07 relation users already exists'); process.exit(3)"`;

async function repoFor(to: 'bun' | 'elixir', overrides: Parameters<typeof switchableMonorepo>[1] = {}) {
  const repo = await switchableMonorepo(database().url, overrides);
  return { repo, ctx: stepContext(repo.root, { to, apiUrl: repo.apiUrl }) };
}

describe('migrate step (guide §1 paso 4)', () => {
  describe('preview', () => {
    it('todo: given Ecto has applied one of three, it names the two pending and the migrate and seed commands, in the backend folder', async () => {
      await createSchemaMigrations(database(), [ECTO[0]!]);
      const { ctx } = await repoFor('elixir');
      const preview = await migrate.preview(ctx);
      expect(preview.state).toBe('todo');
      expect(preview.lines).toEqual(['2 pending: 20240201120000_create_credit_applications, 20240301120000_add_oban_jobs_table.']);
      expect(preview.commands).toEqual([
        `cd apps/backend-ex && set -a && . ./.env && set +a && ${process.execPath} ${STANDIN} elixir migrate`,
        `cd apps/backend-ex && set -a && . ./.env && set +a && ${process.execPath} ${STANDIN} elixir seed`,
      ]);
      expect(preview.questions).toEqual([]);
    });

    it('todo: given the database cannot be read yet, it says the commands will run anyway', async () => {
      const { repo, ctx } = await repoFor('elixir');
      editEnv(repo.root, 'apps/backend-ex/.env', { DATABASE_URL: `ecto://postgres@${NOWHERE.postgres}/ecredit` });
      ctx.reload();
      const preview = await migrate.preview(ctx);
      expect(preview).toMatchObject({ state: 'todo', lines: ['the applied migrations cannot be read yet; the commands will run.'] });
    });

    it('todo, Docker mode: the migrate command runs in the target\'s service with compose run', async () => {
      const preview = await migrate.preview(stepContext(copyFixture(), { to: 'elixir', mode: 'docker' }));
      expect(preview.commands).toEqual(['docker compose --env-file .env.docker run --rm backend-ex mix ecto.migrate']);
    });

    it('up to date: given every Ecto migration is in schema_migrations', async () => {
      await createSchemaMigrations(database(), ECTO);
      const { ctx } = await repoFor('elixir');
      const preview = await migrate.preview(ctx);
      expect(preview).toMatchObject({ state: 'up-to-date', lines: ['all 3 ecto migrations are applied: nothing to run.'], commands: [] });
    });

    it('up to date: given drizzle\'s journal is all in __drizzle_migrations (Bun)', async () => {
      await createDrizzleMigrations(database(), DRIZZLE);
      const { ctx } = await repoFor('bun');
      expect(await migrate.preview(ctx)).toMatchObject({ state: 'up-to-date', lines: ['all 3 drizzle migrations are applied: nothing to run.'] });
    });
  });

  describe('apply', () => {
    it('done: runs Elixir\'s migrate then its seeds, streaming their output, and every version is recorded', async () => {
      const { ctx } = await repoFor('elixir');
      const outcome = await applyStep(migrate, ctx);
      expect(outcome).toMatchObject({ status: 'done', detail: 'applied 3 migrations (and the seeds where configured).' });
      expect(outcome.commands.map((c) => [c.command.split(' ').pop(), c.exitCode])).toEqual([['migrate', 0], ['seed', 0]]);
      expect(outcome.events).toContainEqual({ type: 'line', line: '[info] == Running 20240101120000 20240101120000_create_users forward' });
      const applied = await database().query('SELECT version::text AS v FROM schema_migrations ORDER BY 1');
      expect(applied.rows.map((r) => r.v)).toEqual(ECTO);
    });

    it('done: runs Bun\'s drizzle migrations, whose SQL creates the tables', async () => {
      const { ctx } = await repoFor('bun');
      const outcome = await applyStep(migrate, ctx);
      expect(outcome).toMatchObject({ status: 'done', detail: 'applied 3 migrations (and the seeds where configured).' });
      expect(outcome.commands).toHaveLength(1); // Bun has no seed command in the guide
      const users = await database().query("SELECT to_regclass('public.users')::text AS t");
      expect(users.rows[0].t).toBe('users');
    });

    it('unchanged: given nothing is pending, no command runs', async () => {
      await createSchemaMigrations(database(), ECTO);
      const { ctx } = await repoFor('elixir');
      const outcome = await applyStep(migrate, ctx);
      expect(outcome).toMatchObject({ status: 'unchanged', commands: [], detail: 'all 3 ecto migrations are applied: nothing to run.' });
    });

    it('failed: given the migrate command exits 3, it shows its last lines and the command to retry, and runs no seed', async () => {
      const { ctx } = await repoFor('elixir', { migrate: { elixir: FAILING } });
      const outcome = await applyStep(migrate, ctx);
      expect(outcome.status).toBe('failed');
      expect(outcome.detail).toContain('exited with 3. Last lines:\n** (Postgrex.Error) ERROR 42P07 relation users already exists');
      expect(outcome.fix).toBe(`Fix the error above and retry, or run it yourself: cd apps/backend-ex && set -a && . ./.env && set +a && ${FAILING}`);
      expect(outcome.commands).toHaveLength(1);
      expect(outcome.data?.tail).toEqual(['** (Postgrex.Error) ERROR 42P07 relation users already exists']);
    });

    it('failed: given the commands succeed but record nothing, it names the migrations still pending', async () => {
      const { ctx } = await repoFor('elixir', { migrate: { elixir: `${process.execPath} -e 0` } });
      const outcome = await applyStep(migrate, ctx);
      expect(outcome.status).toBe('failed');
      expect(outcome.detail).toBe('the commands succeeded but 3 migrations are still pending: 20240101120000_create_users, 20240201120000_create_credit_applications, 20240301120000_add_oban_jobs_table.');
    });
  });
});
