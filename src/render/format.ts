/** Small number and text formatters shared by the renderers. */

/** `65536` → `65,536` (no locale lookup, so output is the same on every machine). */
export function formatInteger(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** The first 12 hex digits of a checksum, without an `algo:` prefix. */
export function shortChecksum(checksum: string): string {
  return checksum.slice(checksum.lastIndexOf(':') + 1).slice(0, 12);
}

/** Cuts `text` to at most `max` UTF-16 units, ending in `…`, never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
