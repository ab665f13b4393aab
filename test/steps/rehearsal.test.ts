import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runBin } from '../helpers/bin.js';
import { runningBackend, switchableMonorepo, type Monorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest, REAL_POSTGRES, withClient } from '../helpers/postgres.js';
import { treeHash } from '../helpers/tree.js';

const database = freshDatabasePerTest();

/**
 * An Elixir migrate command that does what `mix ecto.migrate` does on a conflict: it starts
 * the first migration and fails, because the Bun side already created that table.
 */
const CONFLICTING = `
import pg from '${new URL('../../node_modules/pg/lib/index.js', import.meta.url).pathname}';
const client = new pg.Client({ connectionString: process.env.DATABASE_URL.replace(/^ecto:/, 'postgres:') });
await client.connect();
console.log('[info] == Running 20240101120000 20240101120000_create_users forward');
try {
  await client.query('CREATE TABLE users (id bigserial PRIMARY KEY, email text)');
} catch (error) {
  console.log('** (Postgrex.Error) ERROR 42P07 (duplicate_table) ' + error.message);
  process.exit(1);
} finally {
  await client.end();
}
`;

/** A migrate command that never ends, for a run killed during its rehearsal. */
const HANGING = "console.log('[info] == Running 20240101120000 20240101120000_create_users forward'); setInterval(() => {}, 1000);";

async function tables(): Promise<string[]> {
  const { rows } = await database().query("SELECT table_schema || '.' || table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
  return rows.map((r: { name: string }) => r.name);
}

async function scratchDatabases(): Promise<string[]> {
  const name = new URL(database().url).pathname.slice(1);
  const admin = new URL(database().url);
  admin.pathname = '/postgres';
  const { rows } = await withClient(admin.toString(), (c) => c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1 || '\\_rehearsal\\_%'", [name]));
  return rows.map((r) => r.datname);
}

/** Every process whose working directory is `dir` (Linux /proc). */
function killRunningIn(dir: string): void {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) === dir) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone, or not ours to read
    }
  }
}

function withMigrate(repo: Monorepo, script: string): void {
  const file = join(repo.root, 'migrate-elixir.mjs');
  writeFileSync(file, script);
  return void file;
}

// pg_dump, psql and CREATE DATABASE need the real PostgreSQL: PGlite has one database and no dump.
describe.skipIf(!REAL_POSTGRES)('rehearsing the target\'s migrations on a scratch copy (real PostgreSQL)', () => {
  it('a migration that conflicts with the existing schema fails the rehearsal: the old backend runs, no file changed, no new table, no scratch database left', async () => {
    const repo = await switchableMonorepo(database().url, { migrate: { elixir: `${process.execPath} ${join('..', '..', 'migrate-elixir.mjs')}` } });
    withMigrate(repo, CONFLICTING);
    const pid = await runningBackend(repo, 'bun'); // its drizzle migrations made `users`
    const before = { files: treeHash(repo.root, ['.backend-switch']), tables: await tables() };
    const result = await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
    expect(result.exitCode, result.stdout).toBe(1);
    expect(result.stdout).toContain('rehearsal of the target\'s migrations on a scratch copy failed at 20240101120000_create_users');
    expect(result.stdout).toContain('relation "users" already exists');
    expect(result.stdout).toMatch(/\.backend-switch\/logs\/\S+-rehearsal\.log/);
    expect(() => process.kill(pid, 0)).not.toThrow();
    expect(treeHash(repo.root, ['.backend-switch'])).toBe(before.files);
    expect(await tables()).toEqual(before.tables);
    expect(await scratchDatabases()).toEqual([]);
  });

  it('a rehearsal that passes is said with its time, and the switch then applies the same migrations to the real database', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    const result = await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/rehearsed on a scratch copy of the database and passed \(\d+\.\d s\)/);
    const { rows } = await database().query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(3);
    const report = JSON.parse((await runBin(['report', '--format', 'json', '--cwd', repo.root])).stdout);
    expect(report.rehearsal).toMatchObject({ ran: true, ok: true });
    expect(await scratchDatabases()).toEqual([]);
  });

  it('a run killed during its rehearsal leaves a scratch database; the next run finds it by name and drops it', async () => {
    const repo = await switchableMonorepo(database().url, { migrate: { elixir: `${process.execPath} ${join('..', '..', 'migrate-elixir.mjs')}` } });
    withMigrate(repo, HANGING);
    await runningBackend(repo, 'bun');
    const child = spawn(process.execPath, [BIN, 'switch', '--to', 'elixir', '--yes', '--cwd', repo.root], { stdio: ['ignore', 'pipe', 'ignore'] });
    let seen = '';
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => ((seen += chunk), seen.includes('== Running') && resolve())));
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(await scratchDatabases()).toHaveLength(1);
    killRunningIn(join(repo.root, 'apps/backend-ex')); // the killed run's migrate command, orphaned
    withMigrate(repo, "console.log('ok')");
    const plan = await runBin(['plan', '--to', 'elixir', '--rehearse', '--cwd', repo.root]);
    expect(plan.exitCode, plan.stdout).toBe(0);
    expect(await scratchDatabases()).toEqual([]);
  });

  it('plan --rehearse runs only the rehearsal and writes nothing in the monorepo; --no-rehearse skips it and the report says so', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    const before = treeHash(repo.root);
    const tablesBefore = await tables();
    const plan = await runBin(['plan', '--to', 'elixir', '--rehearse', '--cwd', repo.root]);
    expect(plan.exitCode, plan.stdout).toBe(0);
    expect(plan.stdout).toContain('passed');
    expect(treeHash(repo.root)).toBe(before);
    expect(existsSync(join(repo.root, '.backend-switch'))).toBe(false);
    expect(await tables()).toEqual(tablesBefore); // the real database was not migrated (no schema_migrations)

    const skipped = await runBin(['switch', '--to', 'elixir', '--yes', '--no-rehearse', '--cwd', repo.root]);
    expect(skipped.exitCode).toBe(0);
    const report = JSON.parse((await runBin(['report', '--format', 'json', '--cwd', repo.root])).stdout);
    expect(report.rehearsal).toEqual({ ran: false, reason: 'off' });
  });
});
