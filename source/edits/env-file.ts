import { closesQuote } from '../project/env-file.js';

/**
 * Minimal edits of dotenv text: the key's line changes in place (keeping `export`, its
 * quoting style and a trailing comment); every other line, comment and the order survive.
 */
/** `KEY=value`, and the forms dotenv also reads: `export KEY=value`, `KEY = value`, `KEY: value`. */
const LINE = /^(\s*(?:export\s+)?)([\w.-]+)(\s*(?:=\s*|:\s+))(.*)$/;

export function setEnvValue(text: string, key: string, value: string): string {
  const eol = lineEnding(text);
  let found = false;
  const edited = entries(text).flatMap((entry) => {
    if (entry.key !== key) return entry.lines;
    found = true;
    const { line, cr } = splitCr(entry.lines[0]!);
    const match = LINE.exec(line)!;
    return [`${match[1]}${key}${match[3]}${formatValue(value, match[4]!)}${cr}`];
  });
  if (found) return edited.join('\n');
  const body = text === '' || text.endsWith('\n') ? text : `${text}${eol}`;
  return `${body}${key}=${formatValue(value, '')}${eol}`;
}

export function removeEnvKey(text: string, key: string): string {
  return entries(text)
    .flatMap((entry) => (entry.key === key ? [] : entry.lines))
    .join('\n');
}

/**
 * The file's lines grouped by entry: a `KEY=value` line with the lines its quoted value
 * continues on (dotenv reads `KEY="-----BEGIN …` up to the closing quote as one value), or a
 * line of its own (a comment, a blank). An edit replaces or drops a whole entry, never leaves
 * half a value behind, and never touches a line inside another key's value.
 */
function entries(text: string): { key?: string; lines: string[] }[] {
  const lines = text.split('\n');
  const result: { key?: string; lines: string[] }[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const match = LINE.exec(splitCr(lines[i]!).line);
    if (!match) {
      result.push({ lines: [lines[i]!] });
      continue;
    }
    const last = lastLineOfValue(lines, i, match[4]!);
    result.push({ key: match[2]!, lines: lines.slice(i, last + 1) });
    i = last;
  }
  return result;
}

/** Where a value that opens a quote it does not close on its own line ends: the line that closes it. */
function lastLineOfValue(lines: string[], first: number, value: string): number {
  const quote = /^(["'`])/.exec(value)?.[1];
  if (!quote || closesQuote(value.slice(1), quote)) return first;
  for (let i = first + 1; i < lines.length; i += 1) {
    if (closesQuote(splitCr(lines[i]!).line, quote)) return i;
  }
  return first; // never closed: dotenv reads the first line alone
}


/** The file's own line ending: a CRLF file gets CRLF lines. */
export function lineEnding(text: string): '\r\n' | '\n' {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

function splitCr(raw: string): { line: string; cr: string } {
  return raw.endsWith('\r') ? { line: raw.slice(0, -1), cr: '\r' } : { line: raw, cr: '' };
}

/** Keeps the old value's quote style and trailing comment; quotes a value that needs it. */
function formatValue(value: string, old: string): string {
  const quote = /^(["'])/.exec(old)?.[1];
  const comment = quote ? '' : (/(\s+#.*)$/.exec(old)?.[1] ?? '');
  if (quote) return `${quote}${value}${quote}`;
  const needsQuotes = /[\s#"'`]/.test(value);
  return `${needsQuotes ? JSON.stringify(value) : value}${comment}`;
}
