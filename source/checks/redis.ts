import type { Check } from '../core/check.js';
import { probeRedis, type RedisFailure } from '../probes/redis.js';
import { redactShapes } from '../util/redact.js';
import { composeCommand, effectiveEnv, hostReachableUrl } from './support.js';
import { profileOf } from '../backends/index.js';

declare module '../core/check.js' {
  interface CheckDataMap {
    /** Why PING got no PONG; none when it did, or when there is nothing to ask. */
    redis: { failure?: RedisFailure };
  }
}

/** Bun's Redis answers PING; Elixir needs none (Oban lives in PostgreSQL, guide §7). */
export const redis: Check<'redis'> = {
  id: 'redis',
  async run(ctx, signal) {
    const { t } = ctx;
    if (!profileOf(ctx.backend).services.includes('redis')) return { status: 'skip', detail: t('redis.notNeeded') };
    const env = effectiveEnv(ctx);
    const url = env.values.REDIS_URL;
    if (!url) return { status: 'fail', detail: t('redis.noUrl', { file: env.source }), fix: t('redis.noUrlFix', { file: env.source }) };
    const shownUrl = redactShapes(url);
    const probe = await probeRedis(hostReachableUrl(ctx, url, 6379), signal, ctx.timeoutMs);
    if (probe.ok) return { status: 'ok', detail: t('redis.ok', { url: shownUrl }) };
    const start = `${composeCommand(ctx)} up -d redis`;
    const data = { failure: probe.failure };
    switch (probe.failure) {
      case 'refused':
        return { status: 'fail', detail: t('redis.refused', { url: shownUrl }), fix: t('redis.refusedFix', { command: start }), data };
      case 'unknown-host':
        return { status: 'fail', detail: t('redis.unknownHost', { url: shownUrl }), fix: t('redis.unknownHostFix', { file: env.source }), data };
      case 'auth':
        return { status: 'fail', detail: t('redis.auth', { url: shownUrl }), fix: t('redis.authFix', { file: env.source }), data };
      case 'timeout':
        return { status: 'fail', detail: t('redis.timeout', { url: shownUrl }), fix: t('redis.refusedFix', { command: start }), data };
      case 'bad-url':
        return { status: 'fail', detail: t('redis.badUrl', { file: env.source }), fix: t('redis.noUrlFix', { file: env.source }), data };
      default:
        return { status: 'fail', detail: t('redis.other', { url: shownUrl, message: probe.message }), fix: t('redis.refusedFix', { command: start }), data };
    }
  },
};

