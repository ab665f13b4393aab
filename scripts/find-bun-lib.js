// Finds a working Bun binary for the real Bun backend (fixtures/ecredit/apps/backend).
//
// Order: $BUN_BINARY; the binary that npm's `bun` package brought into this project's
// node_modules — in node_modules/@oven/bun-linux-<arch>[-musl|-baseline]/bin/bun when install
// scripts did not run, or moved to node_modules/bun/bin/bun.exe by bun's postinstall (without
// it that file is a small Node script that only prints an error); then `bun` on PATH. Each
// candidate is confirmed by running `<path> --version`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This project's root (the folder holding scripts/). */
export const PROJECT_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * Runs `<path> --version`; the version printed, or undefined when it is not a working Bun.
 * @param {string} path
 * @returns {{ version?: string, error?: string }}
 */
export function probeBun(path) {
  try {
    if (!statSync(path).isFile()) return { error: 'not a file' };
  } catch {
    return { error: 'not found' };
  }
  try {
    const out = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    return /^\d+\.\d+\.\d+/.test(out) ? { version: out } : { error: `--version printed ${JSON.stringify(out.slice(0, 80))}` };
  } catch (error) {
    const e = /** @type {{ code?: string, status?: number, stderr?: string }} */ (error);
    const first = String(e.stderr ?? '').trim().split('\n')[0];
    return { error: e.code ?? (first ? `exit ${e.status}: ${first}` : `exit ${e.status}`) };
  }
}

/**
 * The candidate paths, in order, each with where it came from.
 * @param {{ env?: Record<string, string | undefined>, root?: string, platform?: string, arch?: string }} [options]
 * @returns {Array<{ path: string, source: string }>}
 */
export function bunCandidates({ env = process.env, root = PROJECT_ROOT, platform = process.platform, arch = process.arch } = {}) {
  /** @type {Array<{ path: string, source: string }>} */
  const candidates = [];
  if (env.BUN_BINARY) candidates.push({ path: env.BUN_BINARY, source: 'BUN_BINARY' });
  const oven = join(root, 'node_modules', '@oven');
  const cpu = arch === 'x64' ? 'x64' : arch === 'arm64' ? 'aarch64' : arch;
  const prefix = `bun-${platform}-${cpu}`;
  if (existsSync(oven)) {
    // bun-linux-x64 first, then its -baseline/-musl variants.
    const dirs = readdirSync(oven).filter((d) => d === prefix || d.startsWith(`${prefix}-`)).sort((a, b) => a.length - b.length || a.localeCompare(b));
    for (const dir of dirs) candidates.push({ path: join(oven, dir, 'bin', platform === 'win32' ? 'bun.exe' : 'bun'), source: `node_modules/@oven/${dir}` });
  }
  candidates.push({ path: join(root, 'node_modules', 'bun', 'bin', 'bun.exe'), source: 'node_modules/bun (postinstall)' });
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    candidates.push({ path: join(dir, platform === 'win32' ? 'bun.exe' : 'bun'), source: 'PATH' });
  }
  return candidates;
}

/**
 * The first working Bun binary, or the reasons none was found.
 * @param {{ env?: Record<string, string | undefined>, root?: string, platform?: string, arch?: string }} [options]
 * @returns {{ found: true, path: string, version: string, source: string } | { found: false, reason: string, tried: Array<{ path: string, source: string, error: string }> }}
 */
export function findBun(options = {}) {
  const env = options.env ?? process.env;
  /** @type {Array<{ path: string, source: string, error: string }>} */
  const tried = [];
  for (const candidate of bunCandidates(options)) {
    // Only the explicit and project candidates are worth listing when missing; PATH has many folders.
    const probe = probeBun(candidate.path);
    if (probe.version) return { found: true, path: candidate.path, version: probe.version, source: candidate.source };
    if (candidate.source !== 'PATH' || probe.error !== 'not found') tried.push({ ...candidate, error: probe.error ?? '?' });
    // An explicit BUN_BINARY that does not work is an error, not something to paper over.
    if (candidate.source === 'BUN_BINARY') {
      return { found: false, reason: `BUN_BINARY=${env.BUN_BINARY} is not a working Bun (${probe.error})`, tried };
    }
  }
  const detail = tried.map((t) => `${t.path}: ${t.error}`).join('; ');
  return {
    found: false,
    reason: `no working Bun binary (set BUN_BINARY, run npm install so the bun package brings node_modules/@oven/bun-*, or put bun on PATH)${detail ? `; tried ${detail}` : '; bun is not on PATH'}`,
    tried,
  };
}
