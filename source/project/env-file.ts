import { existsSync } from 'node:fs';
import { readProjectFile } from './read-file.js';
import { parse } from 'dotenv';
import { UsageError } from '../core/errors.js';
import { displayPath } from '../util/paths.js';

export interface EnvFile {
  path: string;
  exists: boolean;
  values: Record<string, string>;
  /** 1-based line of each key's (last) assignment. */
  lines: Record<string, number>;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([\w.-]+)\s*(?:=|:\s)\s*(.*)$/;
const QUOTES = ['"', "'", '`'];

/**
 * Reads an env file with dotenv's parser. dotenv silently drops lines it cannot read, so
 * each line is validated first: a line that is neither blank, a comment, an assignment nor
 * part of a multi-line quoted value is an error naming the file and the line.
 */
export function readEnvFile(path: string, root: string): EnvFile {
  if (!existsSync(path)) return { path, exists: false, values: {}, lines: {} };
  const source = readProjectFile(path, root);
  const lines = validate(source, displayPath(root, path));
  return { path, exists: true, values: parse(source), lines };
}

function validate(source: string, shownPath: string): Record<string, number> {
  const keyLines: Record<string, number> = {};
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
  return keyLines;
}

function closesQuote(text: string, quote: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === quote) return true;
  }
  return false;
}

/** A broken line may hold a secret: show its shape, never its characters past the first few. */
function redactLine(line: string): string {
  return line.length <= 12 ? line : `${line.slice(0, 12)}…`;
}
