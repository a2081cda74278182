/** Access tokens by either grant (access key alone, or a registered app), cached until expiry or until the API says 401. */
import type { CxoneCredentials, Grant } from './config.js';
import { CxoneError, excerptOf } from './errors.js';
import { claimsOf, mergeClaims, type TokenClaims } from './jwt.js';
import { basicOf, credentialSecrets } from './secrets.js';
import type { HttpRequest, Transport } from './transport.js';

export interface TokenOptions {
  grant: Grant;
  authUrl: URL;
  credentials: CxoneCredentials;
}

export class TokenProvider {
  readonly #transport: Transport;
  readonly #options: TokenOptions;
  readonly #throttle: <T>(fn: () => Promise<T>) => Promise<T>;
  #token: Promise<string> | undefined;
  #expiresAt = 0;
  #claims: TokenClaims = {};
  tokensFetched = 0;

  constructor(transport: Transport, options: TokenOptions, throttle: <T>(fn: () => Promise<T>) => Promise<T>) {
    this.#transport = transport;
    this.#options = options;
    this.#throttle = throttle;
  }

  get grant(): Grant {
    return this.#options.grant;
  }

  /** Tenant, business unit and cluster of the last token fetched (empty before the first). */
  get claims(): TokenClaims {
    return this.#claims;
  }

  /** A valid token; concurrent callers share one fetch. */
  get(): Promise<string> {
    if (this.#token === undefined || Date.now() >= this.#expiresAt) {
      // Until the answer tells the lifetime, the token being fetched is good for everyone who asks.
      this.#expiresAt = Number.POSITIVE_INFINITY;
      this.#token = this.#fetch();
      this.#token.catch(() => {
        this.#token = undefined;
      });
    }
    return this.#token;
  }

  /** Drops `token` (if it is still the current one) so the next get() fetches a fresh one. */
  async invalidate(token: string): Promise<void> {
    const current = this.#token;
    if (current === undefined) return;
    const value = await current.catch(() => undefined);
    if (value === token && this.#token === current) this.#token = undefined;
  }

  async #fetch(): Promise<string> {
    const request = tokenRequest(this.#options);
    const ctx = { method: 'POST', path: request.label };
    const res = await this.#throttle(() => this.#transport.send(request));
    const secrets = credentialSecrets(this.#options.credentials);
    const base = { ...ctx, status: res.status, excerpt: excerptOf(res.text, 200, secrets) };
    if (res.status === 429) {
      throw new CxoneError('CXONE_RATE_LIMITED', 'token: rate limited while fetching a token', { ...base, retryAfterMs: retryAfterMs(res.headers['retry-after']) });
    }
    if (res.status >= 500) throw new CxoneError('CXONE_SERVER_ERROR', 'token: the token endpoint failed', base);
    if (res.status === 404 || res.status === 405) {
      throw new CxoneError('CXONE_AUTH_FAILED', `token: no token endpoint at this URL (${this.#options.grant} grant): check CXONE_AUTH_URL`, base);
    }
    if (res.status !== 200) throw new CxoneError('CXONE_AUTH_FAILED', `token: authentication failed (${this.#options.grant} grant): ${whatToCheck(this.#options.grant)}`, base);
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.text);
    } catch {
      throw new CxoneError('CXONE_BAD_RESPONSE', 'token: the token response is not JSON', { ...ctx, status: 200 });
    }
    const o = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const token = o.access_token;
    if (typeof token !== 'string' || token === '') throw new CxoneError('CXONE_BAD_RESPONSE', 'token: the token response has no access_token', { ...ctx, status: 200 });
    this.tokensFetched++;
    // The tenant is read from the id_token; the access token fills in what it lacks.
    this.#claims = mergeClaims(claimsOf(typeof o.id_token === 'string' ? o.id_token : undefined), claimsOf(token));
    const expiresIn = Number(o.expires_in);
    // Renew a little early so a long run does not hand out a token that dies in flight.
    const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 3_600_000;
    this.#expiresAt = Date.now() + Math.max(lifetimeMs - 30_000, lifetimeMs / 2);
    return token;
  }
}

/** The token call of each grant: JSON with the access key, or the password form with HTTP Basic of the app. */
function tokenRequest({ grant, authUrl, credentials }: TokenOptions): HttpRequest {
  const common = { method: 'POST' as const, url: authUrl, label: authUrl.pathname, idempotent: true };
  if (grant === 'access-key') {
    return {
      ...common,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ accessKeyId: credentials.accessKeyId, accessKeySecret: credentials.accessKeySecret }),
    };
  }
  return {
    ...common,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basicOf(credentials) ?? ''}`, accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'password', username: credentials.accessKeyId, password: credentials.accessKeySecret }).toString(),
  };
}

function whatToCheck(grant: Grant): string {
  return grant === 'access-key'
    ? 'check CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET (and CXONE_AUTH_URL), or set CXONE_CLIENT_ID and CXONE_CLIENT_SECRET for the registered-app grant'
    : 'check CXONE_CLIENT_ID, CXONE_CLIENT_SECRET, CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET (and CXONE_AUTH_URL)';
}

/** Retry-After in seconds (or an HTTP date) → milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
