import { createWriteStream } from 'node:fs';
import type { Redactor } from '../util/redact.js';

export interface CommandRecord {
  command: string;
  cwd: string;
  exitCode: number | null;
  durationMs: number;
  /** The last lines of its output (redacted), for the screen and the report. */
  tail: string[];
}

export interface RunCommandOptions {
  cwd: string;
  env?: Record<string, string>;
  onLine?: (line: string) => void;
  signal?: AbortSignal;
  redact: Redactor;
  /** Also append the (redacted) output to this log file. */
  logFile?: string;
  /** Kill it past this; a hung command must not hang the switch. */
  timeoutMs?: number;
}

const TAIL = 20;
const NEEDS_SHELL = /[|&;<>()$`\\"'*?{}[\]~]/;

/**
 * Runs a configured command string in a folder with execa: split into file and arguments,
 * through a shell only when the string needs one (pipes, quotes, variables). Output is
 * streamed line by line, redacted; the exit code is recorded, never thrown.
 */
export async function runCommand(command: string, options: RunCommandOptions): Promise<CommandRecord> {
  const { execa, parseCommandString } = await import('execa');
  const started = performance.now();
  const tail: string[] = [];
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a', mode: 0o600 }) : undefined;
  const emit = (raw: string) => {
    const line = options.redact(raw);
    tail.push(line);
    if (tail.length > TAIL) tail.shift();
    log?.write(`${line}\n`);
    options.onLine?.(line);
  };
  const useShell = NEEDS_SHELL.test(command);
  const [file, ...args] = useShell ? [command] : parseCommandString(command);
  // Its own process group, ended as a whole on Ctrl+C or past the timeout: `sh -c "cd … && mix
  // ecto.migrate"` killed alone would leave mix migrating after the switch said it stopped.
  const child = execa(file!, args, {
    cwd: options.cwd,
    env: options.env,
    shell: useShell,
    reject: false,
    all: true,
    stdin: 'ignore',
    detached: true,
  });
  let timedOut = false;
  const end = endGroup(child.pid);
  const onAbort = () => end();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) end();
  const timer = options.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        end();
      }, options.timeoutMs)
    : undefined;
  let pending = '';
  child.all?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    lines.forEach(emit);
  });
  const result = await child;
  clearTimeout(timer);
  options.signal?.removeEventListener('abort', onAbort);
  if (pending) emit(pending);
  if (timedOut) emit(`timed out after ${options.timeoutMs} ms`);
  else if (result.failed && result.exitCode === undefined) emit(String(result.shortMessage ?? result.message));
  await new Promise<void>((resolve) => (log ? log.end(resolve) : resolve()));
  return {
    command: options.redact(command),
    cwd: options.cwd,
    exitCode: timedOut ? null : (result.exitCode ?? null),
    durationMs: Math.round(performance.now() - started),
    tail,
  };
}

/** Ends a process group: SIGTERM, then SIGKILL to what is left of it 3 s later. Once. */
function endGroup(pid: number | undefined): () => void {
  let ended = false;
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (pid !== undefined) process.kill(-pid, signal);
    } catch {
      // the group is gone
    }
  };
  return () => {
    if (ended) return;
    ended = true;
    kill('SIGTERM');
    setTimeout(() => kill('SIGKILL'), 3000).unref();
  };
}
