/** A tiny node:http server on loopback for client tests: a token endpoint plus whatever a test answers (garbled, truncated, hung). */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach } from 'vitest';
import { CxoneClient, DIRECT_POLICY, type ClientOptions, type CxoneConfig } from '../../src/cxone/index.js';

export const TOKEN = 'tok-RECOGNISABLE-bearer-4f1c';
export const CREDENTIALS = { clientId: 'cid-RECOGNISABLE-77', clientSecret: 'csecret-RECOGNISABLE-91', accessKeyId: 'akid-RECOGNISABLE-12', accessKeySecret: 'aksecret-RECOGNISABLE-55' };

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface Stub {
  origin: string;
  config: CxoneConfig;
  /** Requests seen below the API base, as `METHOD /path`. */
  seen: string[];
  close(): Promise<void>;
}

const open: Stub[] = [];
const clients: CxoneClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** Starts a stub closed after the current test. `/auth/token` answers a token unless `token` handles it. */
export async function startStub(api: Handler, token?: Handler): Promise<Stub> {
  const sockets = new Set<Socket>();
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      if (req.url === '/auth/token') {
        if (token) return token(req, res, body);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: TOKEN, token_type: 'Bearer', expires_in: 3600 }));
        return;
      }
      const path = (req.url ?? '/').replace(/^\/api/, '').replace(/\?.*$/, '');
      seen.push(`${req.method} ${path}`);
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
  const origin = `http://127.0.0.1:${address.port}`;
  const stub: Stub = {
    origin,
    config: { apiBase: `${origin}/api`, authUrl: `${origin}/auth/token`, credentials: { ...CREDENTIALS } },
    seen,
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
export function clientOf(stub: Stub, options: ClientOptions = {}): CxoneClient {
  const client = new CxoneClient(stub.config, { policy: DIRECT_POLICY, ...options });
  clients.push(client);
  return client;
}

/** Answers `value` as JSON with `status`. */
export function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(typeof value === 'string' ? value : JSON.stringify(value));
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Error & { code?: string; outcome?: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the call to fail, but it succeeded');
}
