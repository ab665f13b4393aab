import { fingerprint } from './secrets.js';

export type Redactor = (text: string) => string;

/** Key names whose values are secrets: `JWT_SECRET`, `POSTGRES_PASSWORD`, `API_TOKEN`, `SECRET_KEY_BASE`, … */
export const SECRET_KEY = /SECRET|PASSW(OR)?D|TOKEN|PRIVATE|CREDENTIAL|APIKEY|(^|[_.-])KEY([_.-]|$)/i;

/** `scheme://user:password@host` */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*):([^\s@/'"]+)@/gi;

/** `KEY=value`, `export KEY="value"`, `KEY: value` (YAML), `"key": "value"` (JSON), `--password=value`. */
const ASSIGNED = /(^|--?|[^\w.-])(["']?)([A-Za-z_][\w.-]*)\2(\s*(?:=|:(?!\/\/))\s*)(["']?)([^\s"',;}\r\n\x1b]+)\5/g;

/** `--token value`, `-p value` style flags of a command line. */
const FLAG_VALUE = /(^|\s)(--?[A-Za-z][\w-]*)(\s+)([^\s\x1b-][^\s\x1b]*)/g;

/**
 * The one redaction function: every path that can show a file, a command or a process
 * (plan and wizard diffs, fix previews, panels, `--json`, logs, reports, error messages)
 * passes its text through it. It hides the passwords of URLs, the values of secret-named
 * keys wherever they appear, and every value the monorepo's env files hold under such a key
 * (or as a URL's password), as `sha256:…` fingerprints, so two places can still be compared.
 */
export function redactorFor(envs: readonly { values: Record<string, string> }[] = []): Redactor {
  const secrets = new Set<string>();
  for (const env of envs) {
    for (const [key, value] of Object.entries(env.values)) {
      if (SECRET_KEY.test(key) && value.length >= 4) secrets.add(value);
      for (const match of value.matchAll(URL_PASSWORD)) if (match[2]!.length >= 3) secrets.add(safeDecode(match[2]!));
    }
  }
  // Longest first: a secret that contains another is replaced whole. Only as a whole token:
  // a password such as `postgres` must not mangle `embedded-postgres-main.js`, `postgresql` or `postgres://`.
  const known = [...secrets].sort((a, b) => b.length - a.length).map((secret) => ({ secret, pattern: new RegExp(`(?<![\\w./:@-])${escapeRegExp(secret)}(?![\\w/:@-]|\\.\\w)`, 'g') }));
  return (text) => {
    let out = text.replace(URL_PASSWORD, (_all, head: string) => `${head}:***@`);
    out = out.replace(ASSIGNED, (all, lead: string, keyQuote: string, key: string, sep: string, quote: string, value: string) =>
      SECRET_KEY.test(key) && !isShown(value) ? `${lead}${keyQuote}${key}${keyQuote}${sep}${quote}${fingerprint(value)}${quote}` : all,
    );
    out = out.replace(FLAG_VALUE, (all, lead: string, flag: string, space: string, value: string) =>
      SECRET_KEY.test(flag) && !isShown(value) ? `${lead}${flag}${space}${fingerprint(value)}` : all,
    );
    for (const { secret, pattern } of known) if (out.includes(secret)) out = out.replace(pattern, () => fingerprint(secret));
    return out;
  };
}

/** Redacts every string inside a JSON-able value (for `--json` output and saved reports). */
export function redactDeep<T>(value: T, redact: Redactor): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'string' ? redact(v) : v)) as T;
}

/**
 * Already a fingerprint, a mask, or a reference to one (`${JWT_SECRET}`): nothing to hide. Nor
 * is the opening of a JSON or YAML list or map (`"literalSecrets": []`, `secrets: [`): hiding it
 * would break the document (`doctor --json` in Docker mode printed invalid JSON), and what it
 * holds is judged item by item.
 */
function isShown(value: string): boolean {
  return /^(sha256:[0-9a-f]+…?|\*+|•+|\$\{?\w+\}?|PASSWORD|null|undefined|true|false|\[\]?|\{\}?)$/.test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The redaction rules that need no knowledge of the monorepo: URL passwords, secret-named keys and flags. */
export const redactShapes: Redactor = redactorFor();
