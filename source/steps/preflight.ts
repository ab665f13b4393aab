import { ensureDir, stateDir } from '../io/state.js';
import { backupDatabase, backupObstacle } from '../io/backup.js';
import { probePostgres } from '../probes/postgres.js';
import { composeCommand } from '../checks/support.js';
import { confirm, outcome, preview, type Step, type StepContext, type StepEvent } from './types.js';
import { rehearse, type RehearsalResult } from './rehearsal.js';
import { profileOf } from '../backends/index.js';
import { readQueues } from '../backends/read-queues.js';
import { unfinishedTotal } from '../backends/queues.js';
import { lastErrorLines, pendingNames, targetDatabaseUrl, targetMigrationStatus } from './support.js';
import { join } from 'node:path';
import { deadline } from '../util/deadline.js';

/** Guide §5 "Antes de cambiar": backup, migration status, recent errors, the downtime reminder. */
export const preflight: Step = {
  id: 'preflight',
  async preview(ctx) {
    const { t } = ctx;
    if (ctx.nothingToChange) return preview({ state: 'up-to-date', lines: [t('preflight.nothingToChange', { backend: ctx.to })] });
    const lines: string[] = [];
    const status = await targetMigrationStatus(ctx);
    if (status.ok) {
      const pending = pendingNames(status);
      const applied = status.rows.filter((r) => r.state === 'up').length;
      lines.push(pending.length ? t('preflight.migrationsPending', { applied, count: pending.length, names: pending.join(', ') }) : t('preflight.migrationsApplied', { applied }));
    } else {
      lines.push(t('preflight.migrationsUnknown', { reason: t(`pgFailure.${status.reason === 'no-source' ? 'other' : status.reason}`) }));
    }
    const errors = lastErrorLines(ctx, ctx.from);
    if (errors?.lines.length) lines.push(t('preflight.recentErrors', { file: errors.file }), ...errors.lines.map((l) => `  ${l}`));
    else lines.push(t('preflight.noRecentErrors', { backend: ctx.from }));
    lines.push(t('preflight.backupPlan', { file: backupFile(ctx, true) }));
    const stranded = await strandedJobs(ctx);
    if (stranded) lines.push(stranded.line);
    return preview({
      state: 'todo',
      lines,
      commands: ['pg_dump'],
      questions: [
        confirm(t, 'downtime', t('preflight.downtime')),
        ...(stranded ? [confirm(t, 'strandedJobs', t('preflight.strandedAsk', { count: stranded.count, queue: stranded.queue }))] : []),
      ],
    });
  },
  async apply(ctx, answers, emit) {
    const { t } = ctx;
    if (answers.downtime === 'no') return outcome({ status: 'failed', detail: t('preflight.declined'), fix: t('preflight.declinedFix') });
    if (answers.strandedJobs === 'no') return outcome({ status: 'failed', detail: t('preflight.strandedDeclined'), fix: t('jobs.strandedFix', { owner: profileOf(ctx.from).label, table: profileOf(ctx.from).jobs.reader.table(ctx.project) }) });
    const url = targetDatabaseUrl(ctx);
    const probe = url ? await probePostgres(url, deadline(ctx.timeoutMs, ctx.signal)) : undefined;
    const noBackup = { ran: false, reason: 'no-backup' } as const;
    if (!url || !probe?.ok) {
      const reason = probe && !probe.ok ? t(`pgFailure.${probe.failure}`) : t('pgFailure.bad-url');
      return outcome({ status: 'skipped', detail: t('preflight.backupSkipped', { reason }), data: { backup: null, rehearsal: noBackup } });
    }
    const obstacle = await backupObstacle(probe.version);
    if (obstacle?.reason === 'embedded') return outcome({ status: 'skipped', detail: t('preflight.backupEmbedded'), data: { backup: null, rehearsal: noBackup } });
    if (obstacle?.reason === 'old-pg-dump') {
      return outcome({ status: 'failed', detail: t('preflight.backupOldClient', { client: obstacle.client, server: obstacle.server }), fix: t('preflight.backupOldClientFix', { server: obstacle.server }) });
    }
    const file = ensureDir(stateDir(ctx.project.root, 'backups')) && backupFile(ctx, false);
    const compose = ctx.project.compose?.services.db ? composeCommand(ctx.checks()) : undefined;
    const backup = await backupDatabase({ databaseUrl: url, file, root: ctx.project.root, redact: ctx.redact, signal: ctx.signal, ...(compose ? { composeCommand: compose } : {}) });
    const shown = join('.backend-switch', 'backups', `${ctx.runId}.sql`);
    if (backup.command.exitCode !== 0 || backup.bytes === 0) {
      return outcome({ status: 'failed', detail: t('preflight.backupFailed', { tail: backup.command.tail.slice(-3).join(' / ') }), fix: t('preflight.backupFailedFix'), commands: [backup.command] });
    }
    const backedUp = t('preflight.backedUp', { file: shown, size: formatBytes(backup.bytes), via: backup.via });
    const rehearsal = await rehearseIfPending(ctx, url, file, backup.bytes, emit);
    const data = { backup: { path: shown, bytes: backup.bytes, via: backup.via }, rehearsal: summary(rehearsal) };
    const commands = [backup.command, ...(rehearsal.ran ? rehearsal.commands : [])];
    if (rehearsal.ran && !rehearsal.ok) {
      return outcome({
        status: 'failed',
        detail: `${backedUp} ${t('rehearsal.failed', { migration: rehearsal.failing ?? '?', tail: rehearsal.tail.join('\n'), log: rehearsal.log })}`,
        fix: t('rehearsal.failedFix', { log: rehearsal.log }),
        commands,
        data,
      });
    }
    const note = rehearsalNote(ctx, rehearsal);
    return outcome({ status: 'done', detail: note ? `${backedUp} ${note}` : backedUp, commands, data });
  },
};

function backupFile(ctx: Parameters<Step['apply']>[0], relativePath: boolean): string {
  const name = `${ctx.runId}.sql`;
  return relativePath ? join('.backend-switch', 'backups', name) : join(stateDir(ctx.project.root, 'backups'), name);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * Guide §2: jobs the old backend's queue has not finished are stranded by the switch (the
 * other worker does not run them). Counted before anything changes; undefined when none, or
 * when the database cannot be read (the gate says why).
 */
async function strandedJobs(ctx: StepContext): Promise<{ count: number; queue: string; line: string } | undefined> {
  const url = targetDatabaseUrl(ctx);
  if (!url) return undefined;
  try {
    const queues = await readQueues(url, ctx.project, deadline(ctx.timeoutMs, ctx.signal));
    const old = profileOf(ctx.from);
    const state = queues[ctx.from];
    const count = unfinishedTotal(state);
    if (count === 0) return undefined;
    const states = Object.entries(state.unfinished).map(([name, n]) => `${name}: ${n}`).join(', ');
    return { count, queue: old.jobs.name, line: ctx.t('jobs.stranded', { count, queue: old.jobs.name, table: old.jobs.reader.table(ctx.project), states, target: ctx.to }) };
  } catch {
    return undefined;
  }
}

/** The rehearsal runs when it is on and the target has migrations to apply; else why not. */
async function rehearseIfPending(ctx: StepContext, url: string, dump: string, bytes: number, emit: (event: StepEvent) => void): Promise<RehearsalResult> {
  if (!ctx.rehearse) return { ran: false, reason: 'off' };
  const status = await targetMigrationStatus(ctx);
  if (status.ok && pendingNames(status).length === 0) return { ran: false, reason: 'nothing-pending' };
  if (bytes > ctx.project.config.rehearse.maxBytes) return { ran: false, reason: 'too-big', detail: formatBytes(bytes) };
  return rehearse(ctx, url, dump, emit);
}

/** What the pre-flight says of its rehearsal; nothing when it was turned off or had nothing to do (the report keeps both). */
function rehearsalNote(ctx: StepContext, result: RehearsalResult): string | undefined {
  const { t } = ctx;
  if (result.ran) return t('rehearsal.passed', { seconds: (result.ms / 1000).toFixed(1) });
  if (result.reason === 'off' || result.reason === 'nothing-pending') return undefined;
  return t('rehearsal.notRun', { reason: t(`rehearsal.why.${result.reason}`, { detail: result.detail ?? '', limit: formatBytes(ctx.project.config.rehearse.maxBytes) }) });
}

/** What the report keeps of a rehearsal: whether it ran, how it went, or why not. */
function summary(result: RehearsalResult): Record<string, unknown> {
  if (!result.ran) return { ran: false, reason: result.reason };
  return { ran: true, ok: result.ok, ms: result.ms, ...(result.ok ? {} : { failing: result.failing ?? null, log: result.log }) };
}
