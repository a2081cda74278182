/** Markdown escaping for text from a tenant or a planner that lands in a GitHub comment. */
import { safeText } from './names.js';

/** Backslash-escapes what GitHub Markdown would read as emphasis, links, HTML, code, tables or strikethrough. */
export function escapeInline(text: string): string {
  return safeText(text).replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}

/**
 * A name in a table cell: as a code span, so `#123` is not read as an issue link nor `@team` as a
 * mention; the span's delimiter outgrows any backtick run inside, and pipes are escaped because GFM
 * splits table cells before it parses code spans.
 */
export function tableCode(text: string): string {
  const clean = safeText(text);
  let longest = 0;
  for (const run of clean.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const tick = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${tick}${pad}${clean}${pad}${tick}`.replace(/\|/g, '\\|');
}

/** A fence no line of `lines` can close: longer than any backtick run that starts a line (after ≤ 3 spaces). */
export function fenceFor(lines: readonly string[]): string {
  let longest = 0;
  for (const line of lines) {
    let start = 0;
    while (start < 3 && line.charCodeAt(start) === 32) start += 1;
    let n = start;
    while (line.charCodeAt(n) === 96) n += 1;
    if (n - start > longest) longest = n - start;
  }
  return '`'.repeat(Math.max(3, longest + 1));
}
