import { translator, type Lang, type Translate } from './index.js';

/**
 * The language of this process's messages, for code that runs before (or outside) a
 * command's session, such as the loaders' input errors. main() sets it once.
 */
let current: Translate = translator('en');

export function setLanguage(lang: Lang): void {
  current = translator(lang);
}

export const tr: Translate = (key, params) => current(key, params);
