import { httpRequest, joinUrl } from './http.js';

export interface ViteDevServer {
  url: string;
  /** The module whose inlined `import.meta.env` was read. */
  module: string;
  /** All the env it inlines. */
  env: Record<string, unknown>;
}

const MAX_MODULES = 12;

/**
 * The Vite dev server at `url`, if one answers there: its index.html loads `/@vite/client`.
 * Vite inlines `import.meta.env = {…};` at the top of every module that uses it, so the
 * probe walks the page's module graph from its entry (the imports Vite rewrote to
 * absolute paths) until one module carries it. undefined: no Vite dev server there, or no
 * module of the first dozen reads `import.meta.env`.
 */
export async function probeViteDevServer(url: string, signal: AbortSignal): Promise<ViteDevServer | undefined> {
  let page;
  try {
    page = await httpRequest(joinUrl(url, '/'), { headers: { accept: 'text/html' }, signal });
  } catch {
    return undefined;
  }
  if (page.status !== 200 || !page.body.includes('/@vite/client')) return undefined;
  const queue = [...page.body.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!).filter((src) => !src.startsWith('/@vite/'));
  const seen = new Set<string>();
  while (queue.length && seen.size < MAX_MODULES) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    let module;
    try {
      module = await httpRequest(joinUrl(url, path), { signal });
    } catch {
      return undefined;
    }
    if (module.status !== 200) continue;
    const env = inlinedEnv(module.body);
    if (env) return { url, module: path, env };
    for (const m of module.body.matchAll(/(?:import|export)\s[^;'"]*?from\s*["'](\/[^"']+)["']|import\s*["'](\/[^"']+)["']/g)) {
      const next = m[1] ?? m[2];
      if (next && !next.startsWith('/@') && !next.includes('/node_modules/')) queue.push(next);
    }
  }
  return undefined;
}

/** The object of a leading `import.meta.env = {…};`. */
export function inlinedEnv(code: string): Record<string, unknown> | undefined {
  const start = code.indexOf('import.meta.env = {');
  if (start < 0) return undefined;
  const open = code.indexOf('{', start);
  let depth = 0;
  let inString = false;
  for (let i = open; i < code.length; i += 1) {
    const c = code[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth += 1;
    else if (c === '}' && (depth -= 1) === 0) {
      try {
        return JSON.parse(code.slice(open, i + 1)) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
