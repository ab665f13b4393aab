import type { Redactor } from './redact.js';

let active: Redactor | undefined;
let installed = false;

/**
 * The last line of defence: once the bin's streams are guarded (cli.ts) and a command knows
 * the monorepo (`useRedactor`), everything it writes to the terminal, Ink's frames included,
 * passes through the same redaction as its files. Each path redacts its own text first; this
 * catches what a path forgot.
 */
export function installOutputGuard(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) wrap(stream);
}

export function useRedactor(redact: Redactor): void {
  active = redact;
}

function wrap(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (active && typeof chunk === 'string') return write(active(chunk), ...rest);
    if (active && chunk instanceof Uint8Array) return write(active(Buffer.from(chunk).toString('utf8')), ...rest);
    return write(chunk, ...rest);
  }) as NodeJS.WriteStream['write'];
}
