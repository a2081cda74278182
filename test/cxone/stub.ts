/**
 * A tiny node:http server on loopback for client tests: both token endpoints (answering JWT id_tokens), discovery,
 * and whatever a test answers below the API base (garbled, truncated, hung).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach } from 'vitest';
import { CxoneClient, DIRECT_POLICY, type ClientOptions, type CxoneConfig } from '../../src/cxone/index.js';

export const TOKEN = 'tok-RECOGNISABLE-bearer-4f1c';
export const CREDENTIALS = { clientId: 'cid-RECOGNISABLE-77', clientSecret: 'csecret-RECOGNISABLE-91', accessKeyId: 'akid-RECOGNISABLE-12', accessKeySecret: 'aksecret-RECOGNISABLE-55' };
export const ACCESS_KEY = { accessKeyId: CREDENTIALS.accessKeyId, accessKeySecret: CREDENTIALS.accessKeySecret };
export const CLAIMS = { tenantId: '11eb0b6f-stub-tenant', icBUId: 4600123, icClusterId: 'C32' };
export const ACCESS_KEY_PATH = '/authentication/v1/token/access-key';
export const DISCOVERY_PATH = '/.well-known/cxone-configuration';

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface StubOptions {
  /** Claims of the id_token the token endpoints answer with. */
  claims?: Record<string, unknown>;
  /** Answers discovery instead of the default `{api_endpoint: <origin>}` (for a known tenantId). */
  discovery?: Handler;
}

export interface SeenRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Stub {
  origin: string;
  /** Direct API base, registered-app grant (the v1 setup). */
  config: CxoneConfig;
  /** Access key only, API base discovered. */
  accessKeyConfig: CxoneConfig;
  /** Requests seen below the API base, as `METHOD /path`. */
  seen: string[];
  /** Every request of any kind (token, discovery, API), with its headers. */
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** A JWT-shaped token: base64url(header).base64url(payload).signature (the client does not check the signature). */
export function jwt(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ ...claims, iat: 1764547200, exp: 1764550800, secretClaim: 'NOT-FOR-PRINTING' })}.c2lnbmF0dXJl`;
}

const open: Stub[] = [];
const clients: CxoneClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** The API below `/api` (direct) or `/incontactapi/services/vNN.N` (discovered; any case). */
const API_PREFIX = /^(\/api|\/incontactapi\/services\/v\d+(\.\d+)?)(?=\/|\?|$)/i;

/**
 * Starts a stub closed after the current test. Both token endpoints answer a token (access_token TOKEN,
 * id_token a JWT of `claims`) unless `token` handles them.
 */
export async function startStub(api: Handler, token?: Handler, options: StubOptions = {}): Promise<Stub> {
  const sockets = new Set<Socket>();
  const seen: string[] = [];
  const requests: SeenRequest[] = [];
  let origin = '';
  const claims = options.claims ?? CLAIMS;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      const url = req.url ?? '/';
      const path = url.replace(/\?.*$/, '');
      requests.push({ method: req.method ?? '', url, headers: req.headers, body });
      if (path === '/auth/token' || path === ACCESS_KEY_PATH) {
        if (token) return token(req, res, body);
        json(res, 200, { access_token: TOKEN, token_type: 'Bearer', expires_in: 3600, refresh_token: 'refresh-RECOGNISABLE', id_token: jwt(claims) });
        return;
      }
      if (path === DISCOVERY_PATH) {
        if (options.discovery) return options.discovery(req, res, body);
        const tenantId = new URL(url, origin).searchParams.get('tenantId');
        if (tenantId !== claims.tenantId) return json(res, 404, { error: 'NotFound', error_description: 'unknown tenant' });
        return json(res, 200, { api_endpoint: origin, auth_endpoint: origin, area: 'na1', cluster: claims.icClusterId, domain: 'stub.test' });
      }
      seen.push(`${req.method} ${path.replace(API_PREFIX, '')}`);
      api(req, res, body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('stub has no port');
  origin = `http://127.0.0.1:${address.port}`;
  const stub: Stub = {
    origin,
    config: { apiBase: `${origin}/api`, authUrl: `${origin}/auth/token`, credentials: { ...CREDENTIALS } },
    accessKeyConfig: { authUrl: `${origin}${ACCESS_KEY_PATH}`, discoveryUrl: `${origin}${DISCOVERY_PATH}`, credentials: { ...ACCESS_KEY } },
    seen,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  open.push(stub);
  return stub;
}

/** A client of the stub that tries each call once (no retry), unless options say otherwise. */
export function clientOf(stub: Stub, options: ClientOptions = {}, config: CxoneConfig = stub.config): CxoneClient {
  const client = new CxoneClient(config, { policy: DIRECT_POLICY, ...options });
  clients.push(client);
  return client;
}

/** Answers `value` as JSON with `status`. */
export function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(typeof value === 'string' ? value : JSON.stringify(value));
}

/** The query of a request. */
export function queryOf(req: IncomingMessage): URLSearchParams {
  return new URL(req.url ?? '/', 'http://stub').searchParams;
}

export interface PagedOptions {
  /** Most rows served per page, whatever `top` asks (the emulator's default is 100). */
  cap?: number;
  /** Send totalRecords (default true). */
  totals?: boolean;
  /** Send `_links` (default true): `next` iff rows remain. */
  links?: boolean;
  /** Rows served at a given skip instead of the cap (a server shortening one page). */
  shortAt?: Record<number, number>;
}

/** Serves `rows` under `listKey` the way the contract pages: min(top, cap) rows, 204 when none are left. */
export function paged(res: ServerResponse, req: IncomingMessage, listKey: string, rows: readonly unknown[], options: PagedOptions = {}): void {
  const q = queryOf(req);
  const skip = Number(q.get('skip') ?? 0);
  const top = Number(q.get('top') ?? 100);
  const size = Math.min(top, options.shortAt?.[skip] ?? options.cap ?? 100);
  const page = rows.slice(skip, skip + size);
  if (page.length === 0) return void res.writeHead(204).end();
  const body: Record<string, unknown> = { [listKey]: page };
  if (options.totals !== false) body.totalRecords = rows.length;
  if (options.links !== false) body._links = { self: req.url, ...(skip + page.length < rows.length ? { next: `${req.url}&next` } : {}) };
  json(res, 200, body);
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Error & { code?: string; outcome?: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the call to fail, but it succeeded');
}
