import { redactDeep } from '../util/redact.js';
import { VERSION } from '../version.js';
import { selectChecks } from '../checks/index.js';
import { apiPortOwner, detectActiveBackend, detectMode, type ActiveBackend } from '../backends/active.js';
import type { CheckResult } from '../core/check.js';
import { UsageError } from '../util/errors.js';
import { preferLiveTerminal } from '../core/terminal.js';
import { interruptible } from '../core/interrupt.js';
import { runChecks, summarize } from '../core/run-checks.js';
import type { Lang } from '../i18n/index.js';
import type { BackendName, Mode } from '../project/config.js';
import { colors } from '../render/colors.js';
import { renderDoctorText } from '../render/doctor-text.js';
import type { Flags } from './options.js';
import { checkContext, openSession, parseBackend, parseMode, parseOnly, type Session } from './session.js';

interface Target {
  backend: BackendName;
  mode: Mode;
  reason: string;
}

export async function doctorCommand(flags: Flags, lang: Lang): Promise<number> {
  const session = openSession(flags, lang);
  const only = parseOnly(flags.only);
  const explicitBackend = parseBackend(flags.backend, '--backend');
  const explicitMode = parseMode(flags.mode);
  if (flags.watch) {
    if (!preferLiveTerminal()) throw new UsageError({ key: 'err.watchTty' }, { key: 'err.watchTtyFix' });
    const target = await resolveTarget(session, explicitBackend, explicitMode);
    const { watchCommand } = await import('./watch.js');
    return watchCommand(session, target.backend, target.mode);
  }
  return interruptible(async (signal) => {
    const started = performance.now();
    const target = await resolveTarget(session, explicitBackend, explicitMode);
    const results = await runChecks(selectChecks(only), checkContext(session, target.backend, target.mode), { signal });
    print(session, target, results, Math.round(performance.now() - started), Boolean(flags.json));
    return summarize(results).fail > 0 ? 1 : 0;
  });
}

/** The backend and mode to judge: the flags, else what is running (SPEC: `--backend` defaults to the active one). */
async function resolveTarget(session: Session, backend: BackendName | undefined, mode: Mode | undefined): Promise<Target> {
  const { t, project } = session;
  if (backend) {
    return { backend, mode: mode ?? detectMode(project, await apiPortOwner(session.apiUrl)), reason: t('doctor.reasonFlag', { backend }) };
  }
  const active: ActiveBackend = await detectActiveBackend(project, session.apiUrl, session.timeoutMs);
  const chosen = active.backend ?? 'bun';
  const reason = active.decidedBy ? t(`doctor.reason.${active.decidedBy}`, { backend: chosen }) : t('doctor.reasonUnknown', { backend: chosen });
  return { backend: chosen, mode: mode ?? active.mode, reason };
}

function print(session: Session, target: Target, results: CheckResult[], durationMs: number, json: boolean): void {
  const { project } = session;
  if (json) {
    const report = { version: VERSION, root: project.root, backend: target.backend, mode: target.mode, checks: results, summary: summarize(results), durationMs };
    process.stdout.write(`${JSON.stringify(redactDeep(report, session.redact), null, 2)}\n`);
    return;
  }
  const header = { root: project.root, backend: target.backend, mode: target.mode, backendReason: target.reason };
  process.stdout.write(renderDoctorText(header, results, durationMs, session.t, colors(session.color), process.stdout.isTTY ? process.stdout.columns : undefined));
}
