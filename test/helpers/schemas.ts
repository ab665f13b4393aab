import type { TestDatabase } from './postgres.js';

/** Ecto's schema_migrations, as ecto_sql creates it. */
export async function createSchemaMigrations(db: TestDatabase, versions: string[]): Promise<void> {
  await db.query('CREATE TABLE IF NOT EXISTS schema_migrations (version bigint PRIMARY KEY, inserted_at timestamp(0))');
  for (const version of versions) await db.query('INSERT INTO schema_migrations VALUES ($1, now())', [version]);
}

/** Oban's jobs and peers tables as its migrations create them (trimmed to the columns read). */
export async function createObanTables(db: TestDatabase): Promise<void> {
  await db.query(`DO $$ BEGIN
    CREATE TYPE oban_job_state AS ENUM ('available','scheduled','executing','retryable','completed','discarded','cancelled');
  EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
  await db.query(`CREATE TABLE IF NOT EXISTS oban_jobs (
    id bigserial PRIMARY KEY, state oban_job_state NOT NULL DEFAULT 'available', queue text NOT NULL DEFAULT 'default',
    worker text NOT NULL, args jsonb NOT NULL DEFAULT '{}', attempt integer NOT NULL DEFAULT 0,
    inserted_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'), scheduled_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'))`);
  await db.query(`CREATE UNLOGGED TABLE IF NOT EXISTS oban_peers (
    name text PRIMARY KEY, node text NOT NULL, started_at timestamp NOT NULL, expires_at timestamp NOT NULL)`);
}

/** drizzle's migrations table, with one row per applied journal entry (created_at = its `when`). */
export async function createDrizzleMigrations(db: TestDatabase, appliedWhen: number[]): Promise<void> {
  await db.query('CREATE SCHEMA IF NOT EXISTS drizzle');
  await db.query('CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text NOT NULL, created_at bigint)');
  for (const when of appliedWhen) await db.query('INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)', [`h${when}`, when]);
}
