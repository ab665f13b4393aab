import type { Flags } from '../cli.js';
import { VERSION } from '../cli.js';
import { selectChecks } from '../checks/index.js';
import { detectActiveBackend, type ActiveBackend } from '../core/active-backend.js';
import { UsageError } from '../core/errors.js';
import { interruptible } from '../core/interrupt.js';
import { runChecks, summarize } from '../core/run-checks.js';
import type { Lang, Translate } from '../i18n/index.js';
import type { BackendName } from '../project/config.js';
import { colors } from '../render/colors.js';
import { renderDoctorText } from '../render/doctor-text.js';
import { checkContext, openSession, parseBackend, parseMode, parseOnly } from './session.js';

export async function doctorCommand(flags: Flags, lang: Lang): Promise<number> {
  const session = openSession(flags, lang);
  const only = parseOnly(flags.only);
  const explicitBackend = parseBackend(flags.backend, '--backend');
  const explicitMode = parseMode(flags.mode);
  if (flags.watch) {
    throw new UsageError('doctor --watch is not available in this version yet.', 'Run backend-switch doctor again after each fix.');
  }
  const started = performance.now();
  const active = explicitBackend && explicitMode ? undefined : await detectActiveBackend(session.project, session.apiUrl, session.timeoutMs);
  const backend: BackendName = explicitBackend ?? active?.backend ?? 'bun';
  const mode = explicitMode ?? active?.mode ?? 'dev';
  const ctx = checkContext(session, backend, mode);

  const results = await interruptible((signal) => runChecks(selectChecks(only), ctx, { signal }));
  const durationMs = Math.round(performance.now() - started);
  const summary = summarize(results);
  if (flags.json) {
    const report = { version: VERSION, root: session.project.root, backend, mode, checks: results, summary, durationMs };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const header = { root: session.project.root, backend, mode, backendReason: reason(session.t, backend, explicitBackend, active) };
    process.stdout.write(renderDoctorText(header, results, durationMs, session.t, colors(session.color)));
  }
  return summary.fail > 0 ? 1 : 0;
}

function reason(t: Translate, backend: BackendName, explicit: BackendName | undefined, active: ActiveBackend | undefined): string {
  if (explicit) return t('doctor.reasonFlag', { backend });
  if (!active?.decidedBy) return t('doctor.reasonUnknown', { backend });
  return t(`doctor.reason.${active.decidedBy}`, { backend });
}
