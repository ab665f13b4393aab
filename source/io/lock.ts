import { closeSync, existsSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { ensureDir, stateDir } from './state.js';
import { processStartTime } from './started.js';
import { UsageError } from '../util/errors.js';

/** Who holds `.backend-switch/lock`: one switch, rollback or fix at a time. */
export interface LockHolder {
  pid: number;
  runId: string;
  /** `switch`, `rollback`, `fix`. */
  kind: string;
  startedAt: string;
  startTime?: string;
}

export type LockResult =
  | { ok: true; release(): void; tookOverFrom?: LockHolder }
  | { ok: false; holder: LockHolder };

/**
 * Takes the lock, or names its holder. A lock whose process is gone (or whose pid now
 * belongs to another process) is taken over, and the caller is told whose it was.
 */
export function acquireLock(root: string, holder: Omit<LockHolder, 'pid' | 'startedAt' | 'startTime'>): LockResult {
  const path = stateDir(root, 'lock');
  ensureDir(stateDir(root));
  const mine: LockHolder = { ...holder, pid: process.pid, startedAt: new Date().toISOString(), ...startTimeOf(process.pid) };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${JSON.stringify(mine)}\n`);
      closeSync(fd);
      // A person quitting the wizard mid-run ends the process: the lock goes with it.
      const onExit = () => releaseLock(path, mine);
      process.once('exit', onExit);
      return {
        ok: true,
        release: () => {
          process.off('exit', onExit);
          releaseLock(path, mine);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = readHolder(path);
    if (current && isAlive(current)) return { ok: false, holder: current };
    // Stale: move it aside atomically so that two runs cannot both take it over.
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
      unlinkSync(aside);
    } catch {
      continue; // another run took it over first; try again, and meet its lock
    }
    const taken = acquireLock(root, holder);
    return taken.ok && current ? { ...taken, tookOverFrom: current } : taken;
  }
  const current = readHolder(path);
  if (current) return { ok: false, holder: current };
  throw new Error(`could not take ${path}`);
}

function releaseLock(path: string, mine: LockHolder): void {
  const current = readHolder(path);
  if (current?.pid === mine.pid && current.runId === mine.runId && existsSync(path)) unlinkSync(path);
}

function readHolder(path: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch {
    return undefined; // unreadable or half-written: treated as stale
  }
}

function isAlive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // The pid may have been reused by an unrelated process since.
  return holder.startTime === undefined || processStartTime(holder.pid) === holder.startTime;
}

function startTimeOf(pid: number): { startTime?: string } {
  const startTime = processStartTime(pid);
  return startTime ? { startTime } : {};
}

/** Exit 2, naming who holds the lock and what to do. */
export function lockedError(holder: LockHolder): UsageError {
  return new UsageError(
    { key: 'run.locked', params: { kind: holder.kind, pid: holder.pid, runId: holder.runId, since: holder.startedAt } },
    { key: 'run.lockedFix', params: { pid: holder.pid } },
  );
}
