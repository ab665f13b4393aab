import { ALL_CHECKS } from '../checks/index.js';
import { effectiveEnv } from '../checks/support.js';
import type { CheckResult } from '../core/check.js';
import { runChecks } from '../core/run-checks.js';
import { httpRequest, joinUrl } from '../probes/http.js';
import { smokeCredentials, smokeLogin as loginAs } from '../probes/smoke-login.js';
import { outcome, preview, type Answers, type Question, type Step, type StepContext } from './types.js';
import { deadline } from '../util/deadline.js';

const AUTOMATIC = ['health', 'cors', 'ws', 'jwt', 'frontend', 'jobs'] as const;
/** Guide §5 "Después del cambio" items a person confirms when nothing here can establish them. */
export const MANUAL = ['login', 'webhook', 'testApplication', 'logs', 'tellTeam'] as const;
export type ManualItem = (typeof MANUAL)[number];

export interface SmokeResult {
  id: 'login' | 'webhook' | 'testApplication';
  status: 'ok' | 'fail' | 'skip';
  detail: string;
}

export interface VerifyData extends Record<string, unknown> {
  checks: CheckResult[];
  smoke: SmokeResult[];
  manual: { item: ManualItem; answer: 'confirmed' | 'declined' | 'skipped' | 'not-applicable' }[];
  /** Whether a page answered at the frontend's origin (the test application is made there). */
  frontendServed: boolean;
}

/**
 * Guide §5 "Después del cambio": the automatic checks and smoke tests first, then a person is
 * asked only what they could not establish (login and webhooks without automation, the test
 * application, the logs, telling the team).
 */
export const verify: Step = {
  id: 'verify',
  async preview(ctx) {
    const { t } = ctx;
    const smoke = ctx.project.config.smoke;
    const automatic = [...AUTOMATIC, 'login', ...(smoke.webhookPath ? ['webhook'] : []), ...(smoke.applicationPath ? ['testApplication'] : [])];
    return preview({ state: 'todo', lines: [t('verify.automatic', { checks: automatic.join(', ') }), t('verify.thenAsk')] });
  },
  async apply(ctx, _answers, emit) {
    const { t } = ctx;
    ctx.reload();
    emit({ type: 'progress', text: t('verify.running') });
    const checks = ALL_CHECKS.filter((c) => (AUTOMATIC as readonly string[]).includes(c.id));
    // The login first: the ws check logs in too, and a backend that has just started answers
    // its first logins slowly (two at once on a cold runtime were seen to miss the ws check's share).
    const login = await smokeLogin(ctx);
    const [results, frontendServed, webhook, application] = await Promise.all([
      runChecks(checks, ctx.checks(), { signal: ctx.signal }),
      answersAt(ctx, ctx.frontendOrigin),
      smokeWebhook(ctx),
      smokeApplication(ctx, login.token),
    ]);
    const smoke = [login.result, ...(webhook ? [webhook] : []), ...(application ? [application] : [])];
    for (const r of results) emit({ type: 'line', line: `${r.status.padEnd(4)}  ${r.title}: ${r.detail}` });
    for (const s of smoke) emit({ type: 'line', line: `${s.status.padEnd(4)}  ${s.id}: ${s.detail}` });
    const data: VerifyData = { checks: results, smoke, manual: [], frontendServed };
    const failed = [...results.filter((r) => r.status === 'fail').map((r) => r.id), ...smoke.filter((s) => s.status === 'fail').map((s) => s.id)];
    if (failed.length) {
      const first = results.find((r) => r.status === 'fail');
      return outcome({ status: 'failed', detail: t('verify.failed', { checks: failed.join(', ') }), fix: first?.fix ?? t('verify.failedFix'), data });
    }
    const passed = [...results, ...smoke].filter((r) => r.status === 'ok').length;
    const skipped = [...results, ...smoke].length - passed - results.filter((r) => r.status === 'warn').length;
    return outcome({ status: 'done', detail: t('verify.passed', { count: passed, skipped }), data });
  },
  followUp(ctx, done) {
    return askable(done.data as VerifyData).map((item) => manualQuestion(ctx, item));
  },
  settle(ctx, done, answers) {
    const data = done.data as VerifyData;
    const asked = askable(data);
    const manual = MANUAL.flatMap((item): VerifyData['manual'] => (notApplicable(data, item) ? [{ item, answer: 'not-applicable' as const }] : asked.includes(item) ? [{ item, answer: answerOf(answers, item) }] : []));
    return { ...done, data: { ...data, manual } };
  },
};

/** What a person is asked: what the automation did not establish, and not the test application when no frontend answers. */
function askable(data: VerifyData): ManualItem[] {
  const automated = new Set(data.smoke.filter((s) => s.status !== 'skip').map((s) => s.id));
  return MANUAL.filter((item) => !automated.has(item as SmokeResult['id']) && !notApplicable(data, item));
}

function notApplicable(data: VerifyData, item: ManualItem): boolean {
  const automated = data.smoke.some((s) => s.id === item && s.status !== 'skip');
  return item === 'testApplication' && !automated && !data.frontendServed;
}

function answerOf(answers: Answers, item: ManualItem): 'confirmed' | 'declined' | 'skipped' {
  const value = answers[item];
  return value === 'yes' ? 'confirmed' : value === 'no' ? 'declined' : 'skipped';
}

function manualQuestion(ctx: StepContext, item: ManualItem): Question {
  const { t } = ctx;
  return {
    id: item,
    prompt: t(`verify.manual.${item}`, { backend: ctx.to, path: ctx.project.config.smoke.loginPath }),
    options: [
      { value: 'yes', label: t('step.yes') },
      { value: 'no', label: t('step.no') },
      { value: 'later', label: t('verify.later') },
    ],
    default: 'later',
    required: false,
    yesAnswers: false,
  };
}

/** Logs in with the credentials named by smoke.emailEnv / passwordEnv (environment, else the target's .env). */
async function smokeLogin(ctx: StepContext): Promise<{ result: SmokeResult; token?: string }> {
  const { t } = ctx;
  const { emailEnv, passwordEnv } = ctx.project.config.smoke;
  const credentials = smokeCredentials(ctx.project.config.smoke, effectiveEnv(ctx.checks()).values);
  if (!credentials) return { result: { id: 'login', status: 'skip', detail: t('verify.loginSkipped', { emailEnv, passwordEnv }) } };
  const { email } = credentials;
  const login = await loginAs(ctx.apiUrl, credentials, ctx.frontendOrigin, bounded(ctx));
  if (login.ok) return { result: { id: 'login', status: 'ok', detail: t('verify.loginOk', { email, status: login.status }) }, ...(login.token ? { token: login.token } : {}) };
  return { result: { id: 'login', status: 'fail', detail: t('verify.loginFailed', { email, status: login.status ?? login.error ?? '?' }) } };
}

async function smokeWebhook(ctx: StepContext): Promise<SmokeResult | undefined> {
  const path = ctx.project.config.smoke.webhookPath;
  if (!path) return undefined;
  const status = await post(ctx, path, { source: 'backend-switch', test: true });
  return { id: 'webhook', status: typeof status === 'number' && status >= 200 && status < 300 ? 'ok' : 'fail', detail: ctx.t('verify.webhook', { path, status }) };
}

/** Guide §5 "Crear una solicitud de prueba", done as the logged-in smoke user where smoke.applicationPath says how. */
async function smokeApplication(ctx: StepContext, token: string | undefined): Promise<SmokeResult | undefined> {
  const { t } = ctx;
  const { applicationPath: path, applicationBody } = ctx.project.config.smoke;
  if (!path) return undefined;
  if (!token) return { id: 'testApplication', status: 'skip', detail: t('verify.applicationNoLogin', { path }) };
  const status = await post(ctx, path, JSON.parse(applicationBody) as unknown, token);
  return { id: 'testApplication', status: typeof status === 'number' && status >= 200 && status < 300 ? 'ok' : 'fail', detail: t('verify.application', { path, status }) };
}

/** The answer's status, or the error's message. */
async function post(ctx: StepContext, path: string, body: unknown, token?: string): Promise<number | string> {
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json', origin: ctx.frontendOrigin, ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const answer = await httpRequest(joinUrl(ctx.apiUrl, path), { method: 'POST', headers, body: JSON.stringify(body), signal: bounded(ctx) });
    return answer.status;
  } catch (error) {
    return error instanceof Error ? error.message : '?';
  }
}

/** Whether anything answers HTTP at the URL (any status). */
async function answersAt(ctx: StepContext, url: string): Promise<boolean> {
  try {
    await httpRequest(url, { method: 'GET', signal: bounded(ctx) });
    return true;
  } catch {
    return false;
  }
}

function bounded(ctx: StepContext): AbortSignal {
  return deadline(ctx.timeoutMs, ctx.signal);
}
