/** An API answer → its body and ETag, or a classified CxoneError (stable code, call, status, excerpt, outcome). */
import { retryAfterMs } from './auth.js';
import { CxoneError, excerptOf } from './errors.js';
import type { RequestInfo } from './policy/types.js';
import type { HttpResponse } from './transport.js';

/** `body` is `null` for a 204 or an empty write reply, `undefined` for a write reply that is not JSON. */
export interface Answer {
  status: number;
  body: unknown;
  etag: string | undefined;
}

/**
 * Maps a status to a value or a classified error. Writes that met a 5xx may have happened; a write answered
 * 2xx with a garbled body is not an error here (its items' outcomes are unknown, see results.ts).
 * `secrets` (the tokens the call sent) are blanked out of any excerpt.
 */
export function interpret(info: RequestInfo, res: HttpResponse, secrets: readonly string[]): Answer {
  const { method, path } = info;
  const etagHeader = res.headers.etag;
  const etag = Array.isArray(etagHeader) ? etagHeader[0] : etagHeader;
  const base = { method, path, status: res.status, excerpt: excerptOf(res.text, 200, secrets) };
  if (res.status === 204) return { status: 204, body: null, etag };
  if (res.status >= 200 && res.status < 300) {
    // Only 204 means "nothing here"; a read answered 200 with no body was cut short somewhere.
    if (res.text.trim() === '') {
      if (!info.isWrite) throw new CxoneError('CXONE_BAD_RESPONSE', 'response body is empty', { ...base, outcome: 'not-applied' });
      return { status: res.status, body: null, etag };
    }
    try {
      return { status: res.status, body: JSON.parse(res.text), etag };
    } catch {
      if (info.isWrite) return { status: res.status, body: undefined, etag };
      throw new CxoneError('CXONE_BAD_RESPONSE', 'response body is not JSON', { ...base, outcome: 'not-applied' });
    }
  }
  const errorBody = parseErrorBody(res.text);
  // The server's own words go into the message: blanked and cut like the excerpt.
  const said = excerptOf([errorBody.error, errorBody.description].filter((s) => s !== undefined).join(': '), 160, secrets);
  switch (res.status) {
    case 429:
      throw new CxoneError('CXONE_RATE_LIMITED', 'rate limited', { ...base, retryAfterMs: retryAfterMs(res.headers['retry-after']) });
    case 409:
      throw new CxoneError('CXONE_CONFLICT', 'another change to this agent or skill is in flight', base);
    case 412:
      throw new CxoneError('CXONE_PRECONDITION_FAILED', 'the resource changed since it was read (If-Match)', base);
    case 404:
      throw new CxoneError('CXONE_NOT_FOUND', 'not found', base);
    case 400:
      if (errorBody.details !== undefined) {
        throw new CxoneError('CXONE_INVALID_ITEMS', `rejected items: ${errorBody.details.map((d) => `#${d.index} ${d.message}`).join('; ')}`, { ...base, details: errorBody.details });
      }
      // The body as a whole was refused (malformed, too many items): nothing changed.
      throw new CxoneError('CXONE_HTTP_ERROR', said || 'bad request', base);
  }
  if (res.status >= 500) {
    throw new CxoneError('CXONE_SERVER_ERROR', 'server error', { ...base, outcome: info.isWrite ? 'unknown' : 'not-applied' });
  }
  throw new CxoneError('CXONE_HTTP_ERROR', said || `unexpected status ${res.status}`, base);
}

interface ErrorBody {
  error?: string;
  description?: string;
  details?: Array<{ index: number; message: string }>;
}

/** `{"error", "error_description"}` or `{"error", "errorDescription"}`, or nothing at all when the body is not JSON. */
function parseErrorBody(text: string): ErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const o = parsed as Record<string, unknown>;
  const out: ErrorBody = {};
  if (typeof o.error === 'string') out.error = o.error;
  const description = o.error_description ?? o.errorDescription;
  if (typeof description === 'string' && description !== '') out.description = description;
  if (Array.isArray(o.details)) {
    out.details = o.details
      .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null)
      .map((d) => ({ index: Number(d.index), message: String(d.message ?? '') }))
      .filter((d) => Number.isInteger(d.index));
  }
  return out;
}
