import type { Client } from 'pg';
import { rowsOrNone } from '../migrations/types.js';
import type { Project } from '../project/project.js';

export interface QueueState {
  /** Unfinished jobs by state; empty when the queue's tables do not exist. */
  unfinished: Record<string, number>;
  workerActive: boolean;
}

export interface QueueReader {
  /** The table a person would query: `pgboss.job`, `oban_jobs`. */
  table(project: Project): string;
  read(client: Client, project: Project, unfinished: readonly string[]): Promise<QueueState>;
}

/** pg-boss: `<schema>.job`; its pool is named `pgboss` and stays connected between polls. */
export const pgBossQueue: QueueReader = {
  table: (project) => `${project.config.backends.bun.jobsSchema}.job`,
  async read(client, project, unfinished) {
    const schema = project.config.backends.bun.jobsSchema;
    const rows = await rowsOrNone<{ state: string; n: string }>(
      client,
      `SELECT state::text AS state, count(*)::text AS n FROM ${quoteIdent(schema)}.job WHERE state::text IN (${list(unfinished)}) GROUP BY state`,
    );
    const active = await client.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND application_name <> 'backend-switch' AND (application_name = 'pgboss' OR query ILIKE $1)`,
      [`%${schema}.%`],
    );
    return { unfinished: toCounts(rows), workerActive: Number(active.rows[0]?.n ?? 0) > 0 };
  },
};

/** Oban: `oban_jobs`; a row of `oban_peers` that has not expired is a live Oban leader. */
export const obanQueue: QueueReader = {
  table: () => 'oban_jobs',
  async read(client, _project, unfinished) {
    const rows = await rowsOrNone<{ state: string; n: string }>(
      client,
      `SELECT state::text AS state, count(*)::text AS n FROM oban_jobs WHERE state::text IN (${list(unfinished)}) GROUP BY state`,
    );
    const peers = await rowsOrNone<{ n: string }>(client, 'SELECT count(*)::text AS n FROM oban_peers WHERE expires_at > now()');
    return { unfinished: toCounts(rows), workerActive: Number(peers[0]?.n ?? 0) > 0 };
  },
};

export function unfinishedTotal(state: QueueState): number {
  return Object.values(state.unfinished).reduce((sum, n) => sum + n, 0);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function toCounts(rows: { state: string; n: string }[]): Record<string, number> {
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
}

function list(values: readonly string[]): string {
  return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
}
