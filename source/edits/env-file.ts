/**
 * Minimal edits of dotenv text: the key's line changes in place (keeping `export`, its
 * quoting style and a trailing comment); every other line, comment and the order survive.
 */
const LINE = /^(\s*(?:export\s+)?)([\w.-]+)(\s*=\s*)(.*)$/;

export function setEnvValue(text: string, key: string, value: string): string {
  const eol = lineEnding(text);
  let found = false;
  const edited = text.split('\n').map((raw) => {
    const { line, cr } = splitCr(raw);
    const match = LINE.exec(line);
    if (!match || match[2] !== key) return raw;
    found = true;
    return `${match[1]}${key}${match[3]}${formatValue(value, match[4]!)}${cr}`;
  });
  if (found) return edited.join('\n');
  const body = text === '' || text.endsWith('\n') ? text : `${text}${eol}`;
  return `${body}${key}=${formatValue(value, '')}${eol}`;
}

export function removeEnvKey(text: string, key: string): string {
  return text
    .split('\n')
    .filter((raw) => LINE.exec(splitCr(raw).line)?.[2] !== key)
    .join('\n');
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
