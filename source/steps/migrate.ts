import { runCommand, type CommandRecord } from '../io/run-command.js';
import { outcome, preview, type Step, type StepContext } from './types.js';
import { backendDirCommand, pendingNames, targetMigrationStatus } from './support.js';

/** Guide §1 paso 4 / §2: the target's migrations (and, for Elixir, seeds) with its own commands. */
export const migrate: Step = {
  id: 'migrate',
  async preview(ctx) {
    const { t } = ctx;
    const status = await targetMigrationStatus(ctx);
    const commands = planned(ctx).map((c) => backendDirCommand(ctx, ctx.to, c));
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
    for (const command of planned(ctx)) {
      emit({ type: 'progress', text: `$ ${command}` });
      const record = await runCommand(command, {
        cwd: ctx.project.backends[ctx.to].dir,
        env: ctx.commandEnv(ctx.to),
        redact: ctx.redact,
        onLine: (line) => emit({ type: 'line', line }),
        signal: ctx.signal,
      });
      commands.push(record);
      if (record.exitCode !== 0) {
        return outcome({
          status: 'failed',
          detail: t('migrate.commandFailed', { command, code: record.exitCode ?? '?', tail: record.tail.slice(-5).join('\n') }),
          fix: t('migrate.commandFailedFix', { command: backendDirCommand(ctx, ctx.to, command) }),
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

/** migrate, then (Elixir, guide §1 paso 4) the seeds. */
function planned(ctx: StepContext): string[] {
  const commands = ctx.project.config.backends[ctx.to].commands as { migrate: string; seed?: string };
  return [commands.migrate, ...(commands.seed ? [commands.seed] : [])];
}
