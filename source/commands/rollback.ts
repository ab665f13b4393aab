import { UsageError } from '../util/errors.js';
import type { Lang, Translate } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import { acquireLock, lockedError } from '../io/lock.js';
import { applyRollback, listRuns, planRollback, type RunSummary } from '../io/rollback.js';
import { newRunId } from '../io/state.js';

import { findRoot } from '../project/find-root.js';
import type { Flags } from './options.js';
import { shellWord } from '../util/shell.js';

/**
 * Undoes the newest run (a switch or a one-key fix) from its journal; `--run ID` undoes
 * another, `--list` shows them. A newest run that changed no file is never passed over
 * silently for an older one.
 */
export async function rollbackCommand(flags: Flags, lang: Lang): Promise<number> {
  const t = translator(lang);
  const root = findRoot(flags.cwd ?? process.cwd());
  const runs = listRuns(root);
  if (flags.list) {
    process.stdout.write(runs.length ? `${runs.map((run) => describeRun(t, run)).join('\n')}\n` : `${t('rollback.noRuns')}\n`);
    return 0;
  }
  if (runs.length === 0) throw new UsageError({ key: 'rollback.nothing', params: { root } }, { key: 'rollback.nothingFix' });
  const chosen = flags.run ? runs.find((r) => r.runId === flags.run) : runs[0]!;
  if (!chosen) throw new UsageError({ key: 'rollback.noSuchRun', params: { runId: flags.run ?? '' } }, { key: 'rollback.noSuchRunFix' });
  if (chosen.files.length === 0) return nothingToUndo(t, root, chosen, runs);
  const lock = acquireLock(root, { runId: newRunId(), kind: 'rollback' });
  if (!lock.ok) throw lockedError(lock.holder);
  try {
    return undo(root, chosen, flags, t);
  } finally {
    lock.release();
  }
}

function undo(root: string, run: RunSummary, flags: Flags, t: Translate): number {
  const plan = planRollback(root, run.runId)!;
  if (plan.editedSince.length && !flags.yes) {
    throw new UsageError({ key: 'rollback.editedSince', params: { files: plan.editedSince.join(', '), run: runName(t, run) } }, { key: 'rollback.editedSinceFix' });
  }
  applyRollback(root, plan); // synchronous, and each file's restore is atomic
  const files = plan.restore.map((r) => `${r.path} (${t(`rollback.${r.action}`)})`).join(', ');
  process.stdout.write(`${plan.restore.length ? t('rollback.done', { run: runName(t, run), files }) : t('rollback.alreadyOriginal', { run: runName(t, run) })}\n`);
  return 0;
}

/** The run asked for changed no file: say so, and name the newest run that did. */
function nothingToUndo(t: Translate, root: string, run: RunSummary, runs: RunSummary[]): number {
  const earlier = runs.find((r) => r.files.length > 0 && r.startedAt < run.startedAt);
  process.stdout.write(`${t('rollback.changedNothing', { run: runName(t, run) })}\n`);
  if (earlier) {
    const command = `backend-switch rollback --run ${earlier.runId}${process.cwd() === root ? '' : ` --cwd ${shellWord(root)}`}`;
    process.stdout.write(`${t('rollback.earlierRun', { run: runName(t, earlier), files: earlier.files.join(', '), command })}\n`);
  }
  return 0;
}

function runName(t: Translate, run: RunSummary): string {
  return t('rollback.runName', { kind: run.kind ?? 'switch', title: run.title ?? run.runId, time: new Date(run.startedAt).toLocaleString() });
}

function describeRun(t: Translate, run: RunSummary): string {
  return `${run.runId}  ${runName(t, run)}: ${run.files.length ? run.files.join(', ') : t('rollback.noFiles')}`;
}
