import type { Flags } from '../cli.js';
import { VERSION } from '../cli.js';
import { UsageError } from '../core/errors.js';
import { tr } from '../i18n/current.js';
import { interruptible } from '../core/interrupt.js';
import type { Lang } from '../i18n/index.js';
import { newRunId } from '../io/state.js';
import type { BackendName, Mode } from '../project/config.js';
import { buildReport } from '../report/model.js';
import { saveReport } from '../report/store.js';
import { colors, type Colors } from '../render/colors.js';
import { renderPlan } from '../render/plan-text.js';
import { createStepContext } from '../steps/context.js';
import { stepsFor } from '../steps/index.js';
import { previewAll, runSteps, type RunEvent } from '../steps/run-switch.js';
import type { Translate } from '../i18n/index.js';
import { openSession, parseBackend, parseMode, type Session } from './session.js';
import { displayPath } from '../util/paths.js';

const MARK = { done: '✔', unchanged: '=', skipped: '○', failed: '✖' } as const;

export async function switchCommand(flags: Flags, lang: Lang): Promise<number> {
  const session = openSession(flags, lang);
  const { to, mode } = target(flags);
  if (flags['dry-run']) return printPlan(session, to, mode);
  return interruptible(async (signal) => {
    const started = new Date();
    const ctx = createStepContext(session, { to, mode, runId: newRunId(started), signal });
    const c = colors(session.color);
    const records = await runSteps(ctx, stepsFor(mode), { yes: Boolean(flags.yes), ...(flags.json ? {} : { onEvent: progressPrinter(session.t, c) }) });
    const report = buildReport(ctx, records, { version: VERSION, startedAt: started });
    const saved = saveReport(report, session.t);
    if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const t = session.t;
      const headline = report.result === 'unchanged' ? t('switch.unchanged', { to }) : report.result === 'failed' ? t('switch.failed') : t('switch.switched', { from: ctx.from, to });
      process.stdout.write(`\n${c.bold(headline)}\n${t('switch.reportAt', { path: displayPath(session.project.root, saved.markdown) })}\n`);
      if (report.rollback && report.result !== 'unchanged') process.stdout.write(`${t('switch.rollbackHint', { command: report.rollback })}\n`);
    }
    return report.result === 'failed' ? 1 : 0;
  });
}

export async function planCommand(flags: Flags, lang: Lang): Promise<number> {
  const session = openSession(flags, lang);
  const { to, mode } = target(flags);
  return printPlan(session, to, mode);
}

function target(flags: Flags): { to: BackendName; mode: Mode } {
  const to = parseBackend(flags.to, '--to');
  if (!to) throw new UsageError(tr('err.toRequired'), tr('err.toRequiredFix'));
  return { to, mode: parseMode(flags.mode) ?? 'dev' };
}

async function printPlan(session: Session, to: BackendName, mode: Mode): Promise<number> {
  return interruptible(async (signal) => {
    const ctx = createStepContext(session, { to, mode, runId: '<run-id>', signal });
    const steps = stepsFor(mode);
    const previews = await previewAll(ctx, steps);
    const c = colors(session.color);
    process.stdout.write(`${c.bold(session.t('plan.header', { from: ctx.from, to, mode }))}\n\n`);
    process.stdout.write(renderPlan(session.project.root, steps, previews, session.t, c));
    process.stdout.write(`${session.t(ctx.nothingToChange ? 'plan.nothing' : 'plan.footer')}\n`);
    return 0;
  });
}

/** Plain progress for `switch` without --json: a line per step, command output indented. */
function progressPrinter(t: Translate, c: Colors): (event: RunEvent) => void {
  return (event) => {
    if (event.type === 'step-start') {
      process.stdout.write(`${c.bold(`[${event.index + 1}/${event.total}] ${t(`step.${event.step.id}.title`)}`)}\n`);
    } else if (event.type === 'step-event') {
      const text = event.event.type === 'line' ? event.event.line : event.event.text;
      process.stdout.write(`    ${c.dim(text)}\n`);
    } else {
      const { outcome } = event;
      const mark = outcome.status === 'failed' ? c.red(MARK.failed) : outcome.status === 'done' ? c.green(MARK.done) : c.dim(MARK[outcome.status]);
      process.stdout.write(`  ${mark} ${outcome.detail}\n`);
      if (outcome.fix) process.stdout.write(`    → ${outcome.fix}\n`);
    }
  };
}
