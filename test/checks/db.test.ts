import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../source/checks/db.js';
import { contextFor, neverAborted } from '../helpers/context.js';
import { editEnv } from '../helpers/env-files.js';
import { copyFixture } from '../helpers/fixture.js';
import { createTestDatabase, REAL_POSTGRES, type TestDatabase } from '../helpers/postgres.js';
import { closedPort, stalledServer } from '../helpers/servers.js';
import { dockerEngineStandIn } from '../helpers/docker-engine.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

function withDatabaseUrl(url: string, backend: 'bun' | 'elixir' = 'bun') {
  const root = copyFixture();
  editEnv(root, backend === 'bun' ? 'apps/backend/.env' : 'apps/backend-ex/.env', { DATABASE_URL: url });
  return contextFor(root, { backend });
}

describe('db check', () => {
  it('is ok when PostgreSQL accepts the credentials and the database exists', async () => {
    const verdict = await db.run(withDatabaseUrl(database.url), neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.detail).toMatch(/PostgreSQL \d+/);
  });

  it('reads an ecto:// URL for Elixir', async () => {
    const verdict = await db.run(withDatabaseUrl(database.url.replace(/^postgres:/, 'ecto:'), 'elixir'), neverAborted());
    expect(verdict.status).toBe('ok');
  });

  it('fails "refused" when nothing listens; with an engine that answers, the fix is the compose command that starts the db', async () => {
    const ctx = withDatabaseUrl(`postgres://postgres@127.0.0.1:${await closedPort()}/ecredit`);
    const { socketPath } = await dockerEngineStandIn([]);
    const verdict = await db.run({ ...ctx, dockerSocket: socketPath }, neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.data?.failure).toBe('refused');
    expect(verdict.fix).toBe('Start PostgreSQL: docker compose --env-file .env.docker up -d db');
  });

  it('with no Docker engine, the fix says so instead of offering compose', async () => {
    const ctx = withDatabaseUrl(`postgres://postgres@127.0.0.1:${await closedPort()}/ecredit`);
    const verdict = await db.run({ ...ctx, dockerSocket: '/nonexistent/docker.sock' }, neverAborted());
    expect(verdict.fix).toContain('no Docker engine answers at /nonexistent/docker.sock');
    expect(verdict.fix).not.toContain('up -d db');
  });

  it('database.start from backend-switch.yaml is the fix when it is set', async () => {
    const ctx = withDatabaseUrl(`postgres://postgres@127.0.0.1:${await closedPort()}/ecredit`);
    writeFileSync(join(ctx.project.root, 'backend-switch.yaml'), 'database: { start: "pg_ctlcluster 15 main start" }\n');
    const verdict = await db.run(contextFor(ctx.project.root), neverAborted());
    expect(verdict.fix).toBe('Start PostgreSQL: pg_ctlcluster 15 main start');
  });

  it('fails "unknown host" for `db` outside Docker and says to use localhost', async () => {
    const verdict = await db.run(withDatabaseUrl('postgres://postgres:pw@db:5432/ecredit'), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.data?.failure).toBe('unknown-host');
    expect(verdict.fix).toContain('Docker Compose service');
    expect(verdict.fix).toContain('localhost');
  });

  it('fails "timeout" against a server that accepts and never answers', async () => {
    const stalled = await stalledServer();
    const ctx = withDatabaseUrl(`postgres://postgres@127.0.0.1:${stalled.port}/ecredit`);
    const signal = AbortSignal.timeout(300);
    const verdict = await db.run(ctx, signal);
    expect(verdict.status).toBe('fail');
    expect(verdict.data?.failure).toBe('timeout');
  });

  it('fails a DATABASE_URL that is not a postgres URL, and a missing one', async () => {
    const bad = await db.run(withDatabaseUrl('mysql://root@localhost/ecredit'), neverAborted());
    expect(bad.status).toBe('fail');
    expect(bad.data?.failure).toBe('bad-url');
    const root = copyFixture();
    editEnv(root, 'apps/backend/.env', { DATABASE_URL: undefined });
    const missing = await db.run(contextFor(root), neverAborted());
    expect(missing.status).toBe('fail');
    expect(missing.fix).toContain('Set DATABASE_URL in apps/backend/.env');
  });

  // PGlite accepts any user and any database name (PROBES.md): these two need the real server.
  it.skipIf(!REAL_POSTGRES)('fails "auth" when the server refuses the user', async () => {
    const { host, port } = database.server;
    const verdict = await db.run(withDatabaseUrl(`postgres://no_such_role_bs:pw@${host}:${port}/postgres`), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.data?.failure).toBe('auth');
    expect(verdict.fix).toContain('POSTGRES_PASSWORD');
    expect(JSON.stringify(verdict)).not.toContain(':pw@');
  });

  it.skipIf(!REAL_POSTGRES)('fails "missing database" and gives the create command for each backend', async () => {
    const { host, port, user } = database.server;
    const url = `postgres://${user}@${host}:${port}/bs_missing_db_x`;
    const bun = await db.run(withDatabaseUrl(url), neverAborted());
    expect(bun.status).toBe('fail');
    expect(bun.data?.failure).toBe('missing-database');
    expect(bun.fix).toContain(`createdb -h ${host} -p ${port} -U ${user} bs_missing_db_x`);
    const elixir = await db.run(withDatabaseUrl(url.replace('postgres:', 'ecto:'), 'elixir'), neverAborted());
    expect(elixir.fix).toContain('cd apps/backend-ex && set -a && . ./.env && set +a && mix ecto.create');
  });
});
