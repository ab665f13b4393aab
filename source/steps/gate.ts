import { ALL_CHECKS } from '../checks/index.js';
import type { CheckId, CheckResult } from '../core/check.js';
import { runChecks } from '../core/run-checks.js';
import { runCommand } from '../io/run-command.js';
import { OutsideMonorepoError, writableTarget } from '../io/journal.js';
import { profileOf } from '../backends/index.js';
import type { Step, StepContext, StepPreview } from './types.js';
import { engineProbe } from './support.js';
import { engineFailureText } from '../checks/docker.js';
import { heldPorts, heldPortText } from './docker/ports.js';

/** One reason the switch must not start: what is wrong and what to do. */
export interface GateFailure {
  id: CheckId | 'compose-command' | Step['id'];
  detail: string;
  fix: string;
}

/**
 * The target's blocking checks, run before the first change (stopping a process or writing a
 * file): a switch that would leave the team with no backend running stops here instead.
 * Development: layout, the §7 variables, PostgreSQL with the target's credentials (or one
 * this run can start), Redis where the target needs it. Docker: a compose command and an
 * engine that answer, and no process outside Docker on a port the backend or the frontend
 * publishes (else `up` would stop the old stack and then fail to start the new one). Any
 * step whose preview is already blocked counts too.
 */
export async function runGate(ctx: StepContext, steps: readonly Step[], previews: StepPreview[]): Promise<GateFailure[]> {
  const failures: GateFailure[] = [];
  const ids: CheckId[] = ctx.mode === 'docker' ? ['layout'] : ['layout', 'env', 'db', ...(profileOf(ctx.to).services.includes('redis') ? ['redis' as const] : [])];
  const [results, engine, compose, held] = await Promise.all([
    runChecks(ALL_CHECKS.filter((c) => ids.includes(c.id)), ctx.checks(), { signal: ctx.signal }),
    // In Docker mode a real engine busy building or starting containers can take seconds to
    // answer: it gets as long as `compose version` does.
    engineProbe(ctx, ctx.mode === 'docker' ? Math.max(ctx.timeoutMs, 5000) : ctx.timeoutMs),
    ctx.mode === 'docker' ? composeAnswers(ctx) : undefined,
    ctx.mode === 'docker' ? heldPorts(ctx) : [],
  ]);
  for (const result of results) {
    if (result.status !== 'fail' || startable(ctx, result, engine?.ok === true)) continue;
    failures.push({ id: result.id, detail: `${result.title}: ${result.detail}`, fix: result.fix ?? '' });
  }
  if (ctx.mode === 'docker') {
    if (compose) failures.push(compose);
    if (!engine || (!engine.ok && engine.failure === 'no-engine')) failures.push({ id: 'docker', detail: ctx.t('gate.noEngine'), fix: ctx.t('docker.noEngineFix') });
    else if (!engine.ok) failures.push({ id: 'docker', ...engineFailureText(ctx.t, engine) });
    for (const port of held) failures.push({ id: 'port', ...heldPortText(ctx, port) });
  }
  for (const change of previews.flatMap((p) => p.changes)) {
    try {
      writableTarget(ctx.project.root, change.path);
    } catch (error) {
      if (error instanceof OutsideMonorepoError) failures.push({ id: 'layout', detail: ctx.t('gate.symlinkOutside', { path: error.path, target: error.target }), fix: ctx.t('gate.symlinkFix', { path: error.path, target: error.target }) });
      else throw error;
    }
  }
  steps.forEach((step, i) => {
    const blocked = previews[i]?.blocked;
    // The database step is blocked for the very reasons the db and redis checks gave: said once.
    const saidAlready = step.id === 'database' && failures.some((f) => f.id === 'db' || f.id === 'redis' || f.id === 'env');
    if (previews[i]?.state === 'blocked' && blocked && !saidAlready) failures.push({ id: step.id, detail: blocked.detail, fix: blocked.fix });
  });
  return failures;
}

/**
 * A stopped PostgreSQL or Redis is no reason to stop: the database step starts it, with
 * `database.start` or the compose file's service when an engine answers. Missing database:
 * the database step creates it.
 */
function startable(ctx: StepContext, result: CheckResult, engine: boolean): boolean {
  const services = ctx.project.compose?.services ?? {};
  if (result.id === 'db') {
    const failure = result.data.failure;
    if (failure === 'missing-database') return true;
    return failure === 'refused' && (ctx.project.config.database.start !== undefined || (engine && 'db' in services));
  }
  if (result.id === 'redis') return result.data.failure === 'refused' && engine && 'redis' in services;
  return false;
}

/** `docker compose version` (or the configured command) must run at all. */
async function composeAnswers(ctx: StepContext): Promise<GateFailure | undefined> {
  const command = `${ctx.project.config.compose.command} version`;
  const record = await runCommand(command, { cwd: ctx.project.root, redact: ctx.redact, signal: ctx.signal, timeoutMs: Math.max(ctx.timeoutMs, 5000) });
  if (record.exitCode === 0) return undefined;
  return {
    id: 'compose-command',
    detail: ctx.t('gate.noCompose', { command, tail: record.tail.slice(-2).join(' / ') || `exit ${record.exitCode ?? '?'}` }),
    fix: ctx.t('gate.noComposeFix'),
  };
}
