import { acquireLock, lockedError } from '../io/lock.js';
import { Journal } from '../io/journal.js';
import { newRunId } from '../io/state.js';
import { describeFault } from '../io/faults.js';
import type { CheckContext } from '../core/check.js';
import type { StepContext } from '../steps/types.js';
import type { BackendName, Mode } from '../project/config.js';
import { createDatabase } from '../steps/database.js';
import { targetDatabaseUrl } from '../steps/support.js';
import { availableFixes, type FixPlan } from './fixes.js';
import { Watcher, type WatchState, type WatcherDeps } from './watcher.js';

export interface TroubleshootState {
  /** The backend and mode the panels judge. */
  target: { backend: BackendName; mode: Mode };
  watch: WatchState;
  fixes: FixPlan[];
  /** A fix shown with its diff or command, waiting for y/n. */
  pending?: FixPlan;
  applying: boolean;
  message?: string;
  /** Every fix applied here, in order, with what it said: a log that only grows (printed once, above the live screen). */
  applied: { key: string; title: string; message: string }[];
}

/**
 * Guide §6 as a live screen with no Ink in it: the watcher's panels, the fixes that apply
 * to them, and the confirm → apply → re-probe flow. Fixes write through the step
 * context's journal, so `rollback` undoes them.
 */
export class TroubleshootController {
  readonly watcher: Watcher;
  state: TroubleshootState;
  private listeners = new Set<() => void>();

  constructor(private readonly step: StepContext, options: Pick<WatcherDeps, 'intervalMs' | 'sleep' | 'now'>) {
    this.watcher = new Watcher({ ...options, context: () => this.checks() });
    this.state = { target: { backend: step.to, mode: step.mode }, watch: this.watcher.state, fixes: [], applying: false, applied: [] };
    this.watcher.subscribe(() => this.set({ watch: this.watcher.state, fixes: this.fixesFor(this.watcher.state) }));
  }


  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): TroubleshootState => this.state;

  /** A fix's key was pressed: show what it will do. */
  request(key: string): void {
    if (this.state.applying) return;
    const fix = this.state.fixes.find((f) => f.key === key);
    if (fix) this.set({ pending: fix, message: undefined });
  }

  async confirm(yes: boolean): Promise<void> {
    const fix = this.state.pending;
    if (!fix || this.state.applying) return;
    if (!yes) return this.set({ pending: undefined });
    // Each fix is a run of its own: its journal, its entry in `rollback --list`, the lock.
    const runId = newRunId();
    const lock = acquireLock(this.step.project.root, { runId, kind: 'fix' });
    if (!lock.ok) {
      const { problem, fix: what } = lockedError(lock.holder).describe(this.step.t);
      return this.set({ pending: undefined, message: `${problem} ${what ?? ''}` });
    }
    this.set({ applying: true });
    let message: string;
    try {
      const journal = new Journal(this.step.project.root, runId);
      journal.begin({ kind: 'fix', title: fix.title });
      message = await fix.apply(journal);
    } catch (error) {
      message = this.step.redact(describeFault(error));
    } finally {
      lock.release();
    }
    this.step.reload();
    this.set({ pending: undefined, applying: false, message, applied: [...this.state.applied, { key: fix.key, title: fix.title, message }] });
    await this.watcher.refresh();
  }

  private checks(): CheckContext {
    this.step.reload();
    return this.step.checks();
  }

  private fixesFor(watch: WatchState): FixPlan[] {
    return availableFixes(watch, {
      checks: this.step.checks(),
      redact: this.step.redact,
      createDatabase: async () => {
        const url = targetDatabaseUrl(this.step);
        if (!url) return this.step.t('database.noUrl');
        const created = await createDatabase(this.step, url, () => {});
        return created.ok ? this.step.t('fix.createDbDone') : this.step.t('database.createFailed', { message: created.message });
      },
    });
  }

  private set(patch: Partial<TroubleshootState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
