import { ALL_CHECKS } from '../checks/index.js';
import type { CheckContext, CheckId, CheckResult } from '../core/check.js';
import { runChecks } from '../core/run-checks.js';

/** What the troubleshoot screen keeps re-probing (guide §6's usual suspects). */
export const WATCHED: readonly CheckId[] = ['port', 'db', 'migrations', 'cors', 'ws', 'jwt'];

export interface PanelState {
  result?: CheckResult;
  /** When its status or detail last changed (ms, from `now`). */
  changedAt?: number;
  checkedAt?: number;
}

export type WatchState = Record<CheckId, PanelState>;

export interface WatcherDeps {
  context(): CheckContext;
  intervalMs: number;
  /** Waits between rounds; tests pass one they resolve themselves. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): number;
}

/**
 * Re-runs the watched checks every `intervalMs`, concurrently and each with its timeout.
 * Subscribers get a new state object only for what changed, so panels update in place.
 */
export class Watcher {
  state = {} as WatchState;
  private listeners = new Set<() => void>();

  constructor(private readonly deps: WatcherDeps) {
    for (const id of WATCHED) this.state[id] = {};
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): WatchState => this.state;

  async refresh(signal?: AbortSignal): Promise<void> {
    const checks = ALL_CHECKS.filter((c) => WATCHED.includes(c.id));
    const results = await runChecks(checks, this.deps.context(), signal ? { signal } : {});
    const now = this.deps.now();
    const next = { ...this.state };
    for (const result of results) {
      const before = this.state[result.id].result;
      const changed = !before || before.status !== result.status || steady(before.detail) !== steady(result.detail);
      next[result.id] = { result, checkedAt: now, changedAt: changed ? now : this.state[result.id].changedAt! };
    }
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.refresh(signal);
      await this.deps.sleep(this.deps.intervalMs, signal).catch(() => {});
    }
  }
}

/** A sleep that Ctrl+C ends; its listener goes with it (one left per round piled up into Node's MaxListeners warning). */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A detail without its timings: a new round-trip time is not a change worth showing. */
function steady(detail: string): string {
  return detail.replace(/\d+(\.\d+)? ?ms\b/g, 'ms');
}
