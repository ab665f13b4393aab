import type { Check, CheckContext, Sometimes } from '../core/check.js';
import { CorsStageError, probeCors, type CorsExchange, type CorsFailure } from '../probes/cors.js';
import { joinUrl } from '../probes/http.js';
import { classifyNetError } from '../probes/net-error.js';
import { shown, strangerOnApiPort, effectiveEnv } from './support.js';
import { deadline } from '../util/deadline.js';

declare module '../core/check.js' {
  interface CheckDataMap {
    /** What was sent and received; none when the API could not be reached. */
    cors: Sometimes<CorsExchange>;
  }
}

/**
 * Guide §6 "CORS blocked request": what the browser at the frontend's origin does for a
 * credentialed JSON call with `Authorization`, judged by the Fetch standard's rules.
 */
export const cors: Check<'cors'> = {
  id: 'cors',
  async run(ctx, signal) {
    const { t } = ctx;
    const url = joinUrl(ctx.apiUrl, ctx.project.config.smoke.loginPath);
    const request = { origin: ctx.frontendOrigin, method: 'POST', headers: ['authorization', 'content-type'], credentials: true };
    // The probe's own deadline, a little before the runner's: a slow answer is then named as slow, not as none.
    const budgetMs = Math.max(1, Math.min(ctx.timeoutMs - 200, Math.round(ctx.timeoutMs * 0.9)));
    const budget = deadline(budgetMs, signal);
    let exchange;
    try {
      exchange = await probeCors(url, request, budget);
    } catch (error) {
      if (budget.aborted && !signal.aborted) {
        const method = error instanceof CorsStageError && error.stage === 'actual' ? request.method : 'OPTIONS';
        const detail = t('cors.slow', { method, url, ms: budgetMs, timeout: ctx.timeoutMs });
        return { status: 'fail', detail, fix: t('cors.slowFix', { ms: Math.max(ctx.timeoutMs * 5, 10_000) }) };
      }
      const net = classifyNetError(error);
      if (net.kind === 'refused') return { status: 'skip', detail: t('cors.unreachable', { url }) };
      return { status: 'fail', detail: t('cors.error', { url, message: net.message }), fix: t('cors.errorFix') };
    }
    const data = { ...exchange };
    if (!exchange.failure) {
      return { status: 'ok', detail: t('cors.ok', { origin: ctx.frontendOrigin, url }), data };
    }
    // Blame the backend's CORS configuration only when it is the backend that answers.
    const stranger = await strangerOnApiPort(ctx);
    return { status: 'fail', detail: describeFailure(ctx, exchange.failure), fix: stranger ?? fixFor(ctx, exchange.failure), data };
  },
};

function describeFailure(ctx: CheckContext, failure: CorsFailure): string {
  const { t } = ctx;
  const stage = t(failure.stage === 'preflight' ? 'cors.stagePreflight' : 'cors.stageActual');
  const received = failure.received ?? t('cors.nothing');
  const params = { stage, received, origin: ctx.frontendOrigin, missing: failure.missing?.join(', ') ?? '' };
  const slash = failure.rule.startsWith('allow-origin') && effectiveEnv(ctx).values.FRONTEND_URL === `${ctx.frontendOrigin}/`;
  return `${t(`cors.rule.${failure.rule}`, params)}${slash ? ` ${t('cors.trailingSlash', { origin: ctx.frontendOrigin })}` : ''}`;
}

function fixFor(ctx: CheckContext, failure: CorsFailure): string {
  const { t } = ctx;
  const envFile = shown(ctx, ctx.project.backends[ctx.backend].envFile);
  const setOrigin = t('cors.setOriginFix', { origin: ctx.frontendOrigin, file: envFile });
  switch (failure.rule) {
    case 'allow-origin-missing':
    case 'allow-origin-mismatch':
      return setOrigin;
    case 'allow-origin-wildcard':
      return `${t('cors.wildcardFix')} ${setOrigin}`;
    case 'allow-credentials':
      return t('cors.credentialsFix', { backend: ctx.backend });
    case 'allow-headers':
      return t('cors.headersFix', { missing: failure.missing?.join(', ') ?? '' });
    case 'allow-methods':
      return t('cors.methodsFix', { missing: failure.missing?.join(', ') ?? '' });
    case 'preflight-redirect':
      return t('cors.redirectFix');
    case 'preflight-status':
      return t('cors.statusFix', { status: failure.received ?? '?' });
  }
}
