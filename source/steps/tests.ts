import { backendCommand } from '../checks/support.js';
import { commandOf } from '../backends/index.js';
import { outcome, preview, type Question, type Step } from './types.js';
import { exitedWith, runInTarget } from './support.js';

/**
 * Guide §5 "Durante el cambio": the new backend's own tests (`mix test`, `bun test`). Optional:
 * a person chooses to run them (they may take minutes), `--yes` leaves them for later. They run
 * before the old backend is stopped, so that a red suite stops the switch with it still serving.
 */
export const tests: Step = {
  id: 'tests',
  onlyWhenSwitching: true,
  async preview(ctx) {
    if (ctx.nothingToChange) return preview({ state: 'up-to-date', lines: [ctx.t('run.notNeeded', { backend: ctx.to })] });
    const { t } = ctx;
    const command = commandOf(ctx.project, ctx.to, 'test');
    if (!command) return preview({ state: 'up-to-date', lines: [t('tests.none', { backend: ctx.to })] });
    const question: Question = {
      id: 'runTests',
      prompt: t('tests.ask', { command }),
      options: [
        { value: 'yes', label: t('tests.run') },
        { value: 'no', label: t('tests.later') },
      ],
      default: 'no',
      required: false,
      yesAnswers: false,
    };
    return preview({ state: 'todo', lines: [t('tests.plan', { backend: ctx.to })], commands: [backendCommand(ctx.checks(), command)], questions: [question] });
  },
  async apply(ctx, answers, emit) {
    const { t } = ctx;
    const command = commandOf(ctx.project, ctx.to, 'test')!;
    const shown = backendCommand(ctx.checks(), command);
    if (answers.runTests !== 'yes') return outcome({ status: 'skipped', detail: t('tests.skipped', { command: shown }) });
    const record = await runInTarget(ctx, command, emit);
    if (record.exitCode !== 0) {
      return outcome({
        status: 'failed',
        detail: t('tests.failed', exitedWith(command, record, 8)),
        fix: t('tests.failedFix', { command: shown, from: ctx.from }),
        commands: [record],
      });
    }
    return outcome({ status: 'done', detail: t('tests.passed', { command, summary: record.tail.filter(Boolean).pop() ?? '' }), commands: [record] });
  },
};
