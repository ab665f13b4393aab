import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { setEnvValue } from '../../edits/env-file.js';
import { fileChange } from '../support.js';
import { backendServices } from '../../project/project.js';
import { fingerprint, generateSecretKeyBase } from '../../util/secrets.js';
import { displayPath } from '../../util/paths.js';
import { confirm, outcome, preview, type Answers, type FileChange, type Step, type StepContext } from '../types.js';
import { literalPassword } from './service-template.js';
import { profileOf } from '../../backends/index.js';

/**
 * Guide §3 paso 2: SECRET_KEY_BASE generated as `mix phx.gen.secret` does when absent,
 * JWT_SECRET kept (the tokens people hold stay valid), both in .env.docker (0600). A
 * password written into the compose DATABASE_URL moves to a variable only if a person agrees.
 */
export const secrets: Step = {
  id: 'secrets',
  async preview(ctx, answers = {}) {
    const { t } = ctx;
    const plan = planSecrets(ctx, answers);
    const questions = plan.password ? [confirm(t, 'movePassword', t('secrets.movePassword', { variable: plan.password.variable }), { required: false, yesAnswers: false, defaultNo: true })] : [];
    if (!plan.change) return preview({ state: 'up-to-date', lines: [t('secrets.ok', { file: plan.shownFile })], questions });
    return preview({ state: 'todo', lines: plan.lines, changes: [plan.change], questions: [confirm(t, 'write', t('secrets.confirm', { file: plan.shownFile })), ...questions] });
  },
  async apply(ctx, answers) {
    const { t } = ctx;
    if (answers.write === 'no') return outcome({ status: 'failed', detail: t('secrets.declined'), fix: t('secrets.declinedFix') });
    const plan = planSecrets(ctx, answers);
    if (!plan.change) return outcome({ status: 'unchanged', detail: t('secrets.ok', { file: plan.shownFile }) });
    ctx.journal.write(plan.change.path, plan.change.after, { forceMode: 0o600 });
    ctx.reload();
    return outcome({ status: 'done', detail: plan.lines.join(' '), files: [plan.shownFile] });
  },
};

interface SecretsPlan {
  change?: FileChange;
  lines: string[];
  shownFile: string;
  password?: { literal: string; variable: string };
}

function planSecrets(ctx: StepContext, answers: Answers): SecretsPlan {
  const { t, project } = ctx;
  const path = project.composeEnv.path;
  const shownFile = displayPath(project.root, path);
  const before = existsSync(path) ? readFileSync(path, 'utf8') : null;
  const values = project.composeEnv.values;
  const set: Record<string, string> = {};
  const lines: string[] = [];
  if (!values.JWT_SECRET) {
    const kept = project.backends[ctx.to].env.values.JWT_SECRET ?? project.backends[ctx.from].env.values.JWT_SECRET;
    set.JWT_SECRET = kept ?? (ctx.generated.JWT_SECRET ??= randomBytes(48).toString('base64url'));
    lines.push(t(kept ? 'secrets.jwtKept' : 'secrets.jwtGenerated', { fingerprint: fingerprint(set.JWT_SECRET) }));
  }
  if (profileOf(ctx.to).requiredEnv.includes('SECRET_KEY_BASE') && !values.SECRET_KEY_BASE) {
    // One generation per run: the value previewed is the value written.
    set.SECRET_KEY_BASE = ctx.generated.SECRET_KEY_BASE ??= generateSecretKeyBase();
    lines.push(t('secrets.keyBaseGenerated', { fingerprint: fingerprint(set.SECRET_KEY_BASE) }));
  }
  const password = movablePassword(ctx);
  if (password && answers.movePassword === 'yes' && values[password.variable] === undefined) {
    set[password.variable] = password.literal;
    lines.push(t('secrets.passwordMoved', { variable: password.variable }));
  }
  if (Object.keys(set).length === 0) return { lines, shownFile, ...(password ? { password } : {}) };
  let after = before ?? '';
  for (const [key, value] of Object.entries(set)) after = setEnvValue(after, key, value);
  const change = fileChange(ctx, path, before, after, { secret: true });
  return { change, lines, shownFile, ...(password ? { password } : {}) };
}

/** The literal password in the backend service's DATABASE_URL and the variable it would move to. */
export function movablePassword(ctx: StepContext): { literal: string; variable: string } | undefined {
  const services = [...backendServices(ctx.project, ctx.from), ...backendServices(ctx.project, ctx.to)];
  const literal = services.map((s) => literalPassword(s.environment.DATABASE_URL)).find(Boolean);
  if (!literal) return undefined;
  const existing = ctx.project.composeEnv.values.POSTGRES_PASSWORD;
  return { literal, variable: existing === undefined || existing === literal ? 'POSTGRES_PASSWORD' : 'DATABASE_PASSWORD' };
}
