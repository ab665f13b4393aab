import { chmodSync, closeSync, openSync, rmSync, statSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { toPostgresUrl, parseDatabaseUrl } from '../probes/postgres.js';
import { runCommand, type CommandRecord } from './run-command.js';
import type { Redactor } from '../util/redact.js';
import { shellQuote } from '../util/shell.js';

/** A dump that takes longer is treated as hung (pg_dump blocks forever on some servers). */
export const BACKUP_TIMEOUT_MS = 10 * 60_000;

export interface BackupResult {
  path: string;
  bytes: number;
  via: 'pg_dump' | 'docker compose';
  command: CommandRecord;
}

/**
 * A full plain-SQL dump that `psql` restores into an empty database: pg_dump on this
 * machine, else `docker compose exec db pg_dump` when only the container has it.
 */
export async function backupDatabase(options: {
  databaseUrl: string;
  file: string;
  root: string;
  composeCommand?: string;
  redact: Redactor;
  signal?: AbortSignal;
  timeoutMs?: number;
}): Promise<BackupResult> {
  const url = toPostgresUrl(options.databaseUrl);
  // Created 0600 before pg_dump writes into it: a dump holds every row, secrets included.
  closeSync(openSync(options.file, 'w', 0o600));
  chmodSync(options.file, 0o600);
  const local = await hasPgDump();
  if (local) {
    // The URL travels in the environment, never on the command line (ps would show it).
    const command = await runCommand(`pg_dump --no-owner --no-privileges --clean --if-exists --file=${shellQuote(options.file)}`, {
      cwd: options.root,
      env: { ...process.env as Record<string, string>, ...pgEnv(url) },
      redact: options.redact,
      timeoutMs: options.timeoutMs ?? BACKUP_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return finish(options.file, 'pg_dump', command);
  }
  if (!options.composeCommand) throw new Error('pg_dump is not installed and there is no compose db service to run it in');
  const target = parseDatabaseUrl(url)!;
  const command = await runCommand(
    `${options.composeCommand} exec -T db pg_dump --no-owner --no-privileges --clean --if-exists -U ${target.user} ${target.database} > ${shellQuote(options.file)}`,
    { cwd: options.root, redact: options.redact, timeoutMs: options.timeoutMs ?? BACKUP_TIMEOUT_MS, ...(options.signal ? { signal: options.signal } : {}) },
  );
  return finish(options.file, 'docker compose', command);
}

/** A failed dump leaves no partial file behind to be mistaken for a backup. */
function finish(path: string, via: BackupResult['via'], command: CommandRecord): BackupResult {
  let bytes = 0;
  try {
    bytes = statSync(path).size;
  } catch {
    bytes = 0;
  }
  if (command.exitCode !== 0 || bytes === 0) rmSync(path, { force: true });
  return { path, bytes: command.exitCode === 0 ? bytes : 0, via, command };
}

async function hasPgDump(): Promise<boolean> {
  return (await pgDumpMajor()) !== undefined;
}

/** The major version of the local pg_dump, or undefined when it is not installed. */
export async function pgDumpMajor(): Promise<number | undefined> {
  try {
    const { stdout } = await promisify(execFile)('pg_dump', ['--version']);
    return Number(/(\d+)(\.\d+)?/.exec(stdout)?.[1]);
  } catch {
    return undefined;
  }
}

/**
 * Why pg_dump cannot back this server up, before trying: an embedded PGlite (pg_dump hangs
 * on it or refuses it), or a pg_dump older than the server (it refuses to dump those).
 */
export async function backupObstacle(serverVersion: string): Promise<{ reason: 'embedded' } | { reason: 'old-pg-dump'; client: number; server: number } | undefined> {
  if (/PGlite/i.test(serverVersion)) return { reason: 'embedded' };
  const server = Number(/PostgreSQL (\d+)/.exec(serverVersion)?.[1] ?? /^(\d+)/.exec(serverVersion)?.[1]);
  const client = await pgDumpMajor();
  if (client !== undefined && server && client < server) return { reason: 'old-pg-dump', client, server };
  return undefined;
}

/** libpq's variables for a URL (PGPASSWORD stays out of argv). */
export function pgEnv(url: string): Record<string, string> {
  const parsed = new URL(url);
  const env: Record<string, string> = {
    PGHOST: decodeURIComponent(parsed.hostname) || 'localhost',
    PGPORT: parsed.port || '5432',
    PGDATABASE: decodeURIComponent(parsed.pathname.slice(1)),
  };
  if (parsed.username) env.PGUSER = decodeURIComponent(parsed.username);
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}
