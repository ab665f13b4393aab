import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appliedMigrations, migrationSource } from '../checks/migrations.js';
import { composeCommand, effectiveEnv, hostReachableUrl } from '../checks/support.js';
import { shellCommand } from '../backends/index.js';
import { shellWord } from '../util/shell.js';
import { stateDir } from '../io/state.js';
import type { MigrationRow } from '../migrations/types.js';
import type { PgFailure } from '../probes/postgres.js';
import type { BackendName } from '../project/config.js';
import type { FileChange, StepContext, StepEvent } from './types.js';
import { runCommand, type CommandRecord } from '../io/run-command.js';
import { composeProjectName } from '../project/compose.js';
import { defaultDockerSocket, probeDocker, type DockerProbe } from '../probes/docker.js';
import { diffLines } from '../edits/diff.js';
import { backendServices } from '../project/project.js';
import type { CheckContext } from '../core/check.js';
import { displayPath } from '../util/paths.js';
import { deadline } from '../util/deadline.js';

/** The target's DATABASE_URL as reachable from this machine, or undefined. */
export function targetDatabaseUrl(ctx: StepContext): string | undefined {
  const checks = databaseContext(ctx);
  const url = effectiveEnv(checks).values.DATABASE_URL;
  return url ? hostReachableUrl(checks, url, 5432) : undefined;
}

/**
 * Whose environment names the target's database. In Docker mode, before the compose step the
 * target has no service yet: the service it replaces names the database the target's service
 * will be given (the template keeps its DATABASE_URL). Falling back to the target's `.env`
 * there would read a development database (localhost:5432), not the stack's.
 */
function databaseContext(ctx: StepContext): CheckContext {
  const checks = ctx.checks();
  if (ctx.mode !== 'docker' || backendServices(ctx.project, ctx.to).length > 0 || backendServices(ctx.project, ctx.from).length === 0) return checks;
  return { ...checks, backend: ctx.from };
}

export type MigrationStatus = { ok: true; tool: string; rows: MigrationRow[] } | { ok: false; reason: PgFailure | 'no-source' };

export async function targetMigrationStatus(ctx: StepContext): Promise<MigrationStatus> {
  const source = migrationSource({ project: ctx.project, backend: ctx.to });
  if (!source) return { ok: false, reason: 'no-source' };
  const rows = await appliedMigrations(databaseContext(ctx), source, await source.onDisk(), deadline(ctx.timeoutMs, ctx.signal));
  return 'failure' in rows ? { ok: false, reason: rows.failure } : { ok: true, tool: source.tool, rows };
}

export function pendingNames(status: MigrationStatus): string[] {
  return status.ok ? status.rows.filter((r) => r.state === 'down').map((r) => r.name) : [];
}

/** The backend's log that backend-switch wrote when it last started it, newest first. */
export function lastErrorLines(ctx: StepContext, backend: BackendName, max = 5): { file: string; lines: string[] } | undefined {
  const dir = stateDir(ctx.project.root, 'logs');
  if (!existsSync(dir)) return undefined;
  const log = readdirSync(dir).filter((name) => name.endsWith(`-${backend}.log`)).sort().pop();
  if (!log) return undefined;
  const lines = readFileSync(join(dir, log), 'utf8').split('\n').filter((line) => /error|exception|fatal|\*\* \(/i.test(line));
  return { file: join('.backend-switch', 'logs', log), lines: lines.slice(-max).map(ctx.redact) };
}

/** A planned write, with its diff redacted by the run's one redaction function. */
export function fileChange(ctx: Pick<StepContext, 'project' | 'redact'>, path: string, before: string | null, after: string | null, options: { secret?: boolean } = {}): FileChange {
  return { path, before, after, diff: diffLines(displayPath(ctx.project.root, path), before, after, ctx.redact), ...(options.secret ? { secret: true } : {}) };
}

/** Whether the compose project's Docker engine answers (what `up -d db` and Docker mode need). */
export async function engineAnswers(ctx: StepContext): Promise<boolean> {
  return (await engineProbe(ctx, ctx.timeoutMs))?.ok === true;
}

/** The Engine API's answer within `timeoutMs`; undefined without a compose file. */
export async function engineProbe(ctx: StepContext, timeoutMs: number): Promise<DockerProbe | undefined> {
  if (!ctx.project.compose) return undefined;
  const project = composeProjectName(ctx.project.compose, ctx.project.config.compose.project);
  return probeDocker(ctx.dockerSocket ?? defaultDockerSocket(), project, deadline(timeoutMs, ctx.signal));
}

/** A command of the target backend, run in its folder with its environment, its output streamed. */
export async function runInTarget(ctx: StepContext, command: string, emit: (event: StepEvent) => void): Promise<CommandRecord> {
  emit({ type: 'progress', text: `$ ${command}` });
  return runCommand(command, {
    cwd: ctx.project.backends[ctx.to].dir,
    env: ctx.commandEnv(ctx.to),
    redact: ctx.redact,
    onLine: (line) => emit({ type: 'line', line }),
    signal: ctx.signal,
  });
}

/** What a "<command> exited with <code>, its last lines" message says of a failed command. */
export function exitedWith(command: string, record: CommandRecord, lines = 5): { command: string; code: number | string; tail: string } {
  return { command, code: record.exitCode ?? '?', tail: record.tail.slice(-lines).join('\n') };
}

/** The command that undoes this monorepo's last switch's file changes, as the report and the fixes print it. */
export function rollbackCommand(root: string): string {
  return `backend-switch rollback --cwd ${shellWord(root)}`;
}

/**
 * After the old backend went down and the new one would not run: how to have the old one
 * back while the failure is looked into (the team is otherwise left with no backend).
 */
export function wayBack(ctx: StepContext): string {
  const rollback = rollbackCommand(ctx.project.root);
  if (ctx.mode === 'docker') return ctx.t('run.wayBackDocker', { from: ctx.from, rollback, compose: composeCommand(ctx.checks()) });
  const start = shellCommand(ctx.project, ctx.from, ctx.project.config.backends[ctx.from].commands.start);
  return ctx.t('run.wayBackDev', { from: ctx.from, start, rollback });
}
