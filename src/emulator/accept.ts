/** The Accept check: real CXone answers a request that does not accept JSON with an HTML error page, not data. */
import type { Reply } from './reply.js';

const JSON_RANGES: ReadonlySet<string> = new Set(['application/json', 'application/*', '*/*']);

/** True when some media range of the header admits JSON (q=0 ranges are refusals, not offers). */
export function acceptsJson(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [range = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const refused = params.some((p) => /^q=0(\.0*)?$/.test(p));
    return JSON_RANGES.has(range) && !refused;
  });
}

export function notAcceptableReply(): Reply {
  return { status: 406, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<html><body>No known way to render data</body></html>' };
}
