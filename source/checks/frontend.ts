import type { Check, CheckContext, Verdict } from '../core/check.js';
import { otherBackend } from '../backends/index.js';
import { shown } from './support.js';

declare module '../core/check.js' {
  interface CheckDataMap {
    /** The file read, VITE_API_URL there (null: unset) and the URL it should be. */
    frontend: { file: string; value: string | null; expected: string };
  }
}

/** Guide §1 paso 3 / §3 paso 4: the frontend's VITE_API_URL points at the target backend. */
export const frontend: Check<'frontend'> = {
  id: 'frontend',
  async run(ctx) {
    return ctx.mode === 'docker' ? judgeDockerfile(ctx) : judgeEnvLocal(ctx);
  },
};

/** The URL the frontend falls back to without VITE_API_URL (guide §1: "el default (3000)"). */
export const FRONTEND_DEFAULT_API = 'http://localhost:3000';

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
