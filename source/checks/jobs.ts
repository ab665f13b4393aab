import type { Client } from 'pg';
import type { Check } from '../core/check.js';
import { classifyPgError, withPostgres } from '../probes/postgres.js';
import { rowsOrNone } from '../migrations/types.js';
import { effectiveEnv, hostReachableUrl } from './support.js';

const PGBOSS_UNFINISHED = ['created', 'retry', 'active'];
const OBAN_UNFINISHED = ['available', 'scheduled', 'executing', 'retryable', 'suspended'];

export interface QueueState {
  /** Unfinished jobs by state; empty when the queue's tables do not exist. */
  unfinished: Record<string, number>;
  workerActive: boolean;
}

/**
 * Guide §2: jobs the *other* backend's queue still holds would be stranded by the switch
 * (Oban does not run pg-boss jobs, nor the reverse); and two workers on one database clash.
 */
export const jobs: Check = {
  id: 'jobs',
  async run(ctx, signal) {
    const { t } = ctx;
    const url = effectiveEnv(ctx).values.DATABASE_URL;
    if (!url) return { status: 'skip', detail: t('jobs.noDatabase', { reason: t('pgFailure.bad-url') }) };
    const schema = ctx.project.config.backends.bun.jobsSchema;
    let queues: { pgboss: QueueState; oban: QueueState };
    try {
      queues = await withPostgres(hostReachableUrl(ctx, url, 5432), signal, async (client) => ({
        pgboss: await readPgBoss(client, schema),
        oban: await readOban(client),
      }));
    } catch (error) {
      return { status: 'skip', detail: t('jobs.noDatabase', { reason: t(`pgFailure.${classifyPgError(error).failure}`) }) };
    }
    const data = { ...queues };
    if (queues.pgboss.workerActive && queues.oban.workerActive) {
      return { status: 'fail', detail: t('jobs.bothWorkers', { schema }), fix: t('jobs.bothWorkersFix'), data };
    }
    const other = ctx.backend === 'elixir' ? { name: 'pg-boss', table: `${schema}.job`, state: queues.pgboss, owner: 'Bun' } : { name: 'Oban', table: 'oban_jobs', state: queues.oban, owner: 'Elixir' };
    const total = Object.values(other.state.unfinished).reduce((sum, n) => sum + n, 0);
    if (total > 0) {
      const states = Object.entries(other.state.unfinished).map(([state, n]) => `${state}: ${n}`).join(', ');
      return {
        status: 'warn',
        detail: t('jobs.stranded', { count: total, queue: other.name, table: other.table, states, target: ctx.backend }),
        fix: t('jobs.strandedFix', { owner: other.owner, table: other.table }),
        data,
      };
    }
    return { status: 'ok', detail: t('jobs.ok', { queue: other.name }), data };
  },
};

async function readPgBoss(client: Client, schema: string): Promise<QueueState> {
  const quoted = `"${schema.replace(/"/g, '""')}"`;
  const rows = await rowsOrNone<{ state: string; n: string }>(
    client,
    `SELECT state::text AS state, count(*)::text AS n FROM ${quoted}.job WHERE state::text IN (${list(PGBOSS_UNFINISHED)}) GROUP BY state`,
  );
  // pg-boss names its pool `pgboss` and keeps it connected between polls.
  const active = await client.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND application_name <> 'backend-switch' AND (application_name = 'pgboss' OR query ILIKE $1)`,
    [`%${schema}.%`],
  );
  return { unfinished: toCounts(rows), workerActive: Number(active.rows[0]?.n ?? 0) > 0 };
}

async function readOban(client: Client): Promise<QueueState> {
  const rows = await rowsOrNone<{ state: string; n: string }>(
    client,
    `SELECT state::text AS state, count(*)::text AS n FROM oban_jobs WHERE state::text IN (${list(OBAN_UNFINISHED)}) GROUP BY state`,
  );
  const peers = await rowsOrNone<{ n: string }>(client, 'SELECT count(*)::text AS n FROM oban_peers WHERE expires_at > now()');
  return { unfinished: toCounts(rows), workerActive: Number(peers[0]?.n ?? 0) > 0 };
}

function toCounts(rows: { state: string; n: string }[]): Record<string, number> {
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
}

function list(values: string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}
