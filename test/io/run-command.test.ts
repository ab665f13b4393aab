import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../source/io/run-command.js';
import { alive } from '../helpers/processes.js';

// A configured command runs through a shell when it needs one (`cd … && mix ecto.migrate`):
// stopping it must stop what the shell started, not the shell alone.
const noRedaction = (text: string) => text;
const GRANDCHILD = `node -e "console.log('pid', process.pid); setInterval(() => {}, 1000)"`;

/** Polls until the process is gone; fails past the deadline. */
async function gone(pid: number, deadlineMs = 10_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (alive(pid)) {
    if (Date.now() > end) throw new Error(`pid ${pid} still runs`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `command`, resolving the pid the grandchild prints as soon as it prints it. */
function started(command: string, options: { signal?: AbortSignal; timeoutMs?: number }) {
  let seen: (pid: number) => void;
  const pid = new Promise<number>((resolve) => (seen = resolve));
  const record = runCommand(command, {
    cwd: tmpdir(),
    redact: noRedaction,
    onLine: (line) => {
      const match = /^pid (\d+)$/.exec(line);
      if (match) seen(Number(match[1]));
    },
    ...options,
  });
  return { pid, record };
}

describe('runCommand', () => {
  it('Ctrl+C (its signal aborting) ends the shell and what the shell started', async () => {
    const controller = new AbortController();
    const run = started(`echo migrating && ${GRANDCHILD}`, { signal: controller.signal });
    const pid = await run.pid;
    controller.abort();
    const record = await run.record;
    expect(record.exitCode).toBeNull();
    expect(record.tail[0]).toBe('migrating');
    await gone(pid);
  });

  it('past its timeout: ended as a whole, exit code null, and the tail says it timed out', async () => {
    const run = started(`echo migrating && ${GRANDCHILD}`, { timeoutMs: 500 });
    const pid = await run.pid;
    const record = await run.record;
    expect(record.exitCode).toBeNull();
    expect(record.tail.at(-1)).toBe('timed out after 500 ms');
    await gone(pid);
  });

  it('records the exit code and the last lines of a command that ends by itself, with or without a shell', async () => {
    const shell = await runCommand('echo one && echo two && exit 3', { cwd: tmpdir(), redact: noRedaction });
    expect(shell).toMatchObject({ exitCode: 3, tail: ['one', 'two'] });
    const plain = await runCommand('node -e "console.log(42)"', { cwd: tmpdir(), redact: (text) => text.replace('42', '[redacted]') });
    expect(plain).toMatchObject({ exitCode: 0, tail: ['[redacted]'] });
  });
});
