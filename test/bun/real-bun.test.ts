/**
 * The tool against the fixture's real Bun backend (express 5, Socket.IO 4, pg-boss 10,
 * ioredis, drizzle's migrator) run by a real Bun binary; the Elixir half is the stand-in.
 * Each test is skipped, with the reason in its title, on a machine without a working Bun or
 * without the real PostgreSQL and Redis of TEST_DATABASE_URL / TEST_REDIS_URL (`.ci/run`
 * provides all three).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { editEnv } from '../helpers/env-files.js';
import { runningBackend } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';
import {
  addDrizzleMigration,
  bunRun,
  eventually,
  FRONTEND_ORIGIN,
  healthStatus,
  login,
  privateRedis,
  REAL_BUN_SKIP,
  realBunMonorepo,
  realBunTitle,
  REDIS_SERVER,
  socketIoConnect,
  startRealBun,
  stopListener,
  type RealBunMonorepo,
} from '../helpers/real-bun.js';

const database = freshDatabasePerTest();

interface CheckJson {
  id: string;
  status: string;
  detail: string;
  fix?: string;
}

function lastReport(repo: RealBunMonorepo) {
  const dir = join(repo.root, '.backend-switch/reports');
  const name = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().pop()!;
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as {
    from: string;
    to: string;
    checks: CheckJson[];
    unconfirmed: { item: string }[];
    steps: { id: string; status: string; detail: string }[];
  };
}

async function doctor(repo: RealBunMonorepo, args: string[]): Promise<{ exitCode: number | undefined; checks: Record<string, CheckJson> }> {
  const result = await runBin(['doctor', '--json', '--cwd', repo.root, ...args]);
  const json = JSON.parse(result.stdout) as { checks: CheckJson[] };
  return { exitCode: result.exitCode, checks: Object.fromEntries(json.checks.map((c) => [c.id, c])) };
}

/** Every check ok or skip except `failing`, whose status is given; the rest named when not. */
function expectOnly(checks: Record<string, CheckJson>, failing: Record<string, string>): void {
  const seen = Object.fromEntries(Object.values(checks).map((c) => [c.id, failing[c.id] ? c.status : c.status === 'skip' ? 'ok' : c.status]));
  const wanted = Object.fromEntries(Object.keys(seen).map((id) => [id, failing[id] ?? 'ok']));
  expect(seen, JSON.stringify(Object.values(checks).filter((c) => c.status !== 'ok'), null, 1)).toEqual(wanted);
}

/** Runs a fix's command as its text says: from the monorepo root, in a shell. */
async function runFixCommand(repo: RealBunMonorepo, fix: string, prefix: RegExp): Promise<string> {
  const command = fix.replace(prefix, '').trim();
  const result = await execa('bash', ['-c', command], { cwd: repo.root, reject: false, all: true });
  expect(result.exitCode, `${command}\n${result.all}`).toBe(0);
  return result.all ?? '';
}

describe('the real Bun backend', () => {
  it.skipIf(REAL_BUN_SKIP)(realBunTitle('switch --yes from the Elixir stand-in to the real Bun backend and back: every post-switch check and the login ok, and a Socket.IO client with the login token passes the middleware'), async () => {
    const repo = await realBunMonorepo(database().url);
    await runningBackend(repo, 'elixir');

    const toBun = await runBin(['switch', '--to', 'bun', '--mode', 'dev', '--yes', '--cwd', repo.root]);
    expect(toBun.exitCode, toBun.stdout + toBun.stderr).toBe(0);
    let report = lastReport(repo);
    expect(report).toMatchObject({ from: 'elixir', to: 'bun' });
    const steps = Object.fromEntries(report.steps.map((s) => [s.id, s.status]));
    expect(steps).toMatchObject({ stop: 'done', migrate: 'done', start: 'done', verify: 'done' });
    expect(report.steps.filter((s) => s.status === 'failed')).toEqual([]);
    expect(report.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['health', 'cors', 'ws', 'jwt', 'frontend']));
    expect(report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    // Only what a person decides is left (the tests, the webhooks, the logs, the team; no frontend answers here, so no
    // test application is asked about); the login was not skipped, and did not fail (verify is done).
    expect(report.unconfirmed.map((u) => u.item)).toEqual(['tests', 'webhook', 'logs', 'tellTeam']);
    expect(toBun.stdout).toMatch(/ok\s+login: /);
    // The real migrator ran: drizzle's own table, and the seeded user.
    const applied = await database().query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
    expect(applied.rows[0].n).toBe(3);
    expect((await database().query('SELECT email FROM users')).rows).toEqual([{ email: 'demo@ecredit.test' }]);

    // The Bun process the switch started serves Socket.IO behind its JWT middleware.
    const token = await login(repo.apiUrl);
    expect(await socketIoConnect(repo.apiUrl, token)).toEqual({ hello: { backend: 'bun', user: 'demo@ecredit.test' } });
    expect(await socketIoConnect(repo.apiUrl)).toEqual({ error: 'unauthorized' });
    const status = await runBin(['status', '--json', '--cwd', repo.root]);
    expect(JSON.parse(status.stdout)).toMatchObject({ active: 'bun' });
    // The configured test command is the app's own suite, and it passes under this Bun.
    const tests = bunRun(repo, ['test']);
    expect(tests.status, tests.output).toBe(0);

    const toElixir = await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
    expect(toElixir.exitCode, toElixir.stdout + toElixir.stderr).toBe(0);
    report = lastReport(repo);
    expect(report).toMatchObject({ from: 'bun', to: 'elixir' });
    expect(report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(JSON.parse((await runBin(['status', '--json', '--cwd', repo.root])).stdout)).toMatchObject({ active: 'elixir' });
  }, 120_000);
});

describe('doctor against the real Bun backend, three faults made for real, each fixed as its fix says', () => {
  // The Redis fault stops and starts a Redis of its own: it needs redis-server besides the rest.
  const redisSkip = REAL_BUN_SKIP ?? (REDIS_SERVER ? undefined : 'needs redis-server on PATH for a Redis it can stop');
  it.skipIf(redisSkip)(realBunTitle('Redis stopped: redis fails (not running) and health fails (the app answers 503); the fix\'s command starts it, and both turn ok', redisSkip), async () => {
    const redis = await privateRedis();
    const repo = await realBunMonorepo(database().url, { redis });
    expect(bunRun(repo, ['run', 'db:migrate']).status).toBe(0);
    await startRealBun(repo);
    await redis.stop();
    expect(await eventually(async () => (await healthStatus(repo.apiUrl)) === 503), 'the app answers 503 once Redis is gone').toBe(true);

    const broken = await doctor(repo, ['--backend', 'bun']);
    expect(broken.exitCode).toBe(1);
    expectOnly(broken.checks, { redis: 'fail', health: 'fail' });
    expect(broken.checks.redis!.detail).toBe(`nothing accepts connections at ${redis.url}: Redis is not running.`);
    expect(broken.checks.redis!.fix).toMatch(/^Start Redis: \S+\/compose --env-file \.env\.docker up -d redis$/);
    expect(broken.checks.health!.detail).toBe(`${repo.apiUrl}/health answered 503.`);
    expect(broken.checks.health!.fix).toBe('Read the bun backend log for the error behind that status.');

    await runFixCommand(repo, broken.checks.redis!.fix!, /^Start Redis:/);
    // ioredis reconnects by itself (every 2 s at most): no restart needed.
    expect(await eventually(async () => {
      const { checks } = await doctor(repo, ['--backend', 'bun', '--only', 'redis,health']);
      return checks.redis?.status === 'ok' && checks.health?.status === 'ok';
    })).toBe(true);
    expectOnly((await doctor(repo, ['--backend', 'bun'])).checks, {});
  }, 90_000);

  it.skipIf(REAL_BUN_SKIP)(realBunTitle('FRONTEND_URL of another port: cors and ws fail naming the origin; setting the line the fix names and restarting turns both ok'), async () => {
    const repo = await realBunMonorepo(database().url);
    expect(bunRun(repo, ['run', 'db:migrate']).status).toBe(0);
    editEnv(repo.root, 'apps/backend/.env', { FRONTEND_URL: 'http://localhost:4000' });
    await startRealBun(repo);

    const broken = await doctor(repo, ['--backend', 'bun']);
    expect(broken.exitCode).toBe(1);
    expectOnly(broken.checks, { cors: 'fail', ws: 'fail' });
    expect(broken.checks.cors!.detail).toBe(`the preflight (OPTIONS) allows origin "http://localhost:4000", not ${FRONTEND_ORIGIN} (the match must be exact).`);
    expect(broken.checks.cors!.fix).toBe(`Set FRONTEND_URL=${FRONTEND_ORIGIN} in apps/backend/.env and restart the backend.`);
    expect(broken.checks.ws!.detail).toContain(`the polling handshake does not allow origin ${FRONTEND_ORIGIN} (Access-Control-Allow-Origin: http://localhost:4000)`);
    expect(broken.checks.ws!.fix).toBe(`Allow ${FRONTEND_ORIGIN} in the Socket.IO cors option (FRONTEND_URL=${FRONTEND_ORIGIN} in apps/backend/.env) and restart the backend.`);

    // As the fix says: that line in that file, then a restart.
    const [, key, value, file] = /^Set (\w+)=(\S+) in (\S+) and restart the backend\.$/.exec(broken.checks.cors!.fix!)!;
    editEnv(repo.root, file!, { [key!]: value });
    await stopListener(repo.port);
    await startRealBun(repo);
    expectOnly((await doctor(repo, ['--backend', 'bun'])).checks, {});
  }, 90_000);

  it.skipIf(REAL_BUN_SKIP)(realBunTitle('a pending drizzle migration: migrations warns naming it; the fix\'s command (bun run db:migrate) applies it and migrations turns ok'), async () => {
    const repo = await realBunMonorepo(database().url);
    expect(bunRun(repo, ['run', 'db:migrate']).status).toBe(0);
    await startRealBun(repo);
    addDrizzleMigration(repo, '0003_add_credit_notes', 'ALTER TABLE "credit_applications" ADD COLUMN "notes" text;\n');

    const pending = await doctor(repo, ['--backend', 'bun']);
    expect(pending.exitCode).toBe(0); // a warning
    expectOnly(pending.checks, { migrations: 'warn' });
    expect(pending.checks.migrations!.detail).toBe('1 pending (0003_add_credit_notes); 3 applied (drizzle).');
    expect(pending.checks.migrations!.fix).toBe(`Apply them: cd apps/backend && ${repo.bun} run db:migrate`);

    const output = await runFixCommand(repo, pending.checks.migrations!.fix!, /^Apply them:/);
    expect(output).toContain('[✓] applied 1 migration');
    const fixed = await doctor(repo, ['--backend', 'bun']);
    expectOnly(fixed.checks, {});
    expect(fixed.checks.migrations!.detail).toBe('all 4 drizzle migrations are applied.');
    const column = await database().query("SELECT 1 FROM information_schema.columns WHERE table_name = 'credit_applications' AND column_name = 'notes'");
    expect(column.rowCount).toBe(1);
  }, 90_000);
});

describe('pg-boss jobs of the real Bun backend', () => {
  it.skipIf(REAL_BUN_SKIP)(realBunTitle('a credit application still being worked on when the switch to Elixir stops Bun is counted by jobs as stranded'), async () => {
    const repo = await realBunMonorepo(database().url);
    expect(bunRun(repo, ['run', 'db:migrate']).status).toBe(0);
    await startRealBun(repo);
    // The worker's decision (an UPDATE of the application) takes a minute: the job stays in flight.
    await database().query(`
      CREATE FUNCTION slow_decision() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(60); RETURN NEW; END $$;
      CREATE TRIGGER slow_decision BEFORE UPDATE ON credit_applications FOR EACH ROW EXECUTE FUNCTION slow_decision();`);
    const token = await login(repo.apiUrl);
    const created = await fetch(`${repo.apiUrl}/api/credit-applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amountCents: 125_000 }),
    });
    expect(created.status).toBe(201);
    const jobState = async () => (await database().query("SELECT state::text AS state FROM pgboss.job WHERE name = 'credit-applications'")).rows.map((r) => r.state as string);
    expect(await eventually(async () => (await jobState()).join() === 'active'), 'the worker took the job').toBe(true);

    const toElixir = await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
    expect(toElixir.exitCode, toElixir.stdout + toElixir.stderr).toBe(0);
    // Stopped mid-job: pg-boss hands it back for a retry (or, killed first, it stays active).
    const [state] = await jobState();
    expect(['retry', 'active']).toContain(state);

    const result = await runBin(['doctor', '--backend', 'elixir', '--only', 'jobs', '--json', '--cwd', repo.root]);
    const [jobs] = (JSON.parse(result.stdout) as { checks: (CheckJson & { data: unknown })[] }).checks;
    expect(jobs).toMatchObject({
      id: 'jobs',
      status: 'warn',
      detail: expect.stringMatching(new RegExp(`^1 unfinished pg-boss jobs? in pgboss\\.job \\(${state}: 1\\): the elixir backend will not run`)),
      fix: expect.stringContaining('Let the Bun backend finish them before switching (watch: SELECT state, count(*) FROM pgboss.job GROUP BY state)'),
      data: { queues: { bun: { unfinished: { [state!]: 1 }, workerActive: false } } },
    });
    // The fix's query shows the same.
    const watch = /watch: (SELECT [^)]+\) FROM \S+ GROUP BY state)/.exec(jobs!.fix!)![1]!;
    expect((await database().query(watch)).rows).toEqual([{ state, count: '1' }]);
  }, 90_000);
});
