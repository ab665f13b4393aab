import type { DiffLineKind } from '../edits/diff.js';

/** How each kind of diff line is coloured, in text output and on the Ink screens. */
export const DIFF_COLOR: Record<DiffLineKind, 'green' | 'red' | 'cyan' | undefined> = { add: 'green', remove: 'red', hunk: 'cyan', header: undefined, context: undefined };
