/** OAuth token endpoint (password grant with HTTP Basic client auth) and the store of issued bearer tokens. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { errorReply, jsonReply, type Reply } from './reply.js';
import type { EmulatorCredentials } from './types.js';

export class TokenStore {
  private readonly tokens = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(ttlMs: number): string {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, this.now() + ttlMs);
    return token;
  }

  isValid(token: string | undefined): boolean {
    if (token === undefined) return false;
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return false;
    if (this.now() >= expiresAt) {
      this.tokens.delete(token);
      return false;
    }
    return true;
  }

  /** Every issued token stops working at once: lets tests exercise "token expired mid-run". */
  expireAll(): void {
    this.tokens.clear();
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export interface TokenRequest {
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

export interface TokenOutcome {
  reply: Reply;
  issued: boolean;
}

/** `POST /auth/token` exactly as the contract says; anything else in the request is an OAuth error. */
export function handleTokenRequest(req: TokenRequest, credentials: EmulatorCredentials, store: TokenStore, ttlSeconds: number): TokenOutcome {
  const client = basicCredentials(req.authorization);
  if (!client || !same(client.id, credentials.clientId) || !same(client.secret, credentials.clientSecret)) {
    const reply = errorReply(401, 'invalid_client', 'client authentication failed (HTTP Basic client_id:client_secret)', {
      'www-authenticate': 'Basic realm="cxone"',
    });
    return { reply, issued: false };
  }
  if (!(req.contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return { reply: errorReply(400, 'invalid_request', 'body must be application/x-www-form-urlencoded'), issued: false };
  }
  const form = new URLSearchParams(req.body);
  if (form.get('grant_type') !== 'password') {
    return { reply: errorReply(400, 'unsupported_grant_type', 'grant_type must be password'), issued: false };
  }
  const username = form.get('username') ?? '';
  const password = form.get('password') ?? '';
  if (!same(username, credentials.accessKeyId) || !same(password, credentials.accessKeySecret)) {
    return { reply: errorReply(400, 'invalid_grant', 'access key id or secret is wrong'), issued: false };
  }
  const token = store.issue(ttlSeconds * 1000);
  const reply = jsonReply(200, { access_token: token, token_type: 'Bearer', expires_in: Math.ceil(ttlSeconds) }, { 'cache-control': 'no-store' });
  return { reply, issued: true };
}
