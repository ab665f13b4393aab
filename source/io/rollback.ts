import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Journal, journalRuns, sha256 } from './journal.js';
import { writeFileAtomic } from './atomic-write.js';

export interface RollbackPlan {
  runId: string;
  restore: { path: string; action: 'restore' | 'delete' }[];
  /** Files changed again after the run (not by it): restoring would lose that edit. */
  editedSince: string[];
}

export function planRollback(root: string): RollbackPlan | undefined {
  const runId = journalRuns(root).find((id) => new Journal(root, id).entries.length > 0);
  if (!runId) return undefined;
  const journal = new Journal(root, runId);
  const editedSince: string[] = [];
  const restore: RollbackPlan['restore'] = [];
  for (const entry of journal.entries) {
    const path = join(root, entry.path);
    const current = existsSync(path) ? sha256(readFileSync(path)) : null;
    // `after` unset: interrupted between saving the original and the write; either state is ours.
    const ours = entry.after === undefined || current === entry.after;
    if (!ours && current !== entry.before) editedSince.push(entry.path);
    if (current !== entry.before) restore.push({ path: entry.path, action: entry.existed ? 'restore' : 'delete' });
  }
  return { runId, restore, editedSince };
}

/** Puts back every file of the run as it was before it, atomically, with its mode. */
export function applyRollback(root: string, plan: RollbackPlan): void {
  const journal = new Journal(root, plan.runId);
  for (const item of plan.restore) {
    const entry = journal.entries.find((e) => e.path === item.path)!;
    const path = join(root, entry.path);
    if (item.action === 'delete') rmSync(path, { force: true });
    else writeFileAtomic(path, readFileSync(join(journal.dir, entry.original!), 'utf8'), entry.mode !== undefined ? { forceMode: entry.mode } : {});
  }
  renameSync(journal.dir, `${journal.dir}.rolled-back`);
}
