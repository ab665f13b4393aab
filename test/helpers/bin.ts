import { execa, type ResultPromise } from 'execa';

export const BIN = new URL('../../bin/backend-switch.js', import.meta.url).pathname;

/** Runs the built bin as a user would (no TTY), never rejecting: tests read the exit code. */
export function runBin(args: string[], options: { env?: Record<string, string> } = {}): ResultPromise<{ reject: false }> {
  return execa(process.execPath, [BIN, ...args], {
    reject: false,
    env: { NO_COLOR: '', LANG: 'C', LC_ALL: '', LC_MESSAGES: '', ...options.env },
    extendEnv: true,
  });
}
