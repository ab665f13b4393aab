import type { Redactor } from './redact.js';

let active: Redactor | undefined;

/**
 * The last line of defence: once a command knows the monorepo, everything it writes to the
 * terminal (Ink's frames included) passes through the same redaction as its files. Each
 * path redacts its own text first; this catches what a path forgot.
 */
export function guardOutput(redact: Redactor): void {
  if (!active) for (const stream of [process.stdout, process.stderr]) wrap(stream);
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
