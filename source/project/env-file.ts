import { existsSync } from 'node:fs';
import { readProjectFile } from './read-file.js';
import { parse } from 'dotenv';
import { UsageError } from '../util/errors.js';
import { displayPath } from '../util/paths.js';
import { codeOf, INVISIBLE, visible } from '../util/visible.js';

export interface EnvFile {
  path: string;
  exists: boolean;
  values: Record<string, string>;
  /** 1-based line of each key's (last) assignment. */
  lines: Record<string, number>;
  /** What parses but is probably not what was meant: a key set twice, an invisible character. */
  issues: EnvIssue[];
}

export type EnvIssue =
  | { kind: 'duplicate'; key: string; lines: number[] }
  | { kind: 'invisible'; line: number; key?: string; code: string };


const ASSIGNMENT = /^\s*(?:export\s+)?([\w.-]+)\s*(?:=|:\s)\s*(.*)$/;
const QUOTES = ['"', "'", '`'];

/**
 * Reads an env file with dotenv's parser. dotenv silently drops lines it cannot read, so
 * each line is validated first: a line that is neither blank, a comment, an assignment nor
 * part of a multi-line quoted value is an error naming the file and the line.
 */
export function readEnvFile(path: string, root: string): EnvFile {
  if (!existsSync(path)) return { path, exists: false, values: {}, lines: {}, issues: [] };
  const source = readProjectFile(path, root).replace(/^\uFEFF/, ''); // a BOM at the very start is only an encoding mark
  const { keyLines, issues } = validate(source, displayPath(root, path));
  return { path, exists: true, values: parse(source), lines: keyLines, issues };
}

function validate(source: string, shownPath: string): { keyLines: Record<string, number>; issues: EnvIssue[] } {
  const keyLines: Record<string, number> = {};
  const seen: Record<string, number[]> = {};
  const issues: EnvIssue[] = [];
  const rows = source.split(/\r?\n/);
  let openQuote: { char: string; line: number } | undefined;
  rows.forEach((row, index) => {
    const lineNo = index + 1;
    if (openQuote) {
      if (closesQuote(row, openQuote.char)) openQuote = undefined;
      return;
    }
    const trimmed = row.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = ASSIGNMENT.exec(row);
    if (!match) {
      throw new UsageError(
        { key: 'err.envLine', params: { file: `${shownPath}:${lineNo}`, line: redactLine(trimmed) } },
        { key: 'err.envLineFix', params: { file: shownPath, line: lineNo } },
      );
    }
    keyLines[match[1]!] = lineNo;
    (seen[match[1]!] ??= []).push(lineNo);
    const invisible = INVISIBLE.exec(row);
    if (invisible) issues.push({ kind: 'invisible', line: lineNo, key: match[1]!, code: codeOf(invisible[0]) });
    const value = match[2]!.trimStart();
    const quote = QUOTES.find((q) => value.startsWith(q));
    if (quote && !closesQuote(value.slice(1), quote)) openQuote = { char: quote, line: lineNo };
  });
  if (openQuote) {
    throw new UsageError(
      { key: 'err.envQuote', params: { file: `${shownPath}:${openQuote.line}`, quote: openQuote.char } },
      { key: 'err.envQuoteFix', params: { file: shownPath, line: openQuote.line, quote: openQuote.char } },
    );
  }
  for (const [key, lines] of Object.entries(seen)) if (lines.length > 1) issues.push({ kind: 'duplicate', key, lines });
  return { keyLines, issues };
}

/** Whether `text` holds the closing `quote` (one not escaped by a backslash). */
export function closesQuote(text: string, quote: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === quote) return true;
  }
  return false;
}

/** A broken line may hold a secret: show its shape, never its characters past the first few. */
function redactLine(line: string): string {
  return visible(line.length <= 12 ? line : `${line.slice(0, 12)}…`);
}
