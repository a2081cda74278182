/** Paged bulk reads: pages may be shorter than asked, totals may be missing; the end is only what the contract says it is. */
import { CxoneError } from './errors.js';
import { settleAll } from './settle-all.js';
import { pageItems, type WireContext } from './wire.js';

export interface PageProgress {
  path: string;
  /** Rows received so far of that list. */
  read: number;
  total: number | undefined;
}

/** How pages are fetched: one GET per page (`null` for a 204), and how many at once. */
export interface Pager {
  pageSize: number;
  concurrency: number;
  fetch(path: string, query: Record<string, string>, stop: AbortSignal): Promise<unknown>;
  onPage?: ((progress: PageProgress) => void) | undefined;
  /** Told the rows of every page served (the page size the server really serves). */
  onServed?: ((rows: number) => void) | undefined;
}

export interface ListRead<T> {
  path: string;
  listKey: string;
  map: (raw: unknown, ctx: WireContext) => T;
  /** Rows the server counts and serves but that are not items of the list (they still step `skip`). */
  keep?: (raw: unknown) => boolean;
  /** Filters and `fields`, sent with every page. */
  query?: Record<string, string>;
}

interface Page {
  rows: unknown[];
  total: number | undefined;
  hasNext: boolean | undefined;
}

/**
 * Every row of a list. The first page tells the total and, by its length, the page size the server
 * really serves: the other pages are then read a few at a time at that stride, and a later page that
 * comes back shorter leaves a gap that is read on, one page after another, until it is filled. Without
 * a total, pages are read one after another. A list ends only on a 204, a page with no rows, rows
 * received ≥ totalRecords, or `_links` without `next`: a short page is not the end.
 */
export async function readAll<T>(pager: Pager, list: ListRead<T>, stop: AbortController): Promise<T[]> {
  const { path, listKey } = list;
  const ctx: WireContext = { method: 'GET', path };
  // A server that ignores skip would serve the first page forever (or as many times as the total says).
  const firstRows = new Map<string, number>();
  let received = 0;
  let knownTotal: number | undefined;

  const readPage = async (skip: number, top: number): Promise<Page> => {
    const body = await pager.fetch(path, { ...list.query, skip: String(skip), top: String(top) }, stop.signal);
    if (body === null) return { rows: [], total: undefined, hasNext: false };
    const page = pageItems(body, listKey, ctx);
    if (page.items.length > 0) {
      const key = JSON.stringify(page.items[0]);
      const earlier = firstRows.get(key);
      if (earlier !== undefined) throw new CxoneError('CXONE_BAD_RESPONSE', `malformed response: the page at skip=${skip} repeats the page at skip=${earlier} (is skip ignored?)`, ctx);
      firstRows.set(key, skip);
    }
    // More rows than asked would overlap the next page, which is read on its own.
    const rows = page.items.slice(0, top);
    received += rows.length;
    pager.onServed?.(rows.length);
    knownTotal ??= page.total;
    pager.onPage?.({ path, read: received, total: knownTotal });
    return { rows, total: page.total, hasNext: page.hasNext };
  };

  /** Rows `from` up to `to` (exclusive), in as many pages as the server needs. */
  const readSpan = async (from: number, to: number): Promise<unknown[]> => {
    const out: unknown[] = [];
    for (let at = from; at < to; ) {
      const page = await readPage(at, to - at);
      out.push(...page.rows);
      if (page.rows.length === 0 || page.hasNext === false) break;
      at += page.rows.length;
    }
    return out;
  };

  const first = await readPage(0, pager.pageSize);
  const rows = [...first.rows];
  const ended = (page: Page, readSoFar: number, total: number | undefined) =>
    page.rows.length === 0 || page.hasNext === false || (total !== undefined && readSoFar >= total);
  if (!ended(first, rows.length, first.total)) {
    if (first.total !== undefined) {
      const stride = first.rows.length;
      const total = first.total;
      const spans: Array<[number, number]> = [];
      for (let at = stride; at < total; at += stride) spans.push([at, Math.min(at + stride, total)]);
      const read: unknown[][] = new Array(spans.length);
      let next = 0;
      const worker = async () => {
        while (next < spans.length) {
          const i = next++;
          const [from, to] = spans[i]!;
          read[i] = await readSpan(from, to);
        }
      };
      await settleAll(stop, Array.from({ length: Math.min(pager.concurrency, spans.length) }, worker));
      for (const span of read) rows.push(...span);
    } else {
      let total: number | undefined;
      for (let at = rows.length; ; ) {
        const page = await readPage(at, pager.pageSize);
        rows.push(...page.rows);
        total ??= page.total;
        if (ended(page, rows.length, total)) break;
        at += page.rows.length;
      }
    }
  }
  const keep = list.keep;
  return (keep ? rows.filter((raw) => keep(raw)) : rows).map((raw) => list.map(raw, ctx));
}
