import { describe, expect, it } from 'vitest';
import { jobs } from '../../source/checks/jobs.js';
import { contextFor, neverAborted } from '../helpers/context.js';
import { editEnv } from '../helpers/env-files.js';
import { copyFixture } from '../helpers/fixture.js';
import { freshDatabasePerTest, REAL_POSTGRES } from '../helpers/postgres.js';
import { createObanTables } from '../helpers/schemas.js';
import { closedPort } from '../helpers/servers.js';

const database = freshDatabasePerTest();

function ctxFor(backend: 'bun' | 'elixir') {
  const root = copyFixture();
  editEnv(root, 'apps/backend/.env', { DATABASE_URL: database().url });
  editEnv(root, 'apps/backend-ex/.env', { DATABASE_URL: database().url });
  return contextFor(root, { backend });
}

async function startPgBoss(url: string) {
  const { default: PgBoss } = await import('pg-boss');
  const boss = new PgBoss({ connectionString: url, supervise: false, schedule: false });
  boss.on('error', () => {});
  await boss.start();
  await boss.createQueue('credit-scoring');
  return boss;
}

describe('jobs check', () => {
  it('is ok on a database with neither queue', async () => {
    const verdict = await jobs.run(ctxFor('elixir'), neverAborted());
    expect(verdict.status).toBe('ok');
  });

  it('warns, switching to Bun, about unfinished Oban jobs by state', async () => {
    await createObanTables(database());
    await database().query(`INSERT INTO oban_jobs (worker, state) VALUES ('Ecredit.Workers.Score','available'),('Ecredit.Workers.Score','retryable'),('Ecredit.Workers.Score','completed')`);
    const verdict = await jobs.run(ctxFor('bun'), neverAborted());
    expect(verdict.status).toBe('warn');
    expect(verdict.detail).toContain('2 unfinished Oban jobs in oban_jobs');
    expect(verdict.detail).toContain('available: 1');
    expect(verdict.fix).toContain('Let the Elixir backend finish them');
  });

  it('ignores finished Oban jobs', async () => {
    await createObanTables(database());
    await database().query(`INSERT INTO oban_jobs (worker, state) VALUES ('W','completed'),('W','discarded'),('W','cancelled')`);
    expect((await jobs.run(ctxFor('bun'), neverAborted())).status).toBe('ok');
  });

  it.skipIf(!REAL_POSTGRES)('warns, switching to Elixir, about jobs the real pg-boss created and left unfinished', async () => {
    const boss = await startPgBoss(database().url);
    await boss.send('credit-scoring', { applicationId: 1 });
    await boss.send('credit-scoring', { applicationId: 2 });
    await boss.stop({ graceful: false, wait: true });
    const verdict = await jobs.run(ctxFor('elixir'), neverAborted());
    expect(verdict.status).toBe('warn');
    expect(verdict.detail).toContain('2 unfinished pg-boss jobs in pgboss.job (created: 2)');
  });

  it.skipIf(!REAL_POSTGRES)('fails when a pg-boss worker and a live Oban peer share the database', async () => {
    const boss = await startPgBoss(database().url);
    try {
      await createObanTables(database());
      await database().query(`INSERT INTO oban_peers VALUES ('Oban', 'ecredit@host', now(), now() + interval '30 seconds')`);
      const verdict = await jobs.run(ctxFor('elixir'), neverAborted());
      expect(verdict.status).toBe('fail');
      expect(verdict.fix).toContain('guide §2');
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });

  it('skips when the database cannot be reached', async () => {
    const root = copyFixture();
    editEnv(root, 'apps/backend/.env', { DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/x` });
    expect((await jobs.run(contextFor(root), neverAborted())).status).toBe('skip');
  });
});
