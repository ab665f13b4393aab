import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { afterEach } from 'vitest';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/**
 * A real process listening on a free port of 127.0.0.1. `argv0` is what /proc and lsof
 * show as its command, so a plain Node script can appear as `bun` or `beam.smp`; `cwd` is
 * the folder it runs in (by default the test's temporary folder, outside any monorepo).
 */
export async function processOnPort(argv0: string, cwd: string = tmpdir()): Promise<{ pid: number; port: number }> {
  const script = "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))";
  const child = spawn(process.execPath, ['-e', script], { argv0, cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { pid: child.pid!, port: Number(String(chunk).trim()) };
}

const listeners: number[] = [];
afterEach(async () => {
  const { findPortOwners } = await import('../../source/probes/port-owner.js');
  for (const owner of await findPortOwners(listeners.splice(0))) {
    if (!owner.pid) continue;
    try {
      process.kill(owner.pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
});

/** Whatever listens on `port` when the test ends (a detached server the code under test started) is killed. */
export function killListenerAfterTest(port: number): void {
  listeners.push(port);
}

/** Whether the process still runs (signal 0 only asks). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
