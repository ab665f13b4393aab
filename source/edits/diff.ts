import { createTwoFilesPatch } from 'diff';

export type DiffLineKind = 'header' | 'hunk' | 'add' | 'remove' | 'context';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
}

/**
 * The one diff of a file change, for `plan`, the wizard and the fix previews alike: unified,
 * every line (changed or context, LF or CRLF) passed through the redaction, so no secret the
 * file holds reaches a screen. `name` is the file as a person reads it; null: created or deleted.
 */
export function diffLines(name: string, before: string | null, after: string | null, redact: (text: string) => string, context = 3): DiffLine[] {
  return createTwoFilesPatch(before === null ? '/dev/null' : `a/${name}`, after === null ? '/dev/null' : `b/${name}`, before ?? '', after ?? '', '', '', { context })
    .split('\n')
    .slice(1) // the "===" separator line
    .map((line) => redact(line.replace(/\t$/, '').replace(/\r$/, '')))
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
