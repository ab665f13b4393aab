import { openSync, closeSync } from 'node:fs';
import { spawn } from 'node:child_process';

/**
 * Starts a long-running command detached from this process, its output appended to
 * `logFile`, so the backend keeps running after backend-switch exits. Returns its pid and
 * a promise that settles if it exits (a backend that dies on start-up).
 */
export async function startInBackground(command: string, options: { cwd: string; env: Record<string, string>; logFile: string }): Promise<{ pid: number; exited: Promise<number | null> }> {
  const { parseCommandString } = await import('execa');
  const needsShell = /[|&;<>()$`\\"'*?{}[\]~]/.test(command);
  const [file, ...args] = needsShell ? ['/bin/sh', '-c', command] : parseCommandString(command);
  const log = openSync(options.logFile, 'a', 0o600);
  const child = spawn(file!, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(127));
  });
  child.unref();
  await new Promise<void>((resolve) => {
    child.once('spawn', () => resolve());
    child.once('error', () => resolve());
  });
  return { pid: child.pid ?? -1, exited };
}
