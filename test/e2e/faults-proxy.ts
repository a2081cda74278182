/**
 * A loopback proxy in front of the emulator for faults the emulator does not script: bodies that stall
 * or are cut short after the headers, rewritten (garbled) answers, writes held at a gate. It also
 * timestamps every API request, so tests can check how long the client waited between two of them.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { RunningEmulator } from '../../src/emulator/index.js';

export type ProxyAction =
  /** Headers and part of the body, then silence (a body timeout). */
  | { kind: 'stall-body' }
  /** Headers (with the full Content-Length) and part of the body, then the connection is closed. */
  | { kind: 'truncate-body' }
  /** Forward, then replace the answer's body (the status and headers stay, Content-Length is fixed). */
  | { kind: 'rewrite'; body: (original: string) => string }
  /** Do not forward: answer this instead (the body may echo the request's headers, as a debugging gateway does). */
  | { kind: 'answer'; status: number; body: string | ((headers: IncomingMessage['headers']) => string); headers?: Record<string, string> };

export interface ProxyRule {
  method?: string;
  /** Matched against the path below the API base, e.g. `/agents/skills` or a RegExp. */
  path?: string | RegExp;
  /** Matched against the query string (without `?`), e.g. /UpdatedSince=/. */
  query?: RegExp;
  /** How many matching requests get the action (default: all). */
  count?: number;
  action: ProxyAction;
}

export interface Arrival {
  at: number;
  method: string;
  path: string;
  /** The query string, without `?`. */
  query: string;
  authorization: string | undefined;
}

export interface FaultProxy {
  apiBase: string;
  rules: ProxyRule[];
  arrivals: Arrival[];
  /** While set, writes wait for it before they are forwarded. */
  gate: Promise<void> | undefined;
  close(): Promise<void>;
}

export async function startProxy(emulator: RunningEmulator): Promise<FaultProxy> {
  const target = new URL(emulator.apiBase);
  const prefix = target.pathname;
  const sockets = new Set<Socket>();
  const proxy: FaultProxy = { apiBase: '', rules: [], arrivals: [], gate: undefined, close: async () => undefined };

  const pick = (method: string, path: string, query = ''): ProxyAction | undefined => {
    for (const rule of proxy.rules) {
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.query !== undefined && !rule.query.test(query)) continue;
      if (rule.path !== undefined && !(typeof rule.path === 'string' ? rule.path === path : rule.path.test(path))) continue;
      if (rule.count !== undefined) {
        if (rule.count <= 0) continue;
        rule.count--;
      }
      return rule.action;
    }
    return undefined;
  };

  const forward = (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const out = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers as Record<string, string | string[]>, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').replace(/\?.*$/, '').slice(prefix.length) || '/';
    proxy.arrivals.push({ at: Date.now(), method, path, query: (req.url ?? '').replace(/^[^?]*\??/, ''), authorization: req.headers.authorization });
    if (method !== 'GET' && proxy.gate) await proxy.gate;
    const action = pick(method, path, (req.url ?? '').replace(/^[^?]*\??/, ''));
    if (action?.kind === 'answer') {
      res.writeHead(action.status, { 'content-type': 'application/json', ...action.headers }).end(typeof action.body === 'string' ? action.body : action.body(req.headers));
      return;
    }
    let answer;
    try {
      answer = await forward(req, body);
    } catch {
      // The emulator dropped the connection (its own reset faults): drop ours too.
      req.socket.destroy();
      return;
    }
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    if (action?.kind === 'stall-body' || action?.kind === 'truncate-body') {
      res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length + 64) });
      res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
      if (action.kind === 'truncate-body') setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    const text = action?.kind === 'rewrite' ? Buffer.from(action.body(answer.body.toString('utf8'))) : answer.body;
    res.writeHead(answer.status, { ...headers, 'content-length': String(text.length) }).end(text);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks)).catch(() => req.socket.destroy()));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  proxy.apiBase = `http://127.0.0.1:${port}${prefix}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return proxy;
}
