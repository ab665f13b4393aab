import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../source/io/backup.js';
import { createTestDatabase, REAL_POSTGRES, type TestDatabase } from '../helpers/postgres.js';

let source: TestDatabase;
let target: TestDatabase;
beforeEach(async () => {
  [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterEach(async () => {
  await Promise.all([source.drop(), target.drop()]);
});

// pg_dump cannot dump PGlite (it hangs on its socket): the backup is tested on the real server.
describe.skipIf(!REAL_POSTGRES)('database backup', () => {
  it('is a full dump that restores into an empty database with every row', async () => {
    await source.query('CREATE TABLE users (id bigserial PRIMARY KEY, email text UNIQUE NOT NULL)');
    await source.query("INSERT INTO users (email) VALUES ('ana@ecredit.test'), ('luis@ecredit.test')");
    await source.query('CREATE TABLE schema_migrations (version bigint PRIMARY KEY, inserted_at timestamp(0))');
    await source.query("INSERT INTO schema_migrations VALUES (20240101120000, now())");
    const file = join(mkdtempSync(join(tmpdir(), 'bs-backup-')), 'dump.sql');

    const backup = await backupDatabase({ databaseUrl: source.url.replace(/^postgres:/, 'ecto:'), file, root: tmpdir(), redact: (s) => s });
    expect(backup.command.exitCode).toBe(0);
    expect(backup.bytes).toBeGreaterThan(0);
    expect(readFileSync(file, 'utf8')).toContain('CREATE TABLE public.users');

    execFileSync('psql', ['--quiet', '--set', 'ON_ERROR_STOP=1', '--file', file, target.url], { stdio: 'pipe' });
    const users = await target.query('SELECT email FROM users ORDER BY id');
    expect(users.rows.map((r) => r.email)).toEqual(['ana@ecredit.test', 'luis@ecredit.test']);
    const versions = await target.query('SELECT version::text AS v FROM schema_migrations');
    expect(versions.rows).toEqual([{ v: '20240101120000' }]);
  });

  it('passes the password through the environment, never on the command line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bs-backup-')), 'dump.sql');
    const url = new URL(source.url);
    url.password = 'pw-not-on-argv';
    const backup = await backupDatabase({ databaseUrl: url.toString(), file, root: tmpdir(), redact: (s) => s });
    expect(backup.command.command).not.toContain('pw-not-on-argv');
  });
});
