import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiPortOwner, identifyBackend } from '../backends/active.js';
import { startInBackground } from '../io/background.js';
import { ensureDir, stateDir } from '../io/state.js';
import { httpRequest, joinUrl } from '../probes/http.js';
import { outcome, preview, type Step, type StepContext } from './types.js';
import { backendCommand } from '../checks/support.js';
import { recordStarted } from '../io/started.js';
import { deadline } from '../util/deadline.js';
import { wayBack } from './support.js';

/** Guide §1 paso 2: start the new backend (managed, or by the user) and wait for /health. */
export const start: Step = {
  id: 'start',
  async preview(ctx) {
    const { t } = ctx;
    const command = backendCommand(ctx.checks(), ctx.project.config.backends[ctx.to].commands.start);
    if (await targetHealthy(ctx)) return preview({ state: 'up-to-date', lines: [t('start.alreadyUp', { backend: ctx.to, url: healthUrl(ctx) })] });
    return preview({
      state: 'todo',
      lines: [t('start.plan', { command, log: logFile(ctx, true) })],
      commands: [command],
      questions: [{
        id: 'start',
        prompt: t('start.how'),
        options: [
          { value: 'managed', label: t('start.optionManaged') },
          { value: 'manual', label: t('start.optionManual', { command }) },
        ],
        default: 'managed',
        required: true,
        yesAnswers: true,
      }],
    });
  },
  async apply(ctx, answers, emit) {
    const { t } = ctx;
    if (await targetHealthy(ctx)) return outcome({ status: 'unchanged', detail: t('start.alreadyUp', { backend: ctx.to, url: healthUrl(ctx) }) });
    const command = ctx.project.config.backends[ctx.to].commands.start;
    let exited: Promise<number | null> | undefined;
    let pid: number | undefined;
    if (answers.start === 'manual') {
      emit({ type: 'progress', text: t('start.startYourself', { command: backendCommand(ctx.checks(), command) }) });
    } else {
      ensureDir(stateDir(ctx.project.root, 'logs'));
      const started = await startInBackground(command, { cwd: ctx.project.backends[ctx.to].dir, env: ctx.commandEnv(ctx.to), logFile: logFile(ctx, false) });
      pid = started.pid;
      exited = started.exited;
      recordStarted(ctx.project.root, { pid, backend: ctx.to, runId: ctx.runId });
      emit({ type: 'progress', text: t('start.started', { pid, log: logFile(ctx, true) }) });
    }
    emit({ type: 'progress', text: t('start.waiting', { url: healthUrl(ctx), seconds: Math.round(ctx.healthTimeoutMs / 1000) }) });
    const result = await waitForHealth(ctx, exited);
    const data = { pid: pid ?? null, log: pid ? logFile(ctx, true) : null, managed: answers.start !== 'manual' };
    if (result === 'healthy') return outcome({ status: 'done', detail: t('start.healthy', { backend: ctx.to, url: healthUrl(ctx) }), data });
    const tail = pid ? logTail(ctx) : [];
    if (result === 'exited') {
      return outcome({ status: 'failed', detail: t('start.exited', { tail: tail.join('\n') }), fix: `${t('start.exitedFix', { log: logFile(ctx, true) })}\n${wayBack(ctx)}`, data: { ...data, tail } });
    }
    return outcome({ status: 'failed', detail: t('start.timedOut', { url: healthUrl(ctx), seconds: Math.round(ctx.healthTimeoutMs / 1000) }), fix: `${t('start.timedOutFix', { log: logFile(ctx, true) })}\n${wayBack(ctx)}`, data: { ...data, tail } });
  },
};

export function healthUrl(ctx: StepContext): string {
  return joinUrl(ctx.apiUrl, ctx.project.config.health);
}

function logFile(ctx: StepContext, relativePath: boolean): string {
  const name = `${ctx.runId}-${ctx.to}.log`;
  return relativePath ? join('.backend-switch', 'logs', name) : stateDir(ctx.project.root, 'logs', name);
}

/** The target answers /health and is the one on the API port (not the old backend answering). */
export async function targetHealthy(ctx: StepContext): Promise<boolean> {
  if (!(await healthOk(ctx))) return false;
  const owner = await apiPortOwner(ctx.apiUrl);
  if (!owner.listening) return true; // remote API: /health is all we can see
  const identified = await identifyBackend(ctx.project, owner, ctx.apiUrl, ctx.timeoutMs);
  return identified?.backend === ctx.to;
}

async function healthOk(ctx: StepContext): Promise<boolean> {
  try {
    const answer = await httpRequest(healthUrl(ctx), { signal: deadline(ctx.timeoutMs, ctx.signal) });
    return answer.status >= 200 && answer.status < 300;
  } catch {
    return false;
  }
}

export async function waitForHealth(ctx: StepContext, exited?: Promise<number | null>): Promise<'healthy' | 'exited' | 'timeout'> {
  let dead = false;
  void exited?.then(() => (dead = true));
  for (let waited = 0; waited <= ctx.healthTimeoutMs; waited += 250) {
    if (await healthOk(ctx)) return 'healthy';
    if (dead) return 'exited';
    ctx.signal.throwIfAborted();
    await ctx.sleep(250);
  }
  return 'timeout';
}

function logTail(ctx: StepContext): string[] {
  const path = logFile(ctx, false);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-8).map(ctx.redact);
}
