/** The two token endpoints (registered-app password grant, access-key grant) and the store of issued bearer tokens. */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { JwtSigner, type TenantClaims } from './jwt.js';
import { errorReply, jsonReply, type Reply } from './reply.js';
import type { EmulatorCredentials } from './types.js';

export const AUTH_PATH = '/auth/token';
export const ACCESS_KEY_PATH = '/authentication/v1/token/access-key';

export class TokenStore {
  private readonly tokens = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Registers an issued access token until `ttlMs` from now. */
  add(token: string, ttlMs: number): void {
    this.tokens.set(token, this.now() + ttlMs);
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

/** What both grants share: who may have a token, for how long, and what its claims say. */
export interface TokenIssuer {
  credentials: EmulatorCredentials;
  store: TokenStore;
  signer: JwtSigner;
  ttlSeconds: number;
  claims: TenantClaims;
}

function refused(reply: Reply): TokenOutcome {
  return { reply, issued: false };
}

/** Both grants answer the same: a JWT access token (with a `jti`, so each is distinct), an id token and a refresh token. */
function issue(issuer: TokenIssuer): TokenOutcome {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + Math.ceil(issuer.ttlSeconds);
  const accessToken = issuer.signer.sign({ ...issuer.claims, iat, exp, jti: randomUUID() });
  const idToken = issuer.signer.sign({ ...issuer.claims, iat, exp });
  issuer.store.add(accessToken, issuer.ttlSeconds * 1000);
  const reply = jsonReply(
    200,
    {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: Math.ceil(issuer.ttlSeconds),
      refresh_token: randomBytes(24).toString('base64url'),
      id_token: idToken,
    },
    { 'cache-control': 'no-store' },
  );
  return { reply, issued: true };
}

/** `POST /auth/token` (registered app): HTTP Basic client auth, form-encoded password grant. */
export function handleTokenRequest(req: TokenRequest, issuer: TokenIssuer): TokenOutcome {
  const { credentials } = issuer;
  const client = basicCredentials(req.authorization);
  if (!client || !same(client.id, credentials.clientId) || !same(client.secret, credentials.clientSecret)) {
    return refused(
      errorReply(401, 'invalid_client', 'client authentication failed (HTTP Basic client_id:client_secret)', { 'www-authenticate': 'Basic realm="cxone"' }),
    );
  }
  if (!(req.contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return refused(errorReply(400, 'invalid_request', 'body must be application/x-www-form-urlencoded'));
  }
  const form = new URLSearchParams(req.body);
  if (form.get('grant_type') !== 'password') return refused(errorReply(400, 'unsupported_grant_type', 'grant_type must be password'));
  const username = form.get('username') ?? '';
  const password = form.get('password') ?? '';
  if (!same(username, credentials.accessKeyId) || !same(password, credentials.accessKeySecret)) {
    return refused(errorReply(400, 'invalid_grant', 'access key id or secret is wrong'));
  }
  return issue(issuer);
}

/** `POST /authentication/v1/token/access-key`: JSON `{accessKeyId, accessKeySecret}`, no client registration. */
export function handleAccessKeyRequest(req: TokenRequest, issuer: TokenIssuer): TokenOutcome {
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return refused(errorReply(400, 'invalid_request', 'body must be JSON {"accessKeyId", "accessKeySecret"}'));
  }
  const o = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  if (typeof o.accessKeyId !== 'string' || typeof o.accessKeySecret !== 'string') {
    return refused(errorReply(400, 'invalid_request', 'accessKeyId and accessKeySecret are required strings'));
  }
  const { credentials } = issuer;
  if (!same(o.accessKeyId, credentials.accessKeyId) || !same(o.accessKeySecret, credentials.accessKeySecret)) {
    return refused(errorReply(401, 'invalid_grant', 'access key id or secret is wrong'));
  }
  return issue(issuer);
}
