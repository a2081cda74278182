/** Errors of the CXone client: a stable code, the call (method, path, status), a body excerpt, and never a secret. */

export type CxoneErrorCode =
  | 'CXONE_CONFIG'
  | 'CXONE_AUTH_FAILED'
  | 'CXONE_UNAUTHORIZED'
  | 'CXONE_RATE_LIMITED'
  | 'CXONE_CONFLICT'
  | 'CXONE_PRECONDITION_FAILED'
  | 'CXONE_INVALID_ITEMS'
  | 'CXONE_NOT_FOUND'
  | 'CXONE_HTTP_ERROR'
  | 'CXONE_SERVER_ERROR'
  | 'CXONE_NETWORK'
  | 'CXONE_TIMEOUT'
  | 'CXONE_BAD_RESPONSE'
  | 'CXONE_ABORTED'
  /** Neither discovery nor the token's cluster gave an API base: set CXONE_API_BASE. */
  | 'CXONE_DISCOVERY_FAILED'
  /** The server has no `POST /agents/skills` (404/405): callers fall back to per-agent or per-skill writes. */
  | 'CXONE_UPSERT_UNSUPPORTED';

/**
 * Whether a failed call may have changed the tenant: `not-applied` (the server refused it, or it never
 * left) can be repeated as is; `unknown` (a write that timed out, was cut off, or met a 5xx) must be
 * re-read before it is repeated, because it may have succeeded.
 */
export type Outcome = 'not-applied' | 'unknown';

export interface CxoneErrorInit {
  method?: string;
  path?: string;
  status?: number;
  excerpt?: string;
  retryAfterMs?: number;
  outcome?: Outcome;
  details?: Array<{ index: number; message: string }>;
  cause?: unknown;
}

export class CxoneError extends Error {
  readonly code: CxoneErrorCode;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly status: number | undefined;
  readonly excerpt: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly outcome: Outcome;
  readonly details: Array<{ index: number; message: string }> | undefined;

  constructor(code: CxoneErrorCode, message: string, init: CxoneErrorInit = {}) {
    super(describe(message, init), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'CxoneError';
    this.code = code;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.excerpt = init.excerpt;
    this.retryAfterMs = init.retryAfterMs;
    this.outcome = init.outcome ?? 'not-applied';
    this.details = init.details;
  }
}

function describe(message: string, init: CxoneErrorInit): string {
  const call = init.method && init.path ? `${init.method} ${init.path}${init.status ? ` → ${init.status}` : ''}: ` : '';
  const excerpt = init.excerpt ? ` (body: ${init.excerpt})` : '';
  return `${call}${message}${excerpt}`;
}

/**
 * A short, single-line excerpt of a response body for error messages. A server (or a debugging proxy) may
 * echo the request back, so every secret of the call is blanked out first, before cutting can split one.
 */
export function excerptOf(body: string, max = 200, secrets: readonly string[] = []): string {
  const flat = redact(body, secrets).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Blanks every secret out of `text`, longest first so that a secret inside another is not left half-replaced. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) if (secret.length > 0) out = out.split(secret).join('***');
  return out;
}

export function isCxoneError(e: unknown): e is CxoneError {
  return e instanceof CxoneError;
}
