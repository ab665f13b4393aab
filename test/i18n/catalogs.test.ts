import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../source/core/check.js';
import { catalogs, detectLang, translator } from '../../source/i18n/index.js';

/** The parameters a message uses, plain (`{count}`) or as a plural choice (`{count|one|other}`), once each. */
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)(?:\|[^}]*)?\}/g)].map((m) => m[1]))].sort();

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

  it('make words agree with their number by each language\'s plural rules (Intl.PluralRules)', () => {
    const en = translator('en');
    const es = translator('es');
    expect(en('doctor.summary', { ok: 3, warn: 1, fail: 1, skip: 0, ms: 9 })).toBe('3 ok · 1 warning · 1 failure · 0 skipped — 9 ms');
    expect(en('doctor.summary', { ok: 1, warn: 2, fail: 0, skip: 1, ms: 9 })).toBe('1 ok · 2 warnings · 0 failures · 1 skipped — 9 ms');
    expect(es('doctor.summary', { ok: 3, warn: 1, fail: 1, skip: 1, ms: 9 })).toBe('3 ok · 1 aviso · 1 fallo · 1 omitido — 9 ms');
    expect(es('doctor.summary', { ok: 3, warn: 0, fail: 2, skip: 2, ms: 9 })).toBe('3 ok · 0 avisos · 2 fallos · 2 omitidos — 9 ms');
    expect(en('migrate.done', { count: 1 })).toBe('applied 1 migration (and the seeds where configured).');
    expect(es('migrate.done', { count: 1 })).toBe('se aplicó 1 migración (y los seeds donde están configurados).');
  });

  it('pick the language from --lang, then LC_ALL, LC_MESSAGES, LANG, else English', () => {
    expect(detectLang('es', {})).toBe('es');
    expect(detectLang(undefined, { LC_ALL: 'es_ES.UTF-8', LANG: 'en_US' })).toBe('es');
    expect(detectLang(undefined, { LC_MESSAGES: 'en_GB', LANG: 'es_MX' })).toBe('en');
    expect(detectLang(undefined, { LANG: 'es_AR.UTF-8' })).toBe('es');
    expect(detectLang(undefined, {})).toBe('en');
  });
});
