import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../source/core/check.js';
import { catalogs, detectLang, translator } from '../../source/i18n/index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  it('have the same keys in English and Spanish', () => {
    expect(Object.keys(catalogs.es).sort()).toEqual(Object.keys(catalogs.en).sort());
  });

  it('use the same placeholders in both languages, and no message is empty', () => {
    for (const [key, english] of Object.entries(catalogs.en)) {
      const spanish = catalogs.es[key as keyof typeof catalogs.es];
      expect(spanish.trim(), key).not.toBe('');
      expect(placeholders(spanish), key).toEqual(placeholders(english));
    }
  });

  it('title every check in both languages', () => {
    for (const lang of ['en', 'es'] as const) {
      const t = translator(lang);
      for (const id of CHECK_IDS) expect(t(`check.${id}.title`)).not.toContain('check.');
    }
  });

  it('pick the language from --lang, then LC_ALL, LC_MESSAGES, LANG, else English', () => {
    expect(detectLang('es', {})).toBe('es');
    expect(detectLang(undefined, { LC_ALL: 'es_ES.UTF-8', LANG: 'en_US' })).toBe('es');
    expect(detectLang(undefined, { LC_MESSAGES: 'en_GB', LANG: 'es_MX' })).toBe('en');
    expect(detectLang(undefined, { LANG: 'es_AR.UTF-8' })).toBe('es');
    expect(detectLang(undefined, {})).toBe('en');
  });
});
