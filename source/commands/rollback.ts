import { UsageError } from '../core/errors.js';
import type { Lang } from '../i18n/index.js';
import { translator, type Translate } from '../i18n/index.js';
import { acquireLock, lockedError } from '../io/lock.js';
import { newRunId } from '../io/state.js';
import { applyRollback, planRollback } from '../io/rollback.js';
import { findRoot } from '../project/find-root.js';
import type { Flags } from './options.js';

/** Restores every file the last switch changed, from its journal. */
export async function rollbackCommand(flags: Flags, lang: Lang): Promise<number> {
  const t = translator(lang);
  const root = findRoot(flags.cwd ?? process.cwd());
  const lock = acquireLock(root, { runId: newRunId(), kind: 'rollback' });
  if (!lock.ok) throw lockedError(lock.holder);
  try {
    return undoNewest(root, flags, t);
  } finally {
    lock.release();
  }
}

function undoNewest(root: string, flags: Flags, t: Translate): number {
  const plan = planRollback(root);
  if (!plan) throw new UsageError({ key: 'rollback.nothing', params: { root } }, { key: 'rollback.nothingFix' });
  if (plan.editedSince.length && !flags.yes) {
    throw new UsageError({ key: 'rollback.editedSince', params: { files: plan.editedSince.join(', '), runId: plan.runId } }, { key: 'rollback.editedSinceFix' });
  }
  applyRollback(root, plan); // synchronous, and each file's restore is atomic
  const files = plan.restore.map((r) => `${r.path} (${t(`rollback.${r.action}`)})`).join(', ');
  process.stdout.write(`${plan.restore.length ? t('rollback.done', { runId: plan.runId, files }) : t('rollback.alreadyOriginal', { runId: plan.runId })}\n`);
  return 0;
}
