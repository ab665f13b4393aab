import { apiPortOwner, foreignContainersOn, identifyBackend } from '../backends/active.js';
import { composeCommand } from '../checks/support.js';
import { stopProcess } from '../io/processes.js';
import { runCommand } from '../io/run-command.js';
import type { PortOwner } from '../probes/port-owner.js';
import { describeHolder } from '../checks/port.js';
import { confirm, outcome, preview, type Step, type StepContext } from './types.js';

/** Guide §1 paso 1 "Detener Bun/Elixir": who holds the API port; stop it once confirmed. */
export const stopOld: Step = {
  id: 'stop',
  async preview(ctx) {
    const { t } = ctx;
    const { owner, who } = await apiOwner(ctx);
    const port = owner.port;
    if (!owner.listening) return preview({ state: 'up-to-date', lines: [t('stop.free', { port })] });
    const describe = `${t('stop.holderPort', { port })} ${describeHolder(ctx, owner)}`;
    if (who === ctx.to) return preview({ state: 'up-to-date', lines: [describe, t('stop.targetHolds', { backend: ctx.to })] });
    if (owner.kind === 'docker') {
      // `compose stop` reaches only this project's containers: another project's keeps the port.
      const foreign = (await foreignContainersOn(ctx.project, [port], ctx.timeoutMs)).get(port);
      if (foreign) return preview({ state: 'blocked', lines: [describe], blocked: { detail: t('stop.foreignContainer', { port, name: foreign }), fix: t('stop.foreignContainerFix', { name: foreign, port }) } });
      const command = `${composeCommand(ctx.checks())} stop ${ctx.project.config.backends[ctx.from].service}`;
      return preview({ state: 'todo', lines: [describe, t('stop.container')], commands: [command], questions: [confirm(t, 'stop', t('stop.confirmContainer'))] });
    }
    if (owner.pid === undefined) {
      return preview({ state: 'blocked', lines: [describe], blocked: { detail: t('stop.hidden', { port }), fix: t('stop.hiddenFix', { port }) } });
    }
    if (who === ctx.from) {
      return preview({
        state: 'todo',
        lines: [describe, t('stop.isOld', { backend: ctx.from })],
        commands: [`kill ${owner.pid}`],
        questions: [confirm(t, 'stop', t('stop.confirm', { pid: owner.pid, backend: ctx.from }))],
      });
    }
    // Not recognisably a backend: only a person may say it can go.
    return preview({
      state: 'todo',
      lines: [describe, t('stop.stranger', { folder: owner.cwd ?? '?' })],
      commands: [`kill ${owner.pid}`],
      questions: [confirm(t, 'stop', t('stop.confirmStranger', { pid: owner.pid }), { yesAnswers: false, defaultNo: true })],
    });
  },
  async apply(ctx, answers, emit) {
    const { t } = ctx;
    const { owner } = await apiOwner(ctx);
    if (!owner.listening) return outcome({ status: 'unchanged', detail: t('stop.free', { port: owner.port }) });
    if (answers.stop !== 'yes') {
      return outcome({ status: 'failed', detail: t('stop.declined', { port: owner.port }), fix: t('stop.declinedFix', { pid: owner.pid ?? '?' }) });
    }
    if (owner.kind === 'docker') {
      const command = await runCommand(`${composeCommand(ctx.checks())} stop ${ctx.project.config.backends[ctx.from].service}`, {
        cwd: ctx.project.root,
        redact: ctx.redact,
        onLine: (line) => emit({ type: 'line', line }),
        signal: ctx.signal,
      });
      const status = command.exitCode === 0 ? 'done' : 'failed';
      return outcome({ status, detail: t(status === 'done' ? 'stop.containerStopped' : 'stop.failed', { port: owner.port }), commands: [command], ...(status === 'failed' ? { fix: t('stop.declinedFix', { pid: '?' }) } : {}) });
    }
    emit({ type: 'progress', text: t('stop.stopping', { pid: owner.pid! }) });
    const result = await stopProcess(owner.pid!, owner.port, { sleep: ctx.sleep });
    if (!result.stopped) return outcome({ status: 'failed', detail: t('stop.failed', { port: owner.port }), fix: t('stop.declinedFix', { pid: owner.pid! }) });
    return outcome({ status: 'done', detail: t('stop.stopped', { pid: owner.pid!, signal: result.signal ?? '-' }), data: { pid: owner.pid, signal: result.signal } });
  },
};

async function apiOwner(ctx: StepContext): Promise<{ owner: PortOwner; who: string | undefined }> {
  const owner = await apiPortOwner(ctx.apiUrl);
  const identified = await identifyBackend(ctx.project, owner, ctx.apiUrl, ctx.timeoutMs);
  return { owner, who: identified?.backend };
}
