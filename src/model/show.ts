/** Names and values as quoted in messages: invisible characters made visible (`<U+200B>`), long text cut to an excerpt. */

/** Longest part of a name or value a message quotes; longer text is cut (file contents never reach a message whole). */
export const EXCERPT_CHARS = 60;

// Characters a reader cannot see or tell apart from others: controls, zero-width and bidi marks, spaces
// other than U+0020, soft hyphen, byte-order mark, and combining marks (an accent written separately).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{M}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u3164\u115f\u1160\uffa0]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');

function codePoint(char: string): string {
  return `<U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** `text` with invisible characters escaped but not quoted or cut, e.g. for a JSON Pointer in a message. */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE_ALL, codePoint);
}

/** True when `text` holds a character that `showName` escapes (or a space at either end). */
export function hasInvisible(text: string): boolean {
  return INVISIBLE.test(text) || /^\s|\s$/u.test(text);
}

/**
 * `text` quoted for a message: `"Billing<U+200B>EN"`. Spaces at either end are escaped too (`"Billing EN<U+0020>"`),
 * and text over `max` characters is cut: `"abc…" (1234 characters)`.
 */
export function showName(text: string, max = EXCERPT_CHARS): string {
  const chars = Array.from(text);
  const cut = chars.length > max ? chars.slice(0, max).join('') : text;
  let shown = cut.replace(INVISIBLE_ALL, codePoint);
  shown = shown.replace(/^ +/, (spaces) => codePoint(' ').repeat(spaces.length));
  if (chars.length <= max) shown = shown.replace(/ +$/, (spaces) => codePoint(' ').repeat(spaces.length));
  return chars.length > max ? `"${shown}…" (${chars.length} characters)` : `"${shown}"`;
}
