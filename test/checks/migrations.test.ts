import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../source/checks/migrations.js';
import { contextFor, neverAborted } from '../helpers/context.js';
import { editEnv } from '../helpers/env-files.js';
import { copyFixture } from '../helpers/fixture.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';
import { createDrizzleMigrations, createSchemaMigrations } from '../helpers/schemas.js';
import { closedPort } from '../helpers/servers.js';

const database = freshDatabasePerTest();

function project(backend: 'bun' | 'elixir') {
  const root = copyFixture();
  editEnv(root, 'apps/backend/.env', { DATABASE_URL: database().url });
  editEnv(root, 'apps/backend-ex/.env', { DATABASE_URL: database().url.replace(/^postgres:/, 'ecto:') });
  return { root, ctx: contextFor(root, { backend }) };
}

describe('migrations check (Ecto)', () => {
  it('warns with the pending migrations by name and the migrate command', async () => {
    await createSchemaMigrations(database(), ['20240101120000']);
    const verdict = await migrations.run(project('elixir').ctx, neverAborted());
    expect(verdict.status).toBe('warn');
    expect(verdict.data).toMatchObject({
      applied: ['20240101120000_create_users'],
      pending: ['20240201120000_create_credit_applications', '20240301120000_add_oban_jobs_table'],
    });
    expect(verdict.fix).toBe('Apply them: cd apps/backend-ex && set -a && . ./.env && set +a && mix ecto.migrate');
  });

  it('treats a database without schema_migrations as nothing applied', async () => {
    const verdict = await migrations.run(project('elixir').ctx, neverAborted());
    expect(verdict.status).toBe('warn');
    expect(verdict.data?.pending).toHaveLength(3);
  });

  it('is ok when every migration is applied', async () => {
    await createSchemaMigrations(database(), ['20240101120000', '20240201120000', '20240301120000']);
    const verdict = await migrations.run(project('elixir').ctx, neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.detail).toContain('all 3 ecto migrations');
  });

  it('warns about rows with no file (** FILE NOT FOUND **)', async () => {
    await createSchemaMigrations(database(), ['20240101120000', '20240201120000', '20240301120000', '20250505050505']);
    const verdict = await migrations.run(project('elixir').ctx, neverAborted());
    expect(verdict.status).toBe('warn');
    expect(verdict.data?.fileNotFound).toEqual(['20250505050505']);
  });
});

describe('migrations check (drizzle, Bun)', () => {
  it('reads the journal and compares with __drizzle_migrations.created_at', async () => {
    await createDrizzleMigrations(database(), [1704103200000]);
    const pending = await migrations.run(project('bun').ctx, neverAborted());
    expect(pending.status).toBe('warn');
    expect(pending.data).toMatchObject({ tool: 'drizzle', applied: ['0000_create_users'] });
    expect(pending.fix).toContain('cd apps/backend && bun run db:migrate');

    await createDrizzleMigrations(database(), [1706781600000, 1709287200000]);
    const done = await migrations.run(project('bun').ctx, neverAborted());
    expect(done.status).toBe('ok');
  });

  it('warns when no tool can be recognised', async () => {
    const { root, ctx } = project('bun');
    writeFileSync(join(root, 'apps/backend/drizzle/meta/_journal.json'), '{"entries":[]}');
    const verdict = await migrations.run(ctx, neverAborted());
    expect(verdict.status).toBe('warn');
    expect(verdict.detail).toContain('no drizzle migrations');
  });
});

describe('migrations check without a database', () => {
  it('skips and points at the db check', async () => {
    const root = copyFixture();
    editEnv(root, 'apps/backend-ex/.env', { DATABASE_URL: `ecto://postgres@127.0.0.1:${await closedPort()}/x` });
    const verdict = await migrations.run(contextFor(root, { backend: 'elixir' }), neverAborted());
    expect(verdict.status).toBe('skip');
    expect(verdict.detail).toContain('db check');
  });
});
