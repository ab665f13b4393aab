import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { preflight } from '../../source/steps/preflight.js';
import { startEmbeddedPostgres } from '../../source/standins/embedded-postgres.js';
import { fingerprint } from '../../source/util/secrets.js';
import { editEnv } from '../helpers/env-files.js';
import { NOWHERE } from '../helpers/fixture.js';
import { switchableMonorepo, type Monorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest, REAL_POSTGRES } from '../helpers/postgres.js';
import { createSchemaMigrations } from '../helpers/schemas.js';
import { onClose } from '../helpers/servers.js';
import { applyStep, stepContext } from '../helpers/steps.js';

// Guide §5 "Antes de cambiar": the target's migrations, the old backend's recent errors,
// a full backup, and the downtime reminder, before anything changes.
const database = freshDatabasePerTest();

const toElixir = (repo: Monorepo) => stepContext(repo.root, { to: 'elixir', apiUrl: repo.apiUrl });

/**
 * A `pg_dump` first on PATH for one test, as an older or a broken client would behave:
 * `--version` prints `version`, a dump prints `error` and exits 1.
 */
function pgDumpOnPath(version: string): void {
  const bin = mkdtempSync(join(tmpdir(), 'bs-pg-dump-'));
  const script = join(bin, 'pg_dump');
  writeFileSync(script, `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) ${version}"; exit 0; fi\necho "pg_dump: error: query failed: ERROR:  permission denied for table users" >&2\nexit 1\n`);
  chmodSync(script, 0o755);
  const path = process.env.PATH;
  process.env.PATH = `${bin}${delimiter}${path ?? ''}`;
  restore.push(() => {
    process.env.PATH = path;
  });
}
const restore: (() => void)[] = [];
afterEach(() => restore.splice(0).forEach((undo) => undo()));

async function serverMajor(): Promise<number> {
  return Number((await database().query('SHOW server_version_num')).rows[0].server_version_num) / 10000 | 0;
}

describe('pre-flight step (guide §5)', () => {
  describe('preview', () => {
    it('todo: names the target\'s pending migrations, says the old backend logged no errors, plans the backup and asks about the downtime', async () => {
      await createSchemaMigrations(database(), ['20240101120000']);
      const repo = await switchableMonorepo(database().url);
      const ctx = toElixir(repo);
      const preview = await preflight.preview(ctx);
      expect(preview.state).toBe('todo');
      expect(preview.lines).toEqual([
        'Migrations of the target: 1 applied, 2 pending (20240201120000_create_credit_applications, 20240301120000_add_oban_jobs_table); step "Migrations" applies them.',
        'No recent errors logged by the bun backend (only logs backend-switch started are read).',
        `A full database backup will be written to .backend-switch/backups/${ctx.runId}.sql.`,
      ]);
      expect(preview.commands).toEqual(['pg_dump']);
      expect(preview.questions).toEqual([expect.objectContaining({ id: 'downtime', prompt: 'The API is down while it switches: have you told the team (if it applies)?', default: 'yes', required: true, yesAnswers: true })]);
    });

    it('todo: given every migration is applied, it says so', async () => {
      await createSchemaMigrations(database(), ['20240101120000', '20240201120000', '20240301120000']);
      const repo = await switchableMonorepo(database().url);
      expect((await preflight.preview(toElixir(repo))).lines[0]).toBe('Migrations of the target: all 3 applied.');
    });

    it('todo: given the target\'s database cannot be reached yet, it leaves that to the database step', async () => {
      const repo = await switchableMonorepo(database().url);
      editEnv(repo.root, 'apps/backend-ex/.env', { DATABASE_URL: `ecto://postgres@${NOWHERE.postgres}/ecredit` });
      expect((await preflight.preview(toElixir(repo))).lines[0]).toBe('Migrations of the target: cannot be read yet (PostgreSQL refuses connections); step "Verify the database" deals with it.');
    });

    it('todo: given the old backend\'s last log (one backend-switch started) has errors, it quotes them, secrets masked', async () => {
      const repo = await switchableMonorepo(database().url);
      const logs = join(repo.root, '.backend-switch/logs');
      mkdirSync(logs, { recursive: true });
      writeFileSync(join(logs, '20261129-100000000-aaaa-bun.log'), '[info] old run\n[error] stale\n');
      writeFileSync(join(logs, '20261130-100000000-bbbb-bun.log'), [
        '[info] bun stand-in listening',
        '[error] JWT verification failed with secret k7Qe9vLm2Xp4Rt8Wz1Yb6Nc3Hd5Fg0Js-ecredit-dev-jwt',
        '[info] GET /health 200',
        'FATAL: connection refused',
        '',
      ].join('\n'));
      const preview = await preflight.preview(toElixir(repo));
      expect(preview.lines.slice(1, 4)).toEqual([
        'Recent errors in the old backend log (.backend-switch/logs/20261130-100000000-bbbb-bun.log):',
        `  [error] JWT verification failed with secret ${fingerprint('k7Qe9vLm2Xp4Rt8Wz1Yb6Nc3Hd5Fg0Js-ecredit-dev-jwt')}`,
        '  FATAL: connection refused',
      ]);
    });

    it('up to date: given the engine found nothing else to change (a repeated switch), no backup is planned', async () => {
      const repo = await switchableMonorepo(database().url);
      const ctx = toElixir(repo);
      ctx.nothingToChange = true; // what the engine sets when every other step is up to date
      const preview = await preflight.preview(ctx);
      expect(preview).toMatchObject({ state: 'up-to-date', lines: ['the monorepo already runs elixir and nothing would change: no backup needed.'], commands: [], questions: [] });
    });
  });

  describe('apply', () => {
    it('failed: given the downtime is not confirmed, nothing is done', async () => {
      const repo = await switchableMonorepo(database().url);
      const outcome = await applyStep(preflight, toElixir(repo), { downtime: 'no' });
      expect(outcome).toMatchObject({ status: 'failed', detail: 'the downtime was not confirmed, so nothing was done.', fix: 'Tell the team, then run the switch again.' });
      expect(existsSync(join(repo.root, '.backend-switch/backups'))).toBe(false);
    });

    it('skipped: given the target\'s database is not reachable, there is nothing to back up yet', async () => {
      const repo = await switchableMonorepo(database().url);
      editEnv(repo.root, 'apps/backend-ex/.env', { DATABASE_URL: `ecto://postgres@${NOWHERE.postgres}/ecredit` });
      const outcome = await applyStep(preflight, toElixir(repo), { downtime: 'yes' });
      expect(outcome).toMatchObject({ status: 'skipped', data: { backup: null } });
      expect(outcome.detail).toContain('backup skipped: PostgreSQL refuses connections; there is nothing to back up yet, or back it up by hand once it runs.');
    });

    it('skipped: given the database is an embedded PGlite (the demo), which pg_dump cannot dump, it says so', async () => {
      let url = database().url; // PGlite already, unless TEST_DATABASE_URL names a real server
      if (database().real) {
        const embedded = await startEmbeddedPostgres();
        onClose(() => embedded.stop());
        url = embedded.url;
      }
      const repo = await switchableMonorepo(url);
      const outcome = await applyStep(preflight, toElixir(repo), { downtime: 'yes' });
      expect(outcome).toMatchObject({ status: 'skipped', data: { backup: null } });
      expect(outcome.detail).toContain('backup skipped: the database is an embedded PGlite (a demo), which pg_dump cannot dump.');
    });

    // pg_dump cannot dump PGlite: the backup itself needs the real server.
    it.skipIf(!REAL_POSTGRES)('done: writes a full pg_dump of the target\'s database under .backend-switch/backups, and the pending migrations run on a scratch copy of it', async () => {
      await database().query("CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL, password_hash text); INSERT INTO users (email) VALUES ('ana@ecredit.test')");
      const repo = await switchableMonorepo(database().url);
      const ctx = stepContext(repo.root, { to: 'elixir', apiUrl: repo.apiUrl, rehearse: true });
      const outcome = await applyStep(preflight, ctx, { downtime: 'yes' });
      expect(outcome.status, outcome.said).toBe('done');
      const file = join(repo.root, '.backend-switch/backups', `${ctx.runId}.sql`);
      expect(readFileSync(file, 'utf8')).toContain('ana@ecredit.test');
      expect(outcome.data).toMatchObject({ backup: { path: `.backend-switch/backups/${ctx.runId}.sql`, bytes: statSync(file).size, via: 'pg_dump' } });
      expect(outcome.detail).toMatch(new RegExp(`^database backed up to \\.backend-switch/backups/${ctx.runId}\\.sql \\([\\d.]+ (B|KiB), pg_dump\\)\\.`));
      expect(outcome.events).toContainEqual({ type: 'line', line: '[info] == Migrated 3 migrations' }); // on the copy
      expect((await database().query("SELECT to_regclass('public.schema_migrations')::text AS t")).rows[0].t).toBeNull(); // not on the database itself
    });

    it.skipIf(!REAL_POSTGRES)('failed: given the target\'s migrations and seeds fail on a scratch copy of today\'s data, nothing is stopped and the error is quoted', async () => {
      // Bun's users table as it is, without the column Elixir's seeds write.
      await database().query('CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL)');
      const repo = await switchableMonorepo(database().url);
      const outcome = await applyStep(preflight, stepContext(repo.root, { to: 'elixir', apiUrl: repo.apiUrl, rehearse: true }), { downtime: 'yes' });
      expect(outcome.status).toBe('failed');
      expect(outcome.detail).toMatch(/^database backed up to /);
      expect(outcome.detail).toContain('column "password_hash" of relation "users" does not exist');
      expect(outcome.fix).toContain('-rehearsal.log');
    });

    it.skipIf(!REAL_POSTGRES)('failed: given the local pg_dump is older than the server, it refuses before trying and names the client to install', async () => {
      const major = await serverMajor();
      pgDumpOnPath('9.6.24');
      const repo = await switchableMonorepo(database().url);
      const outcome = await applyStep(preflight, toElixir(repo), { downtime: 'yes' });
      expect(outcome).toMatchObject({ status: 'failed', detail: `pg_dump 9 cannot dump a PostgreSQL ${major} server.` });
      expect(outcome.fix).toContain(`apt install postgresql-client-${major}`);
    });

    it.skipIf(!REAL_POSTGRES)('failed: given pg_dump fails, it quotes its last lines', async () => {
      pgDumpOnPath(`${await serverMajor()}.0`);
      const repo = await switchableMonorepo(database().url);
      const outcome = await applyStep(preflight, toElixir(repo), { downtime: 'yes' });
      expect(outcome).toMatchObject({ status: 'failed', detail: 'the backup failed: pg_dump: error: query failed: ERROR:  permission denied for table users' });
      expect(outcome.commands[0]!.exitCode).toBe(1);
    });
  });
});
