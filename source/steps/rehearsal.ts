import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupDatabase, backupObstacle, pgEnv } from '../io/backup.js';
import { displayPath } from '../util/paths.js';
import { targetDatabaseUrl } from './support.js';
import { promisify } from 'node:util';

import { ensureDir, stateDir } from '../io/state.js';
import { runCommand, type CommandRecord } from '../io/run-command.js';
import { parseDatabaseUrl, probePostgres, toPostgresUrl, withPostgres } from '../probes/postgres.js';
import { backendServices } from '../project/project.js';
import { interpolate } from '../project/compose.js';
import { planned } from './migrate.js';
import type { StepContext, StepEvent } from './types.js';
import { deadline } from '../util/deadline.js';
import { shellWord } from '../util/shell.js';

/** Why a rehearsal could not run: said in the pre-flight and the report, never silently skipped. */
export type NoRehearsal = 'off' | 'nothing-pending' | 'no-backup' | 'no-psql' | 'no-permission' | 'too-big' | 'no-service';

export type RehearsalResult =
  | { ran: true; ok: true; ms: number; database: string; commands: CommandRecord[] }
  | { ran: true; ok: false; ms: number; database: string; commands: CommandRecord[]; failing?: string; tail: string[]; log: string }
  | { ran: false; reason: NoRehearsal; detail?: string };

/** Past this, a copy of the database costs more than a rehearsal is worth (configurable: rehearse.maxBytes). */
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

/** `<db>_rehearsal_<run id>`: the name says whose it is, so a later run can find leftovers. */
export function scratchName(database: string, runId: string): string {
  return `${database}_rehearsal_${runId.replace(/[^0-9a-z]/gi, '_').toLowerCase()}`.slice(0, 63);
}

/**
 * Guide §1–2's riskiest moment rehearsed before any change: the pre-flight's dump restored
 * into a scratch database on the same server, the target's migrate (and seed) commands run
 * against it with DATABASE_URL pointing there, the scratch database dropped in every outcome.
 */
export async function rehearse(ctx: StepContext, databaseUrl: string, dumpFile: string, emit: (event: StepEvent) => void, logDir = stateDir(ctx.project.root, 'logs')): Promise<RehearsalResult> {
  const target = parseDatabaseUrl(databaseUrl);
  if (!target) return { ran: false, reason: 'no-backup' };
  // Docker mode migrates in the target's service, which the compose file has only once the switch wrote it.
  if (ctx.mode === 'docker' && backendServices(ctx.project, ctx.to).length === 0) return { ran: false, reason: 'no-service' };
  if (!(await hasPsql())) return { ran: false, reason: 'no-psql' };
  const scratch = scratchName(target.database, ctx.runId);
  const started = performance.now();
  const admin = adminUrl(databaseUrl);
  await dropLeftovers(admin, target.database, ctx.signal);
  try {
    await withPostgres(admin, bounded(ctx), (client) => client.query(`CREATE DATABASE ${ident(scratch)}`));
  } catch (error) {
    return { ran: false, reason: 'no-permission', detail: error instanceof Error ? error.message : String(error) };
  }
  try {
    emit({ type: 'progress', text: ctx.t('rehearsal.restoring', { database: scratch }) });
    const scratchUrl = withDatabase(databaseUrl, scratch);
    const restore = await runCommand(`psql -X -q -v ON_ERROR_STOP=1 -f ${shellWord(dumpFile)}`, {
      cwd: ctx.project.root,
      env: { ...(process.env as Record<string, string>), ...pgEnv(scratchUrl) },
      redact: ctx.redact,
      signal: ctx.signal,
    });
    const commands = [restore];
    if (restore.exitCode !== 0) return failed(ctx, logDir, scratch, started, commands, restore.tail);
    for (const { command, cwd, env } of planned(ctx, { host: schemeOf(ctx, scratchUrl), container: containerUrl(ctx, scratch) ?? scratchUrl })) {
      emit({ type: 'progress', text: `$ ${command}` });
      const record = await runCommand(command, { cwd, ...(env ? { env } : {}), redact: ctx.redact, onLine: (line) => emit({ type: 'line', line }), signal: ctx.signal });
      commands.push(record);
      if (record.exitCode !== 0) return failed(ctx, logDir, scratch, started, commands, record.tail);
    }
    return { ran: true, ok: true, ms: Math.round(performance.now() - started), database: scratch, commands };
  } finally {
    await withPostgres(admin, deadline(10_000), (client) => client.query(`DROP DATABASE IF EXISTS ${ident(scratch)} WITH (FORCE)`)).catch(() => {});
  }
}

/** A killed run leaves its scratch database behind: found by name (ours end in `_rehearsal_<run id>`) and dropped. */
export async function dropLeftovers(admin: string, database: string, signal: AbortSignal): Promise<string[]> {
  const pattern = `${database.replace(/[\\_%]/g, (c) => `\\${c}`)}\\_rehearsal\\_%`;
  try {
    return await withPostgres(admin, deadline(10_000, signal), async (client) => {
      const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [pattern]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${ident(datname)} WITH (FORCE)`);
      return rows.map((r) => r.datname);
    });
  } catch {
    return [];
  }
}

function failed(ctx: StepContext, logDir: string, database: string, started: number, commands: CommandRecord[], tail: string[]): RehearsalResult {
  const log = join(ensureDir(logDir), `${ctx.runId}-rehearsal.log`);
  writeFileSync(log, `${commands.map((c) => `$ ${c.command}\n${c.tail.join('\n')}`).join('\n\n')}\n`, { mode: 0o600 });
  const failing = [...tail].reverse().map((line) => /(\d{14}_\w+|\d{4}_\w+)/.exec(line)?.[1]).find(Boolean);
  return { ran: true, ok: false, ms: Math.round(performance.now() - started), database, commands, ...(failing ? { failing } : {}), tail: tail.slice(-8), log: displayPath(ctx.project.root, log) };
}

/**
 * `plan --rehearse`: only the rehearsal, from a dump in a temporary folder; nothing is
 * written in the monorepo (a failure's log stays in that folder, which is named).
 */
export async function rehearseOnly(ctx: StepContext, emit: (event: StepEvent) => void): Promise<RehearsalResult> {
  const url = targetDatabaseUrl(ctx);
  if (!url) return { ran: false, reason: 'no-backup' };
  const probe = await probePostgres(url, deadline(ctx.timeoutMs, ctx.signal));
  if (!probe.ok || (await backupObstacle(probe.version))) return { ran: false, reason: 'no-backup' };
  const dir = mkdtempSync(join(tmpdir(), 'backend-switch-rehearsal-'));
  const dump = join(dir, 'dump.sql');
  const backup = await backupDatabase({ databaseUrl: url, file: dump, root: dir, redact: ctx.redact, signal: ctx.signal });
  try {
    if (backup.command.exitCode !== 0 || backup.bytes === 0) return { ran: false, reason: 'no-backup', detail: backup.command.tail.slice(-2).join(' / ') };
    return await rehearse(ctx, url, dump, emit, dir);
  } finally {
    rmSync(dump, { force: true });
  }
}

/** The same server, the `postgres` database: where CREATE and DROP DATABASE are said. */
function adminUrl(url: string): string {
  const admin = new URL(toPostgresUrl(url));
  admin.pathname = '/postgres';
  return admin.toString();
}

function withDatabase(url: string, database: string): string {
  const copy = new URL(toPostgresUrl(url));
  copy.pathname = `/${database}`;
  return copy.toString();
}

/** Elixir's own scheme kept (`ecto://`), as its .env writes it. */
function schemeOf(ctx: StepContext, url: string): string {
  const original = ctx.project.backends[ctx.to].env.values.DATABASE_URL ?? '';
  return /^ecto:/i.test(original) ? url.replace(/^postgres(ql)?:/i, 'ecto:') : url;
}

/**
 * In Docker mode the migrate container reaches the database by its service name: the
 * service's own URL, interpolated as compose does (`${POSTGRES_PASSWORD}` from .env.docker),
 * another database. The host's URL (127.0.0.1 and the published port) would be the
 * container itself.
 */
export function containerUrl(ctx: StepContext, database: string): string | undefined {
  if (ctx.mode !== 'docker') return undefined;
  const service = backendServices(ctx.project, ctx.to)[0];
  const raw = service?.environment.DATABASE_URL;
  if (!raw) return undefined;
  const url = interpolate(raw, { ...process.env, ...ctx.project.composeEnv.values });
  return url.replace(/^([a-z]+:\/\/[^/]*)\/[^/?]*/i, `$1/${database}`);
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function bounded(ctx: StepContext): AbortSignal {
  return deadline(Math.max(ctx.timeoutMs, 10_000), ctx.signal);
}

async function hasPsql(): Promise<boolean> {
  return promisify(execFile)('psql', ['--version']).then(() => true, () => false);
}
