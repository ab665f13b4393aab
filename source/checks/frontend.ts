import type { Check, CheckContext, Verdict } from '../core/check.js';
import { otherBackend } from '../backends/index.js';
import { probeViteDevServer } from '../probes/vite-dev.js';
import { shown } from './support.js';
import { deadline } from '../util/deadline.js';

declare module '../core/check.js' {
  interface CheckDataMap {
    /**
     * The file read, VITE_API_URL there (null: unset) and the URL it should be; in development,
     * the Vite dev server found on the frontend's origin and the VITE_API_URL it serves (null: unset).
     */
    frontend: { file: string; value: string | null; expected: string; devServer?: { url: string; module: string; served: string | null } };
  }
}

/** Guide §1 paso 3 / §3 paso 4: the frontend's VITE_API_URL points at the target backend. */
export const frontend: Check<'frontend'> = {
  id: 'frontend',
  async run(ctx, signal) {
    return ctx.mode === 'docker' ? judgeDockerfile(ctx) : judgeDevelopment(ctx, signal);
  },
};

/** The URL the frontend falls back to without VITE_API_URL (guide §1: "el default (3000)"). */
export const FRONTEND_DEFAULT_API = 'http://localhost:3000';

/**
 * `.env.local`, then what a Vite dev server on the frontend's origin actually serves: Vite 8
 * restarts itself when `.env.local` changes (reloading the page is then enough), but an older
 * Vite, a custom envDir or VITE_API_URL in the server's own environment keeps the old value.
 */
async function judgeDevelopment(ctx: CheckContext, signal: AbortSignal): Promise<Verdict<'frontend'>> {
  const { t } = ctx;
  const verdict = judgeEnvLocal(ctx);
  const budget = deadline(Math.max(1, Math.round(ctx.timeoutMs * 0.8)), signal);
  const dev = await probeViteDevServer(ctx.frontendOrigin, budget).catch(() => undefined);
  if (!dev || !verdict.data) return verdict;
  const served = typeof dev.env.VITE_API_URL === 'string' ? dev.env.VITE_API_URL : null;
  const data = { ...verdict.data, devServer: { url: dev.url, module: dev.module, served } };
  const file = data.file;
  const fileUrl = data.value ?? FRONTEND_DEFAULT_API;
  const servedUrl = served ?? FRONTEND_DEFAULT_API;
  const shownServed = served ?? t('frontend.devUnset', { url: FRONTEND_DEFAULT_API });
  if (sameUrl(servedUrl, fileUrl)) {
    // The dev server follows the file: after fixing the file, reloading the page is enough.
    if (verdict.status === 'ok') return { ...verdict, detail: `${verdict.detail} ${t('frontend.devServes', { url: dev.url, served: shownServed })}`, data };
    return { ...verdict, fix: t('frontend.setFixReload', { file, url: data.expected }), data };
  }
  const stale = t('frontend.devStale', { url: dev.url, served: shownServed, file, value: fileUrl });
  if (verdict.status === 'ok') return { status: 'fail', detail: stale, fix: t('frontend.devRestartFix', { dir: shown(ctx, ctx.project.frontend.dir) }), data };
  return { ...verdict, detail: `${verdict.detail} ${stale}`, fix: `${verdict.fix ?? ''} ${t('frontend.devRestartFix', { dir: shown(ctx, ctx.project.frontend.dir) })}`.trim(), data };
}

function judgeEnvLocal(ctx: CheckContext): Verdict<'frontend'> {
  const { t } = ctx;
  const env = ctx.project.frontend.env;
  const file = shown(ctx, env.path);
  const value = env.values.VITE_API_URL;
  const expected = ctx.apiUrl;
  const data = { file, value: value ?? null, expected };
  if (value === undefined) {
    if (sameUrl(FRONTEND_DEFAULT_API, expected)) return { status: 'ok', detail: t('frontend.defaultOk', { file, url: FRONTEND_DEFAULT_API }), data };
    return { status: 'fail', detail: t('frontend.unset', { file, url: FRONTEND_DEFAULT_API }), fix: t('frontend.setFix', { file, url: expected }), data };
  }
  if (sameUrl(value, expected)) return { status: 'ok', detail: t('frontend.ok', { file, url: value }), data };
  return { status: 'fail', detail: t('frontend.wrong', { file, url: value, expected }), fix: t('frontend.setFix', { file, url: expected }), data };
}

function judgeDockerfile(ctx: CheckContext): Verdict<'frontend'> {
  const { t } = ctx;
  const dockerfile = ctx.project.frontend.dockerfile;
  const file = shown(ctx, dockerfile.path);
  const service = ctx.project.config.backends[ctx.backend].service;
  const expected = `http://${service}:${ctx.project.config.ports.api}`;
  const data = { file, value: dockerfile.value ?? null, expected };
  if (!dockerfile.exists) return { status: 'fail', detail: t('frontend.noDockerfile', { file }), fix: t('frontend.dockerfileFix', { file, url: expected }), data };
  if (dockerfile.value === undefined) {
    return { status: 'fail', detail: t('frontend.noArg', { file }), fix: t('frontend.dockerfileFix', { file, url: expected }), data };
  }
  let host = '';
  try {
    host = new URL(dockerfile.value).hostname;
  } catch {
    host = '';
  }
  if (host === service) return { status: 'ok', detail: t('frontend.ok', { file: `${file}:${dockerfile.line}`, url: dockerfile.value }), data };
  const pointsAtOther = host === ctx.project.config.backends[otherBackend(ctx.backend)].service;
  return {
    status: 'fail',
    detail: t(pointsAtOther ? 'frontend.dockerOther' : 'frontend.wrong', { file: `${file}:${dockerfile.line}`, url: dockerfile.value, expected }),
    fix: t('frontend.dockerfileFix', { file, url: expected }),
    data,
  };
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}
