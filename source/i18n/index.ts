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
  return (key, params) => interpolate(catalog[key] ?? en[key] ?? key, params);
}

function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
