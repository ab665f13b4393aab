import type { Flags } from '../cli.js';
import { UsageError } from '../core/errors.js';
import type { Lang } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import { applyRollback, planRollback } from '../io/rollback.js';
import { findRoot } from '../project/find-root.js';

/** Restores every file the last switch changed, from its journal. */
export async function rollbackCommand(flags: Flags, lang: Lang): Promise<number> {
  const t = translator(lang);
  const root = findRoot(flags.cwd ?? process.cwd());
  const plan = planRollback(root);
  if (!plan) throw new UsageError(t('rollback.nothing', { root }), t('rollback.nothingFix'));
  if (plan.editedSince.length && !flags.yes) {
    throw new UsageError(t('rollback.editedSince', { files: plan.editedSince.join(', '), runId: plan.runId }), t('rollback.editedSinceFix'));
  }
  applyRollback(root, plan); // synchronous, and each file's restore is atomic
  const files = plan.restore.map((r) => `${r.path} (${t(`rollback.${r.action}`)})`).join(', ');
  process.stdout.write(`${plan.restore.length ? t('rollback.done', { runId: plan.runId, files }) : t('rollback.alreadyOriginal', { runId: plan.runId })}\n`);
  return 0;
}
