import { ALL_CHECKS } from '../checks/index.js';
import { effectiveEnv } from '../checks/support.js';
import { runChecks } from '../core/run-checks.js';
import { httpRequest, joinUrl } from '../probes/http.js';
import { smokeCredentials, smokeLogin as loginAs } from '../probes/smoke-login.js';
import { confirm, outcome, preview, type Question, type Step, type StepContext } from './types.js';

const AUTOMATIC = ['health', 'cors', 'ws', 'jwt', 'frontend', 'jobs'] as const;
export const MANUAL = ['testApplication', 'logs', 'tellTeam'] as const;
export type ManualItem = (typeof MANUAL)[number];

export interface SmokeResult {
  id: 'login' | 'webhook';
  status: 'ok' | 'fail' | 'skip';
  detail: string;
}

/** Guide §5 "Después del cambio": automatic where possible, a person's confirmation for the rest. */
export const verify: Step = {
  id: 'verify',
  async preview(ctx) {
    const { t } = ctx;
    return preview({
      state: 'todo',
      lines: [t('verify.automatic', { checks: [...AUTOMATIC, 'login', ...(ctx.project.config.smoke.webhookPath ? ['webhook'] : [])].join(', ') })],
      questions: manualQuestions(ctx),
    });
  },
  async apply(ctx, answers, emit) {
    const { t } = ctx;
    ctx.reload();
    emit({ type: 'progress', text: t('verify.running') });
    const checks = ALL_CHECKS.filter((c) => (AUTOMATIC as readonly string[]).includes(c.id));
    // The login first: the ws check logs in too, and a backend that has just started answers
    // its first logins slowly (two at once on a cold runtime were seen to miss the ws check's share).
    const login = await smokeLogin(ctx);
    const [results, webhook] = await Promise.all([
      runChecks(checks, ctx.checks(), { signal: ctx.signal }),
      smokeWebhook(ctx),
    ]);
    const smoke = [login, ...(webhook ? [webhook] : [])];
    for (const r of results) emit({ type: 'line', line: `${r.status.padEnd(4)}  ${r.title}: ${r.detail}` });
    for (const s of smoke) emit({ type: 'line', line: `${s.status.padEnd(4)}  ${s.id}: ${s.detail}` });
    const manual = MANUAL.map((item) => ({ item, answer: answers[item] === 'yes' ? 'confirmed' : answers[item] === 'no' ? 'declined' : 'skipped' }));
    const failed = [...results.filter((r) => r.status === 'fail').map((r) => r.id), ...smoke.filter((s) => s.status === 'fail').map((s) => s.id)];
    const data = { checks: results, smoke, manual };
    if (failed.length) {
      const first = results.find((r) => r.status === 'fail');
      return outcome({ status: 'failed', detail: t('verify.failed', { checks: failed.join(', ') }), fix: first?.fix ?? t('verify.failedFix'), data });
    }
    const passed = [...results, ...smoke].filter((r) => r.status === 'ok').length;
    const skipped = [...results, ...smoke].length - passed - results.filter((r) => r.status === 'warn').length;
    return outcome({ status: 'done', detail: t('verify.passed', { count: passed, skipped }), data });
  },
};

function manualQuestions(ctx: StepContext): Question[] {
  return MANUAL.map((item) => confirm(ctx.t, item, ctx.t(`verify.manual.${item}`, { backend: ctx.to }), { required: false, yesAnswers: false }));
}

/** Logs in with the credentials named by smoke.emailEnv / passwordEnv (environment, else the target's .env). */
async function smokeLogin(ctx: StepContext): Promise<SmokeResult> {
  const { t } = ctx;
  const { emailEnv, passwordEnv } = ctx.project.config.smoke;
  const credentials = smokeCredentials(ctx.project.config.smoke, effectiveEnv(ctx.checks()).values);
  if (!credentials) return { id: 'login', status: 'skip', detail: t('verify.loginSkipped', { emailEnv, passwordEnv }) };
  const { email } = credentials;
  const login = await loginAs(ctx.apiUrl, credentials, ctx.frontendOrigin, AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.timeoutMs)]));
  if (login.ok) return { id: 'login', status: 'ok', detail: t('verify.loginOk', { email, status: login.status }) };
  return { id: 'login', status: 'fail', detail: t('verify.loginFailed', { email, status: login.status ?? login.error ?? '?' }) };
}

async function smokeWebhook(ctx: StepContext): Promise<SmokeResult | undefined> {
  const path = ctx.project.config.smoke.webhookPath;
  if (!path) return undefined;
  try {
    const answer = await httpRequest(joinUrl(ctx.apiUrl, path), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'backend-switch', test: true }),
      signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.timeoutMs)]),
    });
    const ok = answer.status >= 200 && answer.status < 300;
    return { id: 'webhook', status: ok ? 'ok' : 'fail', detail: ctx.t('verify.webhook', { path, status: answer.status }) };
  } catch (error) {
    return { id: 'webhook', status: 'fail', detail: ctx.t('verify.webhook', { path, status: error instanceof Error ? error.message : '?' }) };
  }
}

