import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Journal, journalRuns, sha256, type RunMeta } from './journal.js';
import { writeFileAtomic } from './atomic-write.js';

/** A run as `rollback --list` shows it. */
export interface RunSummary extends Partial<RunMeta> {
  runId: string;
  startedAt: string;
  files: string[];
}

export interface RollbackPlan {
  run: RunSummary;
  restore: { path: string; action: 'restore' | 'delete' }[];
  /** Files changed again after the run (not by it): restoring would lose that edit. */
  editedSince: string[];
}

/** Every run that has not been rolled back, newest first. */
export function listRuns(root: string): RunSummary[] {
  return journalRuns(root).map((runId) => {
    const { meta, entries } = new Journal(root, runId);
    return { runId, startedAt: meta.startedAt, ...(meta.kind ? { kind: meta.kind } : {}), ...(meta.title ? { title: meta.title } : {}), files: entries.map((e) => e.path) };
  });
}

/** What undoing `runId` would restore, and which of its files were edited since. */
export function planRollback(root: string, runId: string): RollbackPlan | undefined {
  const run = listRuns(root).find((r) => r.runId === runId);
  if (!run) return undefined;
  const journal = new Journal(root, runId);
  const editedSince: string[] = [];
  const restore: RollbackPlan['restore'] = [];
  for (const entry of journal.entries) {
    const path = join(root, entry.target ?? entry.path);
    const current = existsSync(path) ? sha256(readFileSync(path)) : null;
    // `after` unset: interrupted between saving the original and the write; either state is ours.
    const ours = entry.after === undefined || current === entry.after;
    if (!ours && current !== entry.before) editedSince.push(entry.path);
    if (current !== entry.before) restore.push({ path: entry.path, action: entry.existed ? 'restore' : 'delete' });
  }
  return { run, restore, editedSince };
}

/**
 * Puts back every file of the run as it was before it, atomically, with its mode; a
 * symlinked file is restored where the link points, so the link stays a link.
 */
export function applyRollback(root: string, plan: RollbackPlan): void {
  const journal = new Journal(root, plan.run.runId);
  for (const item of plan.restore) {
    const entry = journal.entries.find((e) => e.path === item.path)!;
    const path = join(root, entry.target ?? entry.path);
    if (item.action === 'delete') rmSync(path, { force: true });
    else writeFileAtomic(path, readFileSync(join(journal.dir, entry.original!), 'utf8'), entry.mode !== undefined ? { forceMode: entry.mode } : {});
  }
  renameSync(journal.dir, `${journal.dir}.rolled-back`);
}
