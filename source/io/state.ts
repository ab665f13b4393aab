import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** `.backend-switch/` at the monorepo root: journal/, reports/, logs/, backups/. */
export function stateDir(root: string, ...parts: string[]): string {
  return join(root, '.backend-switch', ...parts);
}

export function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  return path;
}

/** Sortable by time to the millisecond, and unique: `20261130-052400123-ab12`. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '').replace('T', '-').slice(0, 18);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}
