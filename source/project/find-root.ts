import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';

export const ROOT_MARKERS = ['backend-switch.yaml', 'apps/backend-ex', 'apps/backend'] as const;

/** The nearest folder at or above `start` that holds one of ROOT_MARKERS. */
export function findRoot(start: string): string {
  const searched: string[] = [];
  let dir = resolve(start);
  if (!existsSync(dir)) {
    throw new UsageError(
      `The folder ${dir} does not exist.`,
      'Pass --cwd with the path of the eCredit monorepo.',
    );
  }
  for (;;) {
    searched.push(dir);
    if (ROOT_MARKERS.some((marker) => existsSync(join(dir, marker)))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new UsageError(
    `${resolve(start)} is not inside the eCredit monorepo: none of ${ROOT_MARKERS.join(', ')} ` +
      `was found in it or in any folder above it (${searched.length} folders searched, up to ${dir}).`,
    'Run backend-switch from the monorepo, or pass --cwd /path/to/monorepo.',
  );
}
