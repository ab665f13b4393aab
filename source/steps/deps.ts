import { backendCommand } from '../checks/support.js';
import { commandOf } from '../backends/index.js';
import { outcome, preview, type Step } from './types.js';
import { exitedWith, runInTarget } from './support.js';

/**
 * Guide §1 Paso 2: the target's dependencies (`mix deps.get`, `bun install`). Installed
 * before the old backend is stopped, so that a failure here leaves it running.
 */
export const deps: Step = {
  id: 'deps',
  onlyWhenSwitching: true,
  async preview(ctx) {
    if (ctx.nothingToChange) return preview({ state: 'up-to-date', lines: [ctx.t('run.notNeeded', { backend: ctx.to })] });
    const command = commandOf(ctx.project, ctx.to, 'deps');
    if (!command) return preview({ state: 'up-to-date', lines: [ctx.t('deps.none', { backend: ctx.to })] });
    return preview({ state: 'todo', lines: [ctx.t('deps.plan', { backend: ctx.to })], commands: [backendCommand(ctx.checks(), command)] });
  },
  async apply(ctx, _answers, emit) {
    const { t } = ctx;
    const command = commandOf(ctx.project, ctx.to, 'deps')!;
    const record = await runInTarget(ctx, command, emit);
    if (record.exitCode !== 0) {
      return outcome({
        status: 'failed',
        detail: t('deps.failed', exitedWith(command, record)),
        fix: t('deps.failedFix', { command: backendCommand(ctx.checks(), command), from: ctx.from }),
        commands: [record],
      });
    }
    return outcome({ status: 'done', detail: t('deps.done', { command }), commands: [record] });
  },
};
