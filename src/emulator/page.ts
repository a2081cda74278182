/** Page bodies: the capped slice, `totalRecords`, `_links` (self/next/previous), `fields`, and 204 for an empty page. */
import type { Paging, Query } from './query.js';
import { quirkyItem } from './quirks.js';
import { emptyReply, jsonReply, type Reply } from './reply.js';

export interface PageContext {
  /** Absolute URL of the request without its query: the base of `_links`. */
  selfBase: string;
  query: Query;
  fields: ReadonlySet<string> | undefined;
  quirks: boolean;
}

/** Keeps only the fields named (matched without regard to case); unknown names simply match nothing. */
export function pickFields(item: Record<string, unknown>, fields: ReadonlySet<string> | undefined): Record<string, unknown> {
  if (!fields) return item;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(item)) if (fields.has(key.toLowerCase())) out[key] = item[key];
  return out;
}

/** One item as sent: quirks first (they add a field), then `fields`. */
export function shapeItem(ctx: Pick<PageContext, 'fields' | 'quirks'>, item: Record<string, unknown>): Record<string, unknown> {
  return pickFields(ctx.quirks ? quirkyItem(item) : item, ctx.fields);
}

/** The request URL with `skip` and `top` set (whatever case the client wrote them in). */
function linkTo(ctx: PageContext, skip: number, top: number): string {
  const params = new URLSearchParams();
  for (const [name, value] of ctx.query.params) {
    const lower = name.toLowerCase();
    if (lower !== 'skip' && lower !== 'top') params.append(name, value);
  }
  params.set('skip', String(skip));
  params.set('top', String(top));
  return `${ctx.selfBase}?${params.toString()}`;
}

function selfLink(ctx: PageContext): string {
  const qs = ctx.query.params.toString();
  return qs === '' ? ctx.selfBase : `${ctx.selfBase}?${qs}`;
}

/** Slicing a cached view is O(page): nothing here walks the whole list. */
export function pageReply<T>(
  ctx: PageContext,
  items: readonly T[],
  paging: Paging,
  key: string,
  toWire: (item: T) => Record<string, unknown>,
  headers: Record<string, string> = {},
): Reply {
  const slice = items.slice(paging.skip, paging.skip + paging.rows);
  if (slice.length === 0) return emptyReply(204, headers);
  const end = paging.skip + slice.length;
  const links: Record<string, string> = { self: selfLink(ctx) };
  // `next` keeps the client's own `top`: the cap is the server's business, stepping by rows received is the client's.
  if (end < items.length) links.next = linkTo(ctx, end, paging.top);
  if (paging.skip > 0) links.previous = linkTo(ctx, Math.max(0, paging.skip - paging.rows), paging.top);
  const rows = slice.map((item) => shapeItem(ctx, toWire(item)));
  const isLast = end >= items.length;
  const body = ctx.quirks && isLast ? { _links: links, [key]: rows } : { totalRecords: items.length, _links: links, [key]: rows };
  return jsonReply(200, body, headers);
}
