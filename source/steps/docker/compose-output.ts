/**
 * What a person needs from a failed `docker compose build`: the failing step's own output and
 * the final error. BuildKit ends with the step's output between `------` rules, then the
 * Dockerfile excerpt, then `failed to solve: …`; the classic builder ends with the command's
 * output and `The command '…' returned a non-zero code`. Anything else: the last lines.
 */
export function buildFailureLines(tail: readonly string[], max = 10): string[] {
  const lines = tail.map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
  const start = findLastIndex(lines, (line) => /^\s*> \[.*\]/.test(line));
  if (start !== -1) {
    const end = lines.findIndex((line, i) => i > start && /^-{4,}$/.test(line.trim()));
    const step = lines.slice(start, end === -1 ? undefined : end);
    const final = findLastIndex(lines, (line) => /failed to solve|ERROR|error:/i.test(line));
    const last = final > (end === -1 ? start : end) ? [lines[final]!] : [];
    return [...step.slice(-(max - last.length)), ...last];
  }
  return lines.slice(-max);
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i -= 1) if (test(items[i]!)) return i;
  return -1;
}

/**
 * The host port compose could not publish, from its error: the engine's userland proxy
 * (`listen tcp4 0.0.0.0:3000: bind: address already in use`, a process holds it) or its
 * allocator (`Bind for 0.0.0.0:3000 failed: port is already allocated`, another container).
 */
export function unpublishablePort(tail: readonly string[]): { port: number; by: 'process' | 'container' } | undefined {
  for (const line of [...tail].reverse()) {
    const proxy = /listen tcp[46]? \S*:(\d+): bind: address already in use/.exec(line);
    if (proxy) return { port: Number(proxy[1]), by: 'process' };
    const allocated = /Bind for \S*:(\d+) failed: port is already allocated/.exec(line);
    if (allocated) return { port: Number(allocated[1]), by: 'container' };
  }
  return undefined;
}
