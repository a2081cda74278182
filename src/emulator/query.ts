/** Query-string parsing for reads (paging and filters), with exact 400 messages for bad values. */

export const DEFAULT_TOP = 100;
export const MAX_TOP = 1000;

export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

export interface Paging {
  skip: number;
  top: number;
}

function integer(query: URLSearchParams, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min}..${max}`;
    throw new QueryError(`${name} must be an integer ${range}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function parsePaging(query: URLSearchParams): Paging {
  return {
    skip: integer(query, 'skip', 0, 0),
    top: integer(query, 'top', DEFAULT_TOP, 1, MAX_TOP),
  };
}

export function parseBoolean(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new QueryError(`${name} must be true or false, got ${JSON.stringify(raw)}`);
}

export function parsePositiveInt(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  return integer(query, name, 0, 1);
}

/** Milliseconds since the epoch, from an ISO 8601 date or date-time. */
export function parseDate(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new QueryError(`${name} must be an ISO 8601 date, got ${JSON.stringify(raw)}`);
  return ms;
}

export function parseSearch(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name);
  return raw === null || raw === '' ? undefined : raw.toLowerCase();
}

export function pageOf<T>(items: readonly T[], paging: Paging): readonly T[] {
  return items.slice(paging.skip, paging.skip + paging.top);
}
