import { createTwoFilesPatch } from 'diff';
import type { FileChange } from '../steps/types.js';
import { displayPath } from '../util/paths.js';

export type DiffLineKind = 'header' | 'hunk' | 'add' | 'remove' | 'context';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
}

/**
 * The one diff of a file change, for `plan` and the wizard alike: unified, with the file's
 * masked text (`shown`) where it holds secrets, and the file names as a person reads them.
 */
export function diffLines(root: string, change: FileChange, context = 3): DiffLine[] {
  const name = displayPath(root, change.path);
  const shown = change.shown ?? change;
  return createTwoFilesPatch(
    change.before === null ? '/dev/null' : `a/${name}`,
    change.after === null ? '/dev/null' : `b/${name}`,
    shown.before ?? '',
    shown.after ?? '',
    '',
    '',
    { context },
  )
    .split('\n')
    .slice(1) // the "===" separator line
    .map((line) => line.replace(/\t$/, ''))
    .filter((line, i, all) => line !== '' || i < all.length - 1)
    .map((text) => ({ kind: kindOf(text), text }));
}

function kindOf(line: string): DiffLineKind {
  if (line.startsWith('+++') || line.startsWith('---')) return 'header';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'remove';
  return 'context';
}

export const DIFF_COLOR: Record<DiffLineKind, 'green' | 'red' | 'cyan' | undefined> = { add: 'green', remove: 'red', hunk: 'cyan', header: undefined, context: undefined };
