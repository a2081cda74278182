/** Access tokens: the password grant with client credentials, cached until expiry or until the API says 401. */
import type { CxoneCredentials } from './config.js';
import { CxoneError, excerptOf } from './errors.js';
import type { Transport } from './transport.js';

export class TokenProvider {
  readonly #transport: Transport;
  readonly #authUrl: URL;
  readonly #credentials: CxoneCredentials;
  readonly #throttle: <T>(fn: () => Promise<T>) => Promise<T>;
  #token: Promise<string> | undefined;
  #expiresAt = 0;
  tokensFetched = 0;

  constructor(transport: Transport, authUrl: URL, credentials: CxoneCredentials, throttle: <T>(fn: () => Promise<T>) => Promise<T>) {
    this.#transport = transport;
    this.#authUrl = authUrl;
    this.#credentials = credentials;
    this.#throttle = throttle;
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
    const { clientId, clientSecret, accessKeyId, accessKeySecret } = this.#credentials;
    const body = new URLSearchParams({ grant_type: 'password', username: accessKeyId, password: accessKeySecret }).toString();
    const res = await this.#throttle(() =>
      this.#transport.send({
        method: 'POST',
        url: this.#authUrl,
        label: '/auth/token',
        idempotent: true,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          accept: 'application/json',
        },
        body,
      }),
    );
    if (res.status === 429) {
      throw new CxoneError('CXONE_RATE_LIMITED', 'rate limited while fetching a token', { method: 'POST', path: '/auth/token', status: 429, retryAfterMs: retryAfterMs(res.headers['retry-after']) });
    }
    if (res.status !== 200) {
      const code = res.status >= 500 ? 'CXONE_SERVER_ERROR' : 'CXONE_AUTH_FAILED';
      throw new CxoneError(code, res.status >= 500 ? 'token endpoint failed' : 'authentication failed: check CXONE_CLIENT_ID, CXONE_CLIENT_SECRET, CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET', {
        method: 'POST',
        path: '/auth/token',
        status: res.status,
        excerpt: safeExcerpt(res.text, this.#credentials),
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.text);
    } catch {
      throw new CxoneError('CXONE_BAD_RESPONSE', 'token response is not JSON', { method: 'POST', path: '/auth/token', status: 200 });
    }
    const token = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).access_token : undefined;
    const expiresIn = typeof parsed === 'object' && parsed !== null ? Number((parsed as Record<string, unknown>).expires_in) : NaN;
    if (typeof token !== 'string' || token === '') {
      throw new CxoneError('CXONE_BAD_RESPONSE', 'token response has no access_token', { method: 'POST', path: '/auth/token', status: 200 });
    }
    this.tokensFetched++;
    // Renew a little early so a long run does not hand out a token that dies in flight.
    const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 3_600_000;
    this.#expiresAt = Date.now() + Math.max(lifetimeMs - 30_000, lifetimeMs / 2);
    return token;
  }
}

/** Retry-After in seconds (or an HTTP date) → milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Error bodies of the token endpoint could echo what was sent: blank out every credential, as sent (plain, form-encoded, HTTP Basic). */
function safeExcerpt(text: string, credentials: CxoneCredentials): string {
  const values = Object.values(credentials).filter((v) => v !== '');
  const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');
  const encoded = values.map((v) => new URLSearchParams({ v }).toString().slice(2));
  return excerptOf(text, 200, [basic, ...values, ...encoded]);
}
