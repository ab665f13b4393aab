/**
 * Minimal edits of dotenv text: the key's line changes in place (keeping `export`, its
 * quoting style and a trailing comment); every other line, comment and the order survive.
 */
const LINE = /^(\s*(?:export\s+)?)([\w.-]+)(\s*=\s*)(.*)$/;

export function setEnvValue(text: string, key: string, value: string): string {
  const lines = text.split('\n');
  let found = false;
  const edited = lines.map((line) => {
    const match = LINE.exec(line);
    if (!match || match[2] !== key) return line;
    found = true;
    return `${match[1]}${key}${match[3]}${formatValue(value, match[4]!)}`;
  });
  if (found) return edited.join('\n');
  const body = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return `${body}${key}=${formatValue(value, '')}\n`;
}

export function removeEnvKey(text: string, key: string): string {
  return text
    .split('\n')
    .filter((line) => LINE.exec(line)?.[2] !== key)
    .join('\n');
}

/** Keeps the old value's quote style and trailing comment; quotes a value that needs it. */
function formatValue(value: string, old: string): string {
  const quote = /^(["'])/.exec(old)?.[1];
  const comment = quote ? '' : (/(\s+#.*)$/.exec(old)?.[1] ?? '');
  if (quote) return `${quote}${value}${quote}`;
  const needsQuotes = /[\s#"'`]/.test(value);
  return `${needsQuotes ? JSON.stringify(value) : value}${comment}`;
}

/** The text with the values of `keys` (every key when omitted) shown as a fingerprint only, for diffs on screen. */
export function maskEnvValues(text: string, keys?: string[], fingerprintOf: (value: string) => string = (v) => v.length.toString()): string {
  return text
    .split('\n')
    .map((line) => {
      const match = LINE.exec(line);
      if (!match || (keys && !keys.includes(match[2]!)) || match[4]!.startsWith('••••')) return line;
      return `${match[1]}${match[2]}${match[3]}•••• (${fingerprintOf(match[4]!.replace(/^["']|["']$/g, ''))})`;
    })
    .join('\n');
}
