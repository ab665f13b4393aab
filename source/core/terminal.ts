/**
 * Ink draws only a final frame when CI is set in the environment (it checks once, when it
 * is imported). A person at a real terminal needs the live screen even then, so the
 * interactive commands call this before loading Ink: with a TTY on both ends, CI's flags
 * are dropped for this process (and the commands it runs). Without a TTY nothing changes.
 */
export function preferLiveTerminal(): boolean {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return false;
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  return true;
}
