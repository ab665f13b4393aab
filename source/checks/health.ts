import type { Check } from '../core/check.js';
import { httpRequest, joinUrl } from '../probes/http.js';
import { classifyNetError, type NetFailure } from '../probes/net-error.js';
import { backendCommand, strangerOnApiPort } from './support.js';

declare module '../core/check.js' {
  interface CheckDataMap {
    /** The answer's status and time, or why there was none. */
    health: { url: string; status: number; ms: number } | { url: string; failure: NetFailure };
  }
}

/** Guide §4: `GET /health` answers 2xx. */
export const health: Check<'health'> = {
  id: 'health',
  async run(ctx, signal) {
    const { t } = ctx;
    const url = joinUrl(ctx.apiUrl, ctx.project.config.health);
    const start = backendCommand(ctx, ctx.project.config.backends[ctx.backend].commands.start);
    const started = performance.now();
    try {
      const answer = await httpRequest(url, { signal });
      const data = { url, status: answer.status, ms: Math.round(performance.now() - started) };
      if (answer.status >= 200 && answer.status < 300) return { status: 'ok', detail: t('health.ok', { url, status: answer.status, ms: data.ms }), data };
      // Blame the backend only when it is the backend that answers.
      const stranger = await strangerOnApiPort(ctx);
      return { status: 'fail', detail: t('health.status', { url, status: answer.status }), fix: stranger ?? t('health.statusFix', { backend: ctx.backend }), data };
    } catch (error) {
      const net = classifyNetError(error);
      const data = { url, failure: net.kind };
      if (net.kind === 'refused') return { status: 'fail', detail: t('health.refused', { url }), fix: t('health.refusedFix', { command: start }), data };
      return { status: 'fail', detail: t('health.error', { url, message: net.message }), fix: t('health.refusedFix', { command: start }), data };
    }
  },
};
