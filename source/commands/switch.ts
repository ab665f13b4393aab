import type { Flags } from './options.js';
import { InterruptedError, UsageError } from '../util/errors.js';
import { interruptible } from '../core/interrupt.js';
import type { Lang, Translate } from '../i18n/index.js';
import type { BackendName, Mode } from '../project/config.js';
import { colors, type Colors } from '../render/colors.js';
import { renderPlan } from '../render/plan-text.js';
import { STATUS_MARK } from '../render/marks.js';
import { createStepContext } from '../steps/context.js';
import { SwitchEngine, scriptedAnswerer, type EngineEvent } from '../steps/engine.js';
import { rehearseOnly } from '../steps/rehearsal.js';
import { finishRun, type FinishedRun } from '../report/finish.js';
import type { RunReport } from '../report/model.js';
import { openSession, parseBackend, parseMode, type Session } from './session.js';
import { displayPath } from '../util/paths.js';

import { safeStdout, type Output } from '../render/output.js';
import { shellWord } from '../util/shell.js';

export async function switchCommand(flags: Flags, lang: Lang): Promise<number> {
  const session = openSession(flags, lang);
  const { to, mode } = target(flags);
  if (flags['dry-run']) return printPlan(session, to, mode);
  const out = safeStdout();
  const c = colors(session.color);
  let engine: SwitchEngine<FinishedRun> | undefined;
  try {
    return await interruptible(async (signal) => {
      engine = new SwitchEngine({
        to,
        mode,
        finish: finishRun,
        createContext: (target, targetMode) => createStepContext(session, { to: target, mode: targetMode, signal, ...(flags['no-rehearse'] ? { rehearse: false } : {}) }),
        answerer: scriptedAnswerer(Boolean(flags.yes)),
        ...(flags.json ? {} : { onEvent: progressPrinter(session.t, c, out) }),
      });
      const { finished: result } = await engine.run();
      const { report } = result;
      if (flags.json) out.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        out.write(`\n${c.bold(headline(session.t, report))}\n`);
        if (report.result === 'partial') out.write(`${session.t('switch.partialFix')}\n`);
        if (result.saved) out.write(`${session.t('switch.reportAt', { path: displayPath(session.project.root, result.saved.markdown) })}\n`);
        if (report.rollback && report.result !== 'unchanged') out.write(`${session.t('switch.rollbackHint', { command: report.rollback })}\n`);
      }
      if (result.saveError) process.stderr.write(`${session.t('switch.notSaved', { message: result.saveError })}\n`);
      return report.result === 'failed' ? 1 : 0;
    });
  } catch (error) {
    if (error instanceof InterruptedError && engine) process.stderr.write(interruptedNote(session, engine));
    throw error;
  }
}

export async function planCommand(flags: Flags, lang: Lang): Promise<number> {
  const session = openSession(flags, lang);
  const { to, mode } = target(flags);
  return flags.rehearse ? printRehearsal(session, to, mode) : printPlan(session, to, mode);
}

/** `plan --rehearse`: the target's migrations on a scratch copy of the database, and nothing else. */
async function printRehearsal(session: Session, to: BackendName, mode: Mode): Promise<number> {
  const out = safeStdout();
  const { t } = session;
  return interruptible(async (signal) => {
    const ctx = createStepContext(session, { to, mode, signal });
    const result = await rehearseOnly(ctx, (event) => out.write(`    ${event.type === 'line' ? event.line : event.text}\n`));
    if (!result.ran) {
      out.write(`${t('rehearsal.notRun', { reason: t(`rehearsal.why.${result.reason === 'off' || result.reason === 'nothing-pending' ? 'no-backup' : result.reason}`, { detail: result.detail ?? '', limit: '' }) })}\n`);
      return 1;
    }
    if (!result.ok) {
      out.write(`${t('rehearsal.failed', { migration: result.failing ?? '?', tail: result.tail.join('\n'), log: result.log })}\n`);
      return 1;
    }
    out.write(`${t('rehearsal.passed', { seconds: (result.ms / 1000).toFixed(1) })}\n`);
    return 0;
  });
}

function target(flags: Flags): { to: BackendName; mode: Mode } {
  const to = parseBackend(flags.to, '--to');
  if (!to) throw new UsageError({ key: 'err.toRequired' }, { key: 'err.toRequiredFix' });
  return { to, mode: parseMode(flags.mode) ?? 'dev' };
}

async function printPlan(session: Session, to: BackendName, mode: Mode): Promise<number> {
  const out = safeStdout();
  return interruptible(async (signal) => {
    const engine = new SwitchEngine({
      to,
      mode,
      finish: finishRun,
      createContext: (target, targetMode) => createStepContext(session, { to: target, mode: targetMode, signal }),
      answerer: scriptedAnswerer(false),
    });
    const { ctx, steps, previews } = await engine.plan();
    const c = colors(session.color);
    out.write(`${c.bold(session.t('plan.header', { from: ctx.from, to, mode }))}\n\n`);
    out.write(renderPlan(session.project.root, steps, previews, session.t, c));
    const command = `backend-switch switch --to ${to}${mode === 'docker' ? ' --mode docker' : ''} --yes${cwdFlag(session)}`;
    out.write(`${ctx.nothingToChange ? session.t('plan.nothing') : session.t('plan.footer', { command })}\n`);
    return 0;
  });
}

/** `--cwd` in a printed command only when the person is not already at the root. */
function cwdFlag(session: Session): string {
  return process.cwd() === session.project.root ? '' : ` --cwd ${shellWord(session.project.root)}`;
}

function headline(t: Translate, report: RunReport): string {
  switch (report.result) {
    case 'unchanged':
      return t('switch.unchanged', { to: report.to });
    case 'failed':
      return t('switch.failed');
    case 'partial':
      return t('switch.partial', { from: report.from, to: report.to, count: report.unconfirmed.length, items: report.unconfirmed.map((u) => u.item).join(', ') });
    default:
      return t('switch.switched', { from: report.from, to: report.to });
  }
}

/** After Ctrl+C: what the run already changed, how to undo it, and what it left running. */
function interruptedNote(session: Session, engine: SwitchEngine<FinishedRun>): string {
  const { t } = session;
  const { files, startedPid } = engine.progress();
  const lines = [t('run.interrupted')];
  lines.push(files.length ? t('run.interruptedFiles', { files: files.join(', '), command: `backend-switch rollback${cwdFlag(session)}` }) : t('run.interruptedNoFiles'));
  if (startedPid) lines.push(t('run.interruptedStarted', { pid: startedPid }));
  return `${lines.join('\n')}\n`;
}

/** Plain progress for `switch` without --json: a line per step, command output indented. */
function progressPrinter(t: Translate, c: Colors, out: Output): (event: EngineEvent<FinishedRun>) => void {
  return (event) => {
    if (event.type === 'step-start') {
      out.write(`${c.bold(`[${event.index + 1}/${event.total}] ${t(`step.${event.step.id}.title`)}`)}\n`);
    } else if (event.type === 'output') {
      out.write(`    ${c.dim(event.event.type === 'line' ? event.event.line : event.event.text)}\n`);
    } else if (event.type === 'step-end') {
      const { outcome } = event;
      const mark = STATUS_MARK[outcome.status];
      const painted = outcome.status === 'failed' ? c.red(mark) : outcome.status === 'done' ? c.green(mark) : c.dim(mark);
      out.write(`  ${painted} ${hang(outcome.detail, 4)}\n`);
      if (outcome.fix) out.write(`    → ${hang(outcome.fix, 6)}\n`);
    }
  };
}

/** A text of several lines under its first: the lines after it indented by `columns`. */
function hang(text: string, columns: number): string {
  return text.split('\n').join(`\n${' '.repeat(columns)}`);
}
