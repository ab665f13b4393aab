import type { Check, CheckContext, CheckDataMap, CheckId, CheckResult, RunnerFailureData, Verdict } from './check.js';
import { errorMessage } from '../util/errors.js';

export interface RunChecksOptions {
  /** Called as each check settles, in completion order. */
  onResult?: (result: CheckResult) => void;
  /** Outer cancellation (Ctrl+C): every running check is aborted. */
  signal?: AbortSignal;
}

/**
 * Starts every check at once. Each is bounded by ctx.timeoutMs: past it the check is
 * aborted and reported as a timed-out fail, whatever it was waiting on. A check that
 * throws is that check's fail and never stops the others. Results come back in input order.
 */
export async function runChecks(
  checks: readonly Check[],
  ctx: CheckContext,
  options: RunChecksOptions = {},
): Promise<CheckResult[]> {
  return Promise.all(
    checks.map(async (check) => {
      const result = await runOne(check, ctx, options.signal);
      options.onResult?.(result);
      return result;
    }),
  );
}

/** The runner's own fail: the check ran past its timeout or threw. */
interface RunnerFailure {
  status: 'fail';
  detail: string;
  fix: string;
  data: RunnerFailureData;
}

type Outcome<Id extends CheckId> = { verdict: Verdict<Id> } | { failure: RunnerFailure };

async function runOne<Id extends CheckId>(check: Check<Id>, ctx: CheckContext, outer?: AbortSignal): Promise<CheckResult<Id>> {
  const started = performance.now();
  const controller = new AbortController();
  const abort = () => controller.abort();
  outer?.addEventListener('abort', abort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Outcome<Id>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({
        failure: {
          status: 'fail',
          detail: ctx.t('run.timedOut', { ms: ctx.timeoutMs }),
          fix: ctx.t('run.timedOutFix', { ms: ctx.timeoutMs * 2 }),
          data: { timedOut: true },
        },
      });
    }, ctx.timeoutMs);
  });
  let outcome: Outcome<Id>;
  try {
    outcome = await Promise.race([check.run(ctx, controller.signal).then((verdict) => ({ verdict })), timedOut]);
  } catch (error) {
    outcome = {
      failure: {
        status: 'fail',
        detail: ctx.t('run.crashed', { message: errorMessage(error) }),
        fix: ctx.t('run.crashedFix'),
        data: { crashed: true },
      },
    };
  } finally {
    clearTimeout(timer);
    controller.abort();
    outer?.removeEventListener('abort', abort);
  }
  const title = ctx.t(`check.${check.id}.title`);
  const durationMs = Math.round(performance.now() - started);
  if ('failure' in outcome) {
    const { status, detail, fix, data } = outcome.failure;
    return { id: check.id, status, title, detail, ...(fix ? { fix } : {}), durationMs, data };
  }
  const { status, detail, fix, data } = outcome.verdict;
  // Verdict<Id> leaves `data` out only where CheckDataMap[Id] admits `{}`.
  return { id: check.id, status, title, detail, ...(fix ? { fix } : {}), durationMs, data: data ?? ({} as CheckDataMap[Id]) };
}

export function summarize(results: readonly CheckResult[]) {
  const summary = { ok: 0, warn: 0, fail: 0, skip: 0 };
  for (const result of results) summary[result.status] += 1;
  return summary;
}
