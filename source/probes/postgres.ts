import type { Client, ClientConfig } from 'pg';
import { classifyNetError } from './net-error.js';

export type PgFailure = 'refused' | 'unknown-host' | 'auth' | 'missing-database' | 'timeout' | 'bad-url' | 'other';

export interface PgTarget {
  host: string;
  port: number;
  user: string;
  database: string;
}

export type PgProbe =
  /** serverVersion: `15.4`; version: the full `version()` (it names PGlite when the server is one). */
  | { ok: true; target: PgTarget; serverVersion: string; version: string }
  | { ok: false; target?: PgTarget; failure: PgFailure; message: string };

/** Ecto accepts `ecto://`; node-postgres wants `postgres://`. Same URL otherwise. */
export function toPostgresUrl(url: string): string {
  return url.replace(/^ecto:\/\//i, 'postgres://');
}

export function parseDatabaseUrl(url: string): PgTarget | undefined {
  try {
    const parsed = new URL(toPostgresUrl(url));
    if (!['postgres:', 'postgresql:'].includes(parsed.protocol)) return undefined;
    return {
      host: decodeURIComponent(parsed.hostname) || 'localhost',
      port: Number(parsed.port || 5432),
      user: decodeURIComponent(parsed.username) || process.env.USER || 'postgres',
      database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username) || 'postgres',
    };
  } catch {
    return undefined;
  }
}

/**
 * Opens a client, runs `work`, closes it. Aborting `signal` destroys the socket at once,
 * so a server that accepts and never answers cannot hold the caller past its timeout.
 */
export async function withPostgres<T>(url: string, signal: AbortSignal, work: (client: Client) => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg');
  const config: ClientConfig = { connectionString: toPostgresUrl(url), application_name: 'backend-switch' };
  const client = new pg.Client(config);
  client.on('error', () => {}); // a late socket error after abort must not crash the process
  const onAbort = () => client.connection.stream.destroy(); // the socket (TLS once upgraded), as @types/pg declares it
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    signal.throwIfAborted();
    await client.connect();
    return await work(client);
  } finally {
    signal.removeEventListener('abort', onAbort);
    await client.end().catch(() => {});
  }
}

export async function probePostgres(url: string, signal: AbortSignal): Promise<PgProbe> {
  const target = parseDatabaseUrl(url);
  if (!target) return { ok: false, failure: 'bad-url', message: 'DATABASE_URL is not a postgres:// or ecto:// URL' };
  try {
    const { short, full } = await withPostgres(url, signal, async (client) => {
      const { rows } = await client.query<{ short: string; full: string }>("SELECT current_setting('server_version') AS short, version() AS full");
      return rows[0] ?? { short: 'unknown', full: '' };
    });
    return { ok: true, target, serverVersion: short, version: full };
  } catch (error) {
    if (signal.aborted) return { ok: false, target, failure: 'timeout', message: 'no answer before the timeout' };
    return { ok: false, target, ...classifyPgError(error) };
  }
}

export function classifyPgError(error: unknown): { failure: PgFailure; message: string } {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === '28P01' || code === '28000') return { failure: 'auth', message };
  if (code === '3D000') return { failure: 'missing-database', message };
  const net = classifyNetError(error);
  if (net.kind === 'refused' || net.kind === 'unknown-host') return { failure: net.kind, message: net.message };
  if (net.kind === 'timeout' || net.kind === 'aborted' || /timeout/i.test(message)) return { failure: 'timeout', message };
  return { failure: 'other', message };
}
