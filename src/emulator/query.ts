/** Query-string parsing for reads (paging, filters, fields), names matched without regard to case, with exact 400 messages. */

export const DEFAULT_TOP = 100;
export const MAX_TOP = 1000;

export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

/** The query of one request; `UpdatedSince`, `updatedsince` and `updatedSince` are one parameter, as on the real API. */
export class Query {
  private readonly byName = new Map<string, string>();

  constructor(readonly params: URLSearchParams) {
    // The first value wins, as URLSearchParams.get does.
    for (const [name, value] of params) {
      const key = name.toLowerCase();
      if (!this.byName.has(key)) this.byName.set(key, value);
    }
  }

  /** The raw value, or undefined when absent or empty. */
  get(name: string): string | undefined {
    const value = this.byName.get(name.toLowerCase());
    return value === undefined || value === '' ? undefined : value;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

export interface Paging {
  skip: number;
  /** What the client asked for. */
  top: number;
  /** What a page serves: `top`, capped. */
  rows: number;
}

function integer(query: Query, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = query.get(name);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min}..${max}`;
    throw new QueryError(`${name} must be an integer ${range}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** A page holds at most `pageCap` rows whatever `top` asks: the client must step by the rows it got. */
export function parsePaging(query: Query, pageCap: number): Paging {
  const skip = integer(query, 'skip', 0, 0);
  const top = integer(query, 'top', DEFAULT_TOP, 1, MAX_TOP);
  return { skip, top, rows: Math.min(top, pageCap) };
}

export function parseBoolean(query: Query, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === undefined) return undefined;
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new QueryError(`${name} must be true or false, got ${JSON.stringify(raw)}`);
}

export function parsePositiveInt(query: Query, name: string): number | undefined {
  return query.has(name) ? integer(query, name, 0, 1) : undefined;
}

/** Milliseconds since the epoch, from an ISO 8601 date or date-time; the first of `names` present wins. */
export function parseDate(query: Query, ...names: string[]): number | undefined {
  for (const name of names) {
    const raw = query.get(name);
    if (raw === undefined) continue;
    const ms = Date.parse(raw);
    if (Number.isNaN(ms)) throw new QueryError(`${name} must be an ISO 8601 date, got ${JSON.stringify(raw)}`);
    return ms;
  }
  return undefined;
}

export function parseSearch(query: Query, name: string): string | undefined {
  return query.get(name)?.toLowerCase();
}

/** `fields=a,b`: the lower-cased names to keep, or undefined for every field. */
export function parseFields(query: Query): ReadonlySet<string> | undefined {
  const raw = query.get('fields');
  if (raw === undefined) return undefined;
  return new Set(raw.split(',').map((f) => f.trim().toLowerCase()).filter((f) => f !== ''));
}
