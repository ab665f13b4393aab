import { composeCommand } from '../../checks/support.js';
import { runCommand, type CommandRecord } from '../../io/run-command.js';
import { composeProjectName } from '../../project/compose.js';
import { backendServices } from '../../project/project.js';
import { containerLogs, defaultDockerSocket, findContainer, startContainer } from '../../probes/docker.js';
import { confirm, outcome, preview, type Step, type StepContext } from '../types.js';
import { healthUrl, targetHealthy, waitForHealth } from '../start.js';
import { exitedWith, wayBack } from '../support.js';
import { apiPortOwner } from '../../backends/active.js';
import { describeHolder } from '../../checks/port.js';
import { findPortOwners } from '../../probes/port-owner.js';
import { unpublishablePort } from './compose-output.js';
import { heldPortText, servicePublishing } from './ports.js';
import { deadline } from '../../util/deadline.js';

/** Guide §3 paso 5: `down`, then `up -d --build`; wait for /health; on failure, the container's own logs. */
export const up: Step = {
  id: 'up',
  async preview(ctx) {
    const { t } = ctx;
    if (await targetHealthy(ctx)) return preview({ state: 'up-to-date', lines: [t('start.alreadyUp', { backend: ctx.to, url: healthUrl(ctx) })] });
    return preview({ state: 'todo', lines: [t('up.plan')], commands: commands(ctx), questions: [confirm(t, 'restart', t('up.confirm'))] });
  },
  async apply(ctx, answers, emit) {
    const { t } = ctx;
    if (answers.restart === 'no') return outcome({ status: 'skipped', detail: t('up.skipped', { command: commands(ctx)[1]! }) });
    const records: CommandRecord[] = [];
    for (const command of commands(ctx)) {
      emit({ type: 'progress', text: `$ ${command}` });
      const record = await runCommand(command, { cwd: ctx.project.root, redact: ctx.redact, onLine: (line) => emit({ type: 'line', line }), signal: ctx.signal });
      records.push(record);
      if (record.exitCode !== 0) {
        const unpublished = unpublishablePort(record.tail);
        if (unpublished) {
          // Held by another container: its proxy's pid says nothing a person can act on.
          const [owner] = unpublished.by === 'process' ? await findPortOwners([unpublished.port]) : [{ port: unpublished.port, listening: false }];
          const held = { port: unpublished.port, service: servicePublishing(ctx, unpublished.port) ?? '?', owner: owner! };
          const text = heldPortText(ctx, held);
          return outcome({ status: 'failed', detail: `${t('up.notPublished', { command })} ${text.detail}`, fix: text.fix, commands: records, data: { port: held.port, service: held.service } });
        }
        return outcome({ status: 'failed', detail: t('migrate.commandFailed', exitedWith(command, record)), fix: `${t('up.failedFix')}\n${wayBack(ctx)}`, commands: records });
      }
    }
    emit({ type: 'progress', text: t('start.waiting', { url: healthUrl(ctx), seconds: Math.round(ctx.healthTimeoutMs / 1000) }) });
    let result = await waitWhileItRuns(ctx);
    const container = await targetContainer(ctx);
    if (result !== 'healthy' && container && !container.detail.running) {
      emit({ type: 'progress', text: t('up.starting', { name: container.detail.name }) });
      await startContainer(container.socket, container.detail.id, ctx.signal).catch(() => {});
      result = await waitWhileItRuns(ctx);
    }
    if (result === 'healthy') {
      // A 2xx from /health is the target's only when the target holds the port (a dev backend may still).
      if (await targetHealthy(ctx)) return outcome({ status: 'done', detail: t('start.healthy', { backend: ctx.to, url: healthUrl(ctx) }), commands: records });
      const owner = await apiPortOwner(ctx.apiUrl);
      return outcome({ status: 'failed', detail: t('up.wrongBackend', { url: healthUrl(ctx), backend: ctx.to, holder: describeHolder(ctx.checks(), owner) }), fix: t('up.wrongBackendFix', { pid: owner.pid ?? '?' }), commands: records });
    }
    const logs = container ? await containerLogs(container.socket, container.detail.id, 10, ctx.signal).catch(() => []) : [];
    return outcome({
      status: 'failed',
      detail: t('up.unhealthy', { url: healthUrl(ctx), state: container?.detail.status ?? t('up.noContainer'), tail: logs.map(ctx.redact).join('\n') }),
      fix: `${t('up.unhealthyFix', { command: `${composeCommand(ctx.checks())} logs -f ${serviceOf(ctx)}` })}\n${wayBack(ctx)}`,
      commands: records,
      data: { logs: logs.map(ctx.redact) },
    });
  },
};

function commands(ctx: StepContext): string[] {
  const compose = composeCommand(ctx.checks());
  return [`${compose} down --remove-orphans`, `${compose} up -d --build`];
}

function serviceOf(ctx: StepContext): string {
  return backendServices(ctx.project, ctx.to)[0]?.name ?? ctx.project.config.backends[ctx.to].service;
}

/** The health wait, cut short when the target's container stops (a crash need not wait out the whole timeout). */
async function waitWhileItRuns(ctx: StepContext): Promise<'healthy' | 'exited' | 'timeout'> {
  const waited = new AbortController();
  try {
    return await waitForHealth(ctx, whenContainerStops(ctx, waited.signal));
  } finally {
    waited.abort();
  }
}

function whenContainerStops(ctx: StepContext, until: AbortSignal): Promise<number | null> {
  return new Promise((resolve) => {
    void (async () => {
      while (!until.aborted) {
        const container = await targetContainer(ctx);
        if (container && ['exited', 'dead'].includes(container.detail.status)) return resolve(container.detail.exitCode);
        await ctx.sleep(1000);
      }
    })();
  });
}

/** The target's container through the Engine API; undefined when no engine answers. */
async function targetContainer(ctx: StepContext) {
  if (!ctx.project.compose) return undefined;
  const socket = ctx.dockerSocket ?? defaultDockerSocket();
  const project = composeProjectName(ctx.project.compose, ctx.project.config.compose.project);
  const signal = deadline(ctx.timeoutMs, ctx.signal);
  const detail = await findContainer(socket, project, serviceOf(ctx), signal).catch(() => undefined);
  return detail ? { socket, detail } : undefined;
}
