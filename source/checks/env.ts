import type { Check, CheckContext, Verdict } from '../core/check.js';
import type { Translate } from '../i18n/index.js';
import { redactShapes } from '../util/redact.js';
import { effectiveEnv } from './support.js';
import { profileOf } from '../backends/index.js';
import { visible } from '../util/visible.js';
import type { EnvIssue } from '../project/env-file.js';

interface Problem {
  key: string;
  detail: string;
  fix: string;
  /** A warning: it parses and may well work (a trailing slash many apps trim, a key set twice). */
  soft?: boolean;
}

declare module '../core/check.js' {
  interface CheckDataMap {
    /** Where the values come from; the keys found wrong (absent when there is no file). */
    env: { source: string; problems?: string[] };
  }
}

/** Guide §7: the variables each backend needs, present and well-formed. */
export const env: Check<'env'> = {
  id: 'env',
  async run(ctx) {
    const { t } = ctx;
    const effective = effectiveEnv(ctx);
    if (!effective.exists) {
      return {
        status: 'fail',
        detail: t('env.noFile', { file: effective.source }),
        fix: t('env.noFileFix', { file: effective.source, keys: required(ctx).join(', ') }),
        data: { source: effective.source },
      };
    }
    const problems = [...required(ctx).flatMap((key) => judge(key, effective.values[key], ctx) ?? []), ...effective.issues.map((issue) => describeIssue(issue, effective.source, t))];
    const data = { source: effective.source, problems: problems.map((p) => p.key) };
    if (problems.length === 0) {
      return { status: 'ok', detail: t('env.ok', { file: effective.source, keys: required(ctx).join(', ') }), data };
    }
    const verdict: Verdict<'env'> = {
      status: problems.every((p) => p.soft) ? 'warn' : 'fail',
      detail: `${effective.source}: ${problems.map((p) => p.detail).join('; ')}`,
      fix: t('env.fixIn', { file: effective.source }) + ' ' + problems.map((p) => p.fix).join(' '),
      data,
    };
    return verdict;
  },
};

function required(ctx: CheckContext): readonly string[] {
  return profileOf(ctx.backend).requiredEnv;
}

function judge(key: string, value: string | undefined, ctx: CheckContext): Problem | undefined {
  const { t } = ctx;
  if (value === undefined || value.trim() === '') {
    return { key, detail: t('env.missing', { key }), fix: missingFix(key, ctx) };
  }
  switch (key) {
    case 'DATABASE_URL':
      return judgeDatabaseUrl(value, ctx);
    case 'REDIS_URL':
      return scheme(value, ['redis:', 'rediss:'])
        ? undefined
        : { key, detail: t('env.redisUrl'), fix: 'REDIS_URL=redis://localhost:6379' };
    case 'SECRET_KEY_BASE':
      return value.length >= 64
        ? undefined
        : { key, detail: t('env.secretKeyBaseShort', { length: value.length }), fix: t('env.secretKeyBaseFix') };
    case 'FRONTEND_URL':
      return judgeOrigin(value, ctx.frontendOrigin, t);
    default:
      return undefined;
  }
}

function judgeDatabaseUrl(value: string, ctx: CheckContext): Problem | undefined {
  const { t } = ctx;
  const key = 'DATABASE_URL';
  const accepted = profileOf(ctx.backend).databaseSchemes;
  if (/^ecto:\/\//i.test(value)) {
    if (accepted.includes('ecto:')) return undefined;
    const converted = redactShapes(value.replace(/^ecto:/i, 'postgres:'));
    return { key, detail: t('env.ectoForBun'), fix: `DATABASE_URL=${converted}` };
  }
  if (scheme(value, accepted)) return undefined;
  return { key, detail: t('env.databaseUrlBad', { value: visible(redactShapes(value)) }), fix: 'DATABASE_URL=postgres://postgres:PASSWORD@localhost:5432/ecredit' };
}

function judgeOrigin(value: string, frontendOrigin: string, t: Translate): Problem | undefined {
  let origin: string | undefined;
  try {
    origin = new URL(value).origin;
  } catch {
    origin = undefined;
  }
  if (origin && origin !== 'null' && origin === value) return undefined;
  // Browsers send the origin without a slash; many apps (Phoenix's check_origin, most CORS
  // middlewares) trim it from the setting. The cors and ws checks say whether this one does.
  if (origin && origin !== 'null' && value === `${origin}/`) {
    return { key: 'FRONTEND_URL', detail: t('env.trailingSlash', { value: visible(value) }), fix: `FRONTEND_URL=${origin}`, soft: true };
  }
  return {
    key: 'FRONTEND_URL',
    detail: t('env.notOrigin', { value: visible(value) }),
    fix: `FRONTEND_URL=${origin && origin !== 'null' ? origin : frontendOrigin}`,
  };
}

function missingFix(key: string, ctx: CheckContext): string {
  switch (key) {
    case 'DATABASE_URL':
      return `DATABASE_URL=${profileOf(ctx.backend).databaseScheme}://postgres:PASSWORD@localhost:5432/ecredit`;
    case 'REDIS_URL':
      return 'REDIS_URL=redis://localhost:6379';
    case 'SECRET_KEY_BASE':
      return ctx.t('env.secretKeyBaseFix');
    case 'FRONTEND_URL':
      return `FRONTEND_URL=${ctx.frontendOrigin}`;
    default:
      return ctx.t('env.jwtMissingFix');
  }
}

function scheme(value: string, allowed: readonly string[]): boolean {
  try {
    return allowed.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** A key set twice (the last wins, silently), an invisible character: named by line and code, never printed. */
function describeIssue(issue: EnvIssue, source: string, t: Translate): Problem {
  if (issue.kind === 'duplicate') {
    return { key: issue.key, detail: t('env.duplicate', { key: issue.key, lines: issue.lines.join(t('env.and')) }), fix: t('env.duplicateFix', { key: issue.key, line: issue.lines.at(-1)!, file: source }), soft: true };
  }
  return { key: issue.key ?? '?', detail: t('env.invisible', { code: issue.code, line: issue.line, key: issue.key ?? '?' }), fix: t('env.invisibleFix', { line: issue.line, code: issue.code }) };
}
