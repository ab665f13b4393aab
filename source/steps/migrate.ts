import { backendCommand, composeCommand } from '../checks/support.js';
import { runCommand, type CommandRecord } from '../io/run-command.js';
import { backendServices } from '../project/project.js';
import { outcome, preview, type Step, type StepContext } from './types.js';
import { exitedWith, pendingNames, targetMigrationStatus } from './support.js';
import { commandOf } from '../backends/index.js';

/** Guide §1 paso 4 / §2: the target's migrations (and, for Elixir, seeds) with its own commands. */
export const migrate: Step = {
  id: 'migrate',
  async preview(ctx) {
    const { t } = ctx;
    const status = await targetMigrationStatus(ctx);
    const commands = planned(ctx).map((c) => c.shown);
    if (status.ok) {
      const pending = pendingNames(status);
      if (pending.length === 0) return preview({ state: 'up-to-date', lines: [t('migrate.upToDate', { count: status.rows.length, tool: status.tool })] });
      return preview({ state: 'todo', lines: [t('migrate.pending', { count: pending.length, names: pending.join(', ') })], commands });
    }
    return preview({ state: 'todo', lines: [t('migrate.unknown')], commands });
  },
  async apply(ctx, _answers, emit) {
    const { t } = ctx;
    const before = await targetMigrationStatus(ctx);
    if (before.ok && pendingNames(before).length === 0) return outcome({ status: 'unchanged', detail: t('migrate.upToDate', { count: before.rows.length, tool: before.tool }) });
    const commands: CommandRecord[] = [];
    for (const { command, cwd, env, shown } of planned(ctx)) {
      emit({ type: 'progress', text: `$ ${command}` });
      const record = await runCommand(command, {
        cwd,
        ...(env ? { env } : {}),
        redact: ctx.redact,
        onLine: (line) => emit({ type: 'line', line }),
        signal: ctx.signal,
      });
      commands.push(record);
      if (record.exitCode !== 0) {
        return outcome({
          status: 'failed',
          detail: t('migrate.commandFailed', exitedWith(command, record)),
          fix: t('migrate.commandFailedFix', { command: shown }),
          commands,
          data: { tail: record.tail.slice(-10) },
        });
      }
    }
    const after = await targetMigrationStatus(ctx);
    const still = pendingNames(after);
    if (still.length > 0) {
      return outcome({ status: 'failed', detail: t('migrate.stillPending', { count: still.length, names: still.join(', ') }), fix: t('migrate.commandFailedFix', { command: commands[0]?.command ?? '' }), commands });
    }
    const applied = before.ok ? pendingNames(before).length : undefined;
    return outcome({ status: 'done', detail: applied === undefined ? t('migrate.doneUnknown') : t('migrate.done', { count: applied }), commands });
  },
};

interface PlannedCommand {
  command: string;
  cwd: string;
  env?: Record<string, string>;
  /** As the user would type it from the monorepo root. */
  shown: string;
}

/**
 * Development: migrate, then (Elixir, guide §1 paso 4) the seeds, in the backend's folder.
 * Docker (guide §3 paso 3): migrate inside the target's service with `compose run`.
 * `databaseUrl` points them at another database (the rehearsal's scratch copy): in
 * development the process's DATABASE_URL, in Docker the container's (`-e`, from this process's environment).
 */
export function planned(ctx: StepContext, databaseUrl?: { host: string; container: string }): PlannedCommand[] {
  const migrateCommand = commandOf(ctx.project, ctx.to, 'migrate')!;
  const seed = commandOf(ctx.project, ctx.to, 'seed');
  if (ctx.mode === 'docker') {
    const service = backendServices(ctx.project, ctx.to)[0]?.name ?? ctx.project.config.backends[ctx.to].service;
    // `-e DATABASE_URL` with no value: compose passes this process's own, so the URL (and its
    // password) never stands on a command line, and no shell reads its `$`.
    const override = databaseUrl ? ' -e DATABASE_URL' : '';
    const command = `${composeCommand(ctx.checks())} run --rm${override} ${service} ${migrateCommand}`;
    return [{ command, cwd: ctx.project.root, ...(databaseUrl ? { env: { DATABASE_URL: databaseUrl.container } } : {}), shown: command }];
  }
  return [migrateCommand, ...(seed ? [seed] : [])].map((command) => ({
    command,
    cwd: ctx.project.backends[ctx.to].dir,
    env: { ...ctx.commandEnv(ctx.to), ...(databaseUrl ? { DATABASE_URL: databaseUrl.host } : {}) },
    shown: backendCommand(ctx.checks(), command),
  }));
}
