import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../util/errors.js';

export const ROOT_MARKERS = ['backend-switch.yaml', 'apps/backend-ex', 'apps/backend'] as const;

/** The nearest folder at or above `start` that holds one of ROOT_MARKERS. */
export function findRoot(start: string): string {
  const searched: string[] = [];
  let dir = resolve(start);
  if (!existsSync(dir)) {
    throw new UsageError({ key: 'err.noFolder', params: { dir } }, { key: 'err.noFolderFix' });
  }
  for (;;) {
    searched.push(dir);
    if (ROOT_MARKERS.some((marker) => existsSync(join(dir, marker)))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new UsageError(
    { key: 'err.notMonorepo', params: { dir: resolve(start), markers: ROOT_MARKERS.join(', '), count: searched.length, top: dir } },
    { key: 'err.notMonorepoFix' },
  );
}
