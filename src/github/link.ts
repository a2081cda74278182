/** Pagination: the `rel="next"` URL of a GitHub `Link` header (RFC 8288), if any. */

export function nextPageUrl(link: string | string[] | undefined): string | undefined {
  const header = Array.isArray(link) ? link.join(', ') : link;
  if (!header) return undefined;
  for (const part of header.split(/,\s*(?=<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match === null) continue;
    const rels = /\brel\s*=\s*"?([^";]*)"?/i.exec(match[2]!)?.[1]?.split(/\s+/) ?? [];
    if (rels.includes('next')) return match[1];
  }
  return undefined;
}
