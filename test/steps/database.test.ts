import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { database as databaseStep } from '../../source/steps/database.js';
import { dockerEngineStandIn } from '../helpers/docker-engine.js';
import { editEnv } from '../helpers/env-files.js';
import { NOWHERE } from '../helpers/fixture.js';
import { STANDIN, switchableMonorepo, type Monorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest, REAL_POSTGRES } from '../helpers/postgres.js';
import { killListenerAfterTest } from '../helpers/processes.js';
import { closedPort, passwordCheckingPostgres } from '../helpers/servers.js';
import { applyStep, noWait, stepContext } from '../helpers/steps.js';

// Guide §1 paso 4 "Verificar Base de Datos": PostgreSQL up (and Redis for Bun), the database
// created. The copies' backends point at the test's own database, and Bun's Redis answers.
const database = freshDatabasePerTest();

const TCP_FORWARD = new URL('../helpers/tcp-forward.mjs', import.meta.url).pathname;

/** The target's DATABASE_URL set to `url` (ecto:// for Elixir, as its .env writes it). */
function pointAt(repo: Monorepo, to: 'bun' | 'elixir', url: string): void {
  if (to === 'bun') editEnv(repo.root, 'apps/backend/.env', { DATABASE_URL: url });
  else editEnv(repo.root, 'apps/backend-ex/.env', { DATABASE_URL: url.replace(/^postgres:/, 'ecto:') });
}

/** `database.start` in backend-switch.yaml: how this monorepo starts PostgreSQL when it is down. */
function configureStart(repo: Monorepo, command: string): void {
  const path = join(repo.root, 'backend-switch.yaml');
  writeFileSync(path, `${readFileSync(path, 'utf8')}database: { start: ${JSON.stringify(command)} }\n`);
}

const missingDatabaseUrl = () => {
  const url = new URL(database().url);
  url.pathname = `${url.pathname}_missing`;
  return url.toString();
};

describe('database step (guide §1 paso 4)', () => {
  describe('preview', () => {
    it('up to date: given PostgreSQL accepts the target\'s credentials and the database exists', async () => {
      const repo = await switchableMonorepo(database().url);
      const { host, port } = database().server;
      const preview = await databaseStep.preview(stepContext(repo.root, { to: 'elixir', apiUrl: repo.apiUrl }));
      expect(preview.state).toBe('up-to-date');
      expect(preview.lines).toEqual([`PostgreSQL accepts connections and "${new URL(database().url).pathname.slice(1)}" exists at ${host}:${port}.`]);
    });

    it('up to date for Bun too: its Redis answers PING', async () => {
      const repo = await switchableMonorepo(database().url);
      expect((await databaseStep.preview(stepContext(repo.root, { to: 'bun', apiUrl: repo.apiUrl }))).state).toBe('up-to-date');
    });

    it('blocked: given the target has no DATABASE_URL', async () => {
      const repo = await switchableMonorepo(database().url);
      editEnv(repo.root, 'apps/backend-ex/.env', { DATABASE_URL: undefined });
      const preview = await databaseStep.preview(stepContext(repo.root, { to: 'elixir' }));
      expect(preview).toMatchObject({ state: 'blocked', blocked: { detail: 'the target has no usable DATABASE_URL.', fix: 'Set DATABASE_URL in the target backend .env (see doctor --only env).' } });
    });

    it('blocked: given PostgreSQL is down and nothing here can start it (no database.start, no engine)', async () => {
      const repo = await switchableMonorepo(database().url);
      pointAt(repo, 'elixir', `postgres://postgres@${NOWHERE.postgres}/ecredit`);
      const preview = await databaseStep.preview(stepContext(repo.root, { to: 'elixir' }));
      expect(preview.state).toBe('blocked');
      expect(preview.blocked!.detail).toBe(`PostgreSQL does not answer at ${NOWHERE.postgres} and the compose file has no db service to start.`);
      expect(preview.blocked!.fix).toContain('sudo systemctl start postgresql');
    });

    it('blocked: given the server refuses the credentials', async () => {
      const repo = await switchableMonorepo(database().url);
      const { port } = await passwordCheckingPostgres();
      pointAt(repo, 'elixir', `postgres://postgres:wrong@127.0.0.1:${port}/ecredit`);
      const preview = await databaseStep.preview(stepContext(repo.root, { to: 'elixir' }));
      expect(preview.blocked).toEqual({ detail: `cannot use PostgreSQL at 127.0.0.1:${port}: the credentials were refused.`, fix: 'Run backend-switch doctor --only db for the exact fix.' });
    });

    it('blocked: given a DATABASE_URL that is not a postgres URL', async () => {
      const repo = await switchableMonorepo(database().url);
      pointAt(repo, 'bun', 'mysql://root@localhost/ecredit');
      const preview = await databaseStep.preview(stepContext(repo.root, { to: 'bun' }));
      expect(preview.state).toBe('blocked');
      expect(preview.blocked!.detail).toContain('DATABASE_URL is missing or not a postgres URL');
    });

    it('todo: given PostgreSQL is down and backend-switch.yaml says how to start it, it plans that command', async () => {
      const repo = await switchableMonorepo(database().url);
      pointAt(repo, 'elixir', `postgres://postgres@${NOWHERE.postgres}/ecredit`);
      configureStart(repo, 'sudo systemctl start postgresql');
      const preview = await databaseStep.preview(stepContext(repo.root, { to: 'elixir' }));
      expect(preview.state).toBe('todo');
      expect(preview.commands).toEqual(['sudo systemctl start postgresql', `cd apps/backend-ex && set -a && . ./.env && set +a && ${process.execPath} ${STANDIN} elixir create`]);
    });

    it('todo: given PostgreSQL and Redis are down and a Docker engine answers, it plans `up -d db redis` from the compose file', async () => {
      const repo = await switchableMonorepo(database().url);
      pointAt(repo, 'bun', `postgres://postgres@${NOWHERE.postgres}/ecredit`);
      editEnv(repo.root, 'apps/backend/.env', { REDIS_URL: NOWHERE.redis });
      const engine = await dockerEngineStandIn([{ id: 'd1', service: 'db', project: basename(repo.root), state: 'exited' }]);
      const preview = await databaseStep.preview(stepContext(repo.root, { to: 'bun', dockerSocket: engine.socketPath }));
      expect(preview.state).toBe('todo');
      expect(preview.lines).toEqual(['Will start with docker compose: db, redis.', 'Will create the database if it is missing.']);
      expect(preview.commands[0]).toMatch(/ --env-file \.env\.docker up -d db redis$/);
      expect(preview.commands[1]).toBe('CREATE DATABASE ecredit'); // Bun has no create command in the guide
    });

    // PGlite accepts any database name: a missing database needs the real server.
    it.skipIf(!REAL_POSTGRES)('todo: given the database does not exist yet, it plans to create it', async () => {
      const repo = await switchableMonorepo(missingDatabaseUrl());
      const preview = await databaseStep.preview(stepContext(repo.root, { to: 'elixir' }));
      expect(preview).toMatchObject({ state: 'todo', lines: ['Will create the database if it is missing.'] });
      expect(preview.commands).toEqual([`cd apps/backend-ex && set -a && . ./.env && set +a && ${process.execPath} ${STANDIN} elixir create`]);
    });
  });

  describe('apply', () => {
    it('unchanged: given PostgreSQL is up with the database, nothing runs', async () => {
      const repo = await switchableMonorepo(database().url);
      const outcome = await applyStep(databaseStep, stepContext(repo.root, { to: 'elixir' }));
      expect(outcome).toMatchObject({ status: 'unchanged', commands: [] });
      expect(outcome.detail).toMatch(/^PostgreSQL accepts connections/);
    });

    it('done: given PostgreSQL is down, it runs database.start and waits until it accepts connections', async () => {
      const repo = await switchableMonorepo(database().url);
      const port = await closedPort();
      killListenerAfterTest(port);
      const url = new URL(database().url);
      pointAt(repo, 'elixir', Object.assign(url, { hostname: '127.0.0.1', port: String(port) }).toString());
      // "Starting PostgreSQL" here: a detached process that makes the test's database answer on that port.
      configureStart(repo, `${process.execPath} ${TCP_FORWARD} --listen ${port} --to ${database().server.host}:${database().server.port} --detach`);
      const outcome = await applyStep(databaseStep, stepContext(repo.root, { to: 'elixir' }));
      expect(outcome.status, outcome.said).toBe('done');
      expect(outcome.detail).toBe(`PostgreSQL accepts connections and "${url.pathname.slice(1)}" exists at 127.0.0.1:${port}.`);
      expect(outcome.commands.map((c) => c.exitCode)).toEqual([0]);
      expect(outcome.events).toContainEqual({ type: 'progress', text: 'Waiting up to 30 s for PostgreSQL to accept connections…' });
    });

    it('failed: given the start command itself fails', async () => {
      const repo = await switchableMonorepo(database().url);
      pointAt(repo, 'elixir', `postgres://postgres@${NOWHERE.postgres}/ecredit`);
      const failing = `${process.execPath} -e "console.error('Unit db.service not found.'); process.exit(5)"`;
      configureStart(repo, failing);
      const outcome = await applyStep(databaseStep, stepContext(repo.root, { to: 'elixir' }));
      expect(outcome).toMatchObject({ status: 'failed', detail: `the command that starts the database failed: ${failing}.` });
      expect(outcome.commands[0]!.tail).toEqual(['Unit db.service not found.']);
    });

    it('failed: given the start command succeeds but PostgreSQL never answers, it gives up after its wait', async () => {
      const repo = await switchableMonorepo(database().url);
      pointAt(repo, 'elixir', `postgres://postgres@${NOWHERE.postgres}/ecredit`);
      configureStart(repo, `${process.execPath} -e 0`);
      const outcome = await applyStep(databaseStep, stepContext(repo.root, { to: 'elixir', sleep: noWait }));
      expect(outcome).toMatchObject({ status: 'failed', detail: `cannot use PostgreSQL at ${NOWHERE.postgres}: PostgreSQL refuses connections.` });
    });

    it.skipIf(!REAL_POSTGRES)('done: given the database does not exist, Elixir\'s create command creates it', async () => {
      const url = missingDatabaseUrl();
      const repo = await switchableMonorepo(url);
      try {
        const outcome = await applyStep(databaseStep, stepContext(repo.root, { to: 'elixir' }));
        expect(outcome.status, outcome.said).toBe('done');
        expect(outcome.events).toContainEqual({ type: 'line', line: 'The database for Ecredit.Repo has been created' });
      } finally {
        await database().query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
      }
    });

    it.skipIf(!REAL_POSTGRES)('creates it: given the database does not exist, for Bun it runs CREATE DATABASE itself', async () => {
      const url = missingDatabaseUrl();
      const name = new URL(url).pathname.slice(1);
      const repo = await switchableMonorepo(url);
      try {
        const outcome = await applyStep(databaseStep, stepContext(repo.root, { to: 'bun' }));
        expect(outcome.status).not.toBe('failed');
        // (The outcome says "unchanged" although the database was created: no command record is kept for it.)
        expect(outcome.events).toContainEqual({ type: 'line', line: `CREATE DATABASE ${name}` });
        expect((await database().query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount).toBe(1);
      } finally {
        await database().query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
      }
    });

    it.skipIf(!REAL_POSTGRES)('failed: given the database does not exist and the create command fails, it says why', async () => {
      const repo = await switchableMonorepo(missingDatabaseUrl());
      const path = join(repo.root, 'backend-switch.yaml');
      const failing = `${process.execPath} -e "console.error('** (Mix) The database for Ecredit.Repo could not be created: permission denied'); process.exit(1)"`;
      writeFileSync(path, readFileSync(path, 'utf8').replace(JSON.stringify(`${process.execPath} ${STANDIN} elixir create`), JSON.stringify(failing)));
      const outcome = await applyStep(databaseStep, stepContext(repo.root, { to: 'elixir' }));
      expect(outcome.status).toBe('failed');
      expect(outcome.detail).toBe('could not create the database: ** (Mix) The database for Ecredit.Repo could not be created: permission denied');
    });
  });
});
