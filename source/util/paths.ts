import { relative } from 'node:path';

/** A path as the user should read it: relative to the monorepo root when inside it. */
export function displayPath(root: string, path: string): string {
  const rel = relative(root, path);
  return rel && !rel.startsWith('..') ? rel : path;
}
