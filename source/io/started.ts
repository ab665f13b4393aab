import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { BackendName } from '../project/config.js';
import { writeFileAtomic } from './atomic-write.js';
import { ensureDir, stateDir } from './state.js';

/** The backend process this tool started last: enough to know it again, and only it. */
export interface StartedProcess {
  pid: number;
  /** When the process started, as the system counts it: a reused pid has another. */
  startTime: string;
  backend: BackendName;
  runId: string;
}

function recordPath(root: string): string {
  return stateDir(root, 'started.json');
}

export function recordStarted(root: string, entry: Omit<StartedProcess, 'startTime'>): void {
  const startTime = processStartTime(entry.pid);
  if (!startTime) return;
  ensureDir(stateDir(root));
  writeFileAtomic(recordPath(root), `${JSON.stringify({ ...entry, startTime }, null, 2)}\n`, { forceMode: 0o600 });
}

/** The recorded process, if that very process (same pid, same start time) still runs. */
export function startedByUs(root: string, pid: number): StartedProcess | undefined {
  const path = recordPath(root);
  if (!existsSync(path)) return undefined;
  let entry: StartedProcess;
  try {
    entry = JSON.parse(readFileSync(path, 'utf8')) as StartedProcess;
  } catch {
    return undefined;
  }
  return entry.pid === pid && processStartTime(pid) === entry.startTime ? entry : undefined;
}

/** Field 22 of /proc/PID/stat (clock ticks after boot); `ps -o lstart=` where there is no /proc. */
export function processStartTime(pid: number): string | undefined {
  try {
    if (process.platform === 'linux') {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    }
    return execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
