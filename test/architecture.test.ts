import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SOURCE = new URL('../source/', import.meta.url).pathname;

/**
 * STYLE.md's layers, bottom (0) to top: each folder imports only from its own layer or
 * below. `migrations/` reads migration files and tables, as `probes/` reads servers: the
 * backend profiles use it. `standins/` are the stand-in servers the demo starts.
 */
const LAYER: Record<string, number> = {
  util: 0, i18n: 0, 'version.ts': 0,
  project: 1, io: 1, probes: 1, edits: 1, migrations: 1, standins: 1,
  backends: 2, core: 2,
  checks: 3,
  steps: 4, demo: 4,
  ui: 5, render: 5, report: 5, troubleshoot: 5,
  commands: 6, 'cli.ts': 6,
};

const layerOf = (file: string) => LAYER[area(file)]!;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every file's imports of other source files (type-only imports included: they are arrows too). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SOURCE)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((f) => f.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => resolve(dirname(file), name).replace(/\.js$/, ''))
      .map((base) => [`${base}.ts`, `${base}.tsx`].find((candidate) => graph.has(candidate) || safeExists(candidate)) ?? `${base}.ts`);
    graph.set(file, targets);
  }
  return graph;
}

function safeExists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const area = (file: string) => relative(SOURCE, file).split('/')[0]!;

describe('the shape of the code (STYLE.md)', () => {
  const graph = importGraph();

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => relative(SOURCE, f)).join(' → '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('imports flow downward only: no layer imports one above it, and core imports no probe', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      const from = area(file);
      for (const target of targets) {
        const to = area(target);
        const wrong = layerOf(target) > layerOf(file) || (from === 'core' && ['probes', 'checks', 'steps', 'commands'].includes(to));
        if (wrong) upward.push(`${relative(SOURCE, file)} → ${relative(SOURCE, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps what differs between the backends in their profiles: at most three name comparisons outside source/backends', () => {
    const comparisons = sourceFiles(SOURCE)
      .filter((file) => area(file) !== 'backends')
      .flatMap((file) => readFileSync(file, 'utf8').split('\n').map((line, i) => ({ line, where: `${relative(SOURCE, file)}:${i + 1}` })))
      .filter(({ line }) => /[!=]==\s*'(bun|elixir)'|'(bun|elixir)'\s*[!=]==/.test(line));
    expect(comparisons.length, comparisons.map((c) => c.where).join('\n')).toBeLessThanOrEqual(3);
  });

  it('casts nothing away: no `as never`, no `as unknown as`', () => {
    const casts = sourceFiles(SOURCE).filter((file) => /\bas never\b|\bas unknown as\b/.test(readFileSync(file, 'utf8')));
    expect(casts.map((f) => relative(SOURCE, f))).toEqual([]);
  });

  it('bounds time with util/deadline only: AbortSignal.any over AbortSignal.timeout can lose its deadline to the garbage collector on Node 20', () => {
    const raw = sourceFiles(SOURCE).filter((file) => !file.endsWith('util/deadline.ts') && /AbortSignal\.(timeout|any)\(/.test(readFileSync(file, 'utf8')));
    expect(raw.map((f) => relative(SOURCE, f))).toEqual([]);
  });
});
