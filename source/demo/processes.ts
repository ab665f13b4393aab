import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';
import { findPortOwners } from '../probes/port-owner.js';

/**
 * The processes the demo starts: each one remembered, so that quitting stops every one. Once
 * stopped, a service still on its way up is stopped as soon as it is spawned.
 */
export class DemoChildren {
  private readonly children: ChildProcess[] = [];
  private stopped = false;

  spawn(file: string, args: string[], cwd: string, options: Pick<SpawnOptions, 'argv0' | 'env'> = {}): ChildProcess {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    child.once('error', () => {});
    child.stderr!.resume(); // read and dropped: a full pipe would block a chatty child
    this.children.push(child);
    if (this.stopped) void stopChild(child);
    return child;
  }

  stopAll(): Promise<void> {
    this.stopped = true;
    return Promise.all(this.children.map(stopChild)).then(() => {});
  }
}

/** Resolves true once the child's stdout has printed a match of `pattern`, false if it exits first. */
export function untilLine(child: ChildProcess, pattern: RegExp): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) resolve(true);
    });
    child.once('exit', () => resolve(false));
    child.once('error', () => resolve(false));
  });
}

/** Resolves with the exit code (null after a signal or a spawn error). */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
}

/** SIGTERM, then SIGKILL after 3 s; resolves once the child has exited (and is reaped). */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await gone;
  clearTimeout(timer);
}

/** The path of an executable on PATH, without running it. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whatever a switch or a fix started (detached) on the demo's ports: SIGTERM, then SIGKILL after 3 s. */
export async function freePorts(ports: number[]): Promise<void> {
  for (const owner of await findPortOwners(ports)) {
    if (owner.pid) {
      try {
        process.kill(owner.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
  for (let waited = 0; waited < 5000; waited += 100) {
    const owners = await findPortOwners(ports);
    if (owners.every((o) => !o.listening)) return;
    if (waited >= 3000) for (const o of owners) if (o.pid) try { process.kill(o.pid, 'SIGKILL'); } catch { /* gone */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
