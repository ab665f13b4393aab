/** Characters that do not show on screen and change a value: NUL and controls, zero-width ones, a BOM inside a file. */
export const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200D\u2060\uFEFF]/;

/** `U+200B`: how an invisible character is named, never printed. */
export function codeOf(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text with each invisible character shown by its code: `http://x<U+200B>`. */
export function visible(text: string): string {
  return text.replace(new RegExp(INVISIBLE.source, 'g'), (char) => `<${codeOf(char)}>`);
}
