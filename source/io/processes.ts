import { findPortOwners } from '../probes/port-owner.js';

export interface StopResult {
  stopped: boolean;
  signal: 'SIGTERM' | 'SIGKILL' | null;
  detail: string;
}

/**
 * SIGTERM, then SIGKILL after `graceMs` if the process still holds the port: a backend
 * gets the chance to close its connections and finish its jobs first.
 */
export async function stopProcess(pid: number, port: number, options: { graceMs?: number; sleep?: (ms: number) => Promise<void> } = {}): Promise<StopResult> {
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  const graceMs = options.graceMs ?? 5000;
  if (!signal(pid, 'SIGTERM')) return { stopped: !(await portHeld(port)), signal: null, detail: 'the process was already gone' };
  for (let waited = 0; waited < graceMs; waited += 100) {
    await sleep(100);
    if (!alive(pid) && !(await portHeld(port))) return { stopped: true, signal: 'SIGTERM', detail: 'exited on SIGTERM' };
  }
  signal(pid, 'SIGKILL');
  for (let waited = 0; waited < 2000; waited += 100) {
    await sleep(100);
    if (!(await portHeld(port))) return { stopped: true, signal: 'SIGKILL', detail: 'killed after the grace period' };
  }
  return { stopped: false, signal: 'SIGKILL', detail: 'still holds the port after SIGKILL' };
}

export function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  return signal(pid, 0);
}

async function portHeld(port: number): Promise<boolean> {
  const [owner] = await findPortOwners([port]);
  return owner!.listening;
}
