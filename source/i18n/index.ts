import { en, type MessageKey } from './en.js';
import { es } from './es.js';

export type Lang = 'en' | 'es';
export type { MessageKey };
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export const catalogs: Record<Lang, Record<MessageKey, string>> = { en, es };

/** `--lang` wins; else the POSIX locale variables in their order of precedence; else English. */
export function detectLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag === 'en' || flag === 'es') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export function translator(lang: Lang): Translate {
  const catalog = catalogs[lang];
  const plural = new Intl.PluralRules(lang);
  return (key, params) => interpolate(catalog[key] ?? en[key] ?? key, plural, params);
}

/**
 * `{name}` is the parameter; `{name|one|other}` the word that agrees with it, by the
 * language's plural rules: "1 {n|failure|failures}" → "1 failure", "1 {n|fallo|fallos}" → "1 fallo".
 */
function interpolate(text: string, plural: Intl.PluralRules, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}/g, (whole, name: string, one?: string, other?: string) => {
    if (!(name in params)) return whole;
    if (one === undefined) return String(params[name]);
    return plural.select(Number(params[name])) === 'one' ? one : other!;
  });
}
