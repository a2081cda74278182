/** Starts the emulator: one node:http server on loopback routing to the token endpoint, the API and the control endpoint. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { addressKey, handleApi, rateLimitedReply, type ApiDeps } from './api.js';
import { handleTokenRequest, TokenStore } from './auth.js';
import { BodyTooLargeError, readBody } from './body.js';
import { CONTROL_ROOT, handleControl, type ControlTarget } from './control.js';
import { FaultInjector } from './faults.js';
import { generateTenant } from './generate.js';
import { InFlight } from './inflight.js';
import { isTenantSpec, resolveOptions } from './options.js';
import { TokenBuckets } from './rate-limit.js';
import { errorReply, sendReply, type Reply } from './reply.js';
import { API_ROOT, DEFAULT_API_VERSION, apiPath } from './router.js';
import { StatsCollector } from './stats.js';
import { Tenant } from './tenant.js';
import { readTenantFile, writeTenantFile } from './tenant-file.js';
import type { EmulatorOptions, FaultConfig, RunningEmulator } from './types.js';

export const AUTH_PATH = '/auth/token';

function splitUrl(url: string): { pathname: string; query: URLSearchParams } {
  const q = url.indexOf('?');
  return q < 0 ? { pathname: url, query: new URLSearchParams() } : { pathname: url.slice(0, q), query: new URLSearchParams(url.slice(q + 1)) };
}

function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const o = resolveOptions(options);
  const fromFile = o.stateFile ? await readTenantFile(o.stateFile) : undefined;
  const tenant = new Tenant(fromFile ?? (isTenantSpec(o.tenant) ? generateTenant(o.tenant) : o.tenant));
  const tokens = new TokenStore();
  const faults = new FaultInjector(o.faults);
  const stats = new StatsCollector();
  // Aborted on close: pending latency sleeps end at once instead of holding timers open.
  const closing = new AbortController();
  const sockets = new Set<Socket>();

  const sleep = async (ms: number): Promise<boolean> => {
    if (closing.signal.aborted) return false;
    try {
      await delay(ms, undefined, { signal: closing.signal });
      return true;
    } catch {
      return false;
    }
  };

  const deps: ApiDeps = {
    tenant,
    tokens,
    buckets: o.rateLimit ? new TokenBuckets(o.rateLimit) : null,
    faults,
    stats,
    inFlight: new InFlight(),
    maxItems: o.maxItems,
    latencyMs: o.latencyMs,
    quirks: o.quirks,
    sleep,
  };

  const control: ControlTarget = {
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    snapshot: () => tenant.snapshot(),
    load: (data) => {
      tenant.load(data);
      return tenant.counts;
    },
    faults: () => faults.config(),
    setFaults: (config) => faults.configure(config as FaultConfig),
    expireTokens: () => tokens.expireAll(),
    save: (file) => writeTenantFile(file, tenant.snapshot()),
  };

  async function onToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.tokenRequest();
    let reply: Reply;
    const taken = deps.buckets ? deps.buckets.take(addressKey(req)) : { ok: true as const };
    if (!taken.ok) {
      stats.rateLimited();
      reply = rateLimitedReply(taken.retryAfterSeconds, `rate limit exceeded; retry after ${taken.retryAfterSeconds} s`);
    } else if (req.method !== 'POST') {
      reply = errorReply(405, 'invalid_request', 'use POST', { allow: 'POST' });
    } else {
      const outcome = handleTokenRequest(
        { authorization: req.headers.authorization, contentType: req.headers['content-type'], body: await readBody(req) },
        o.credentials,
        tokens,
        o.tokenTtlSeconds,
      );
      if (outcome.issued) stats.tokenIssued();
      reply = outcome.reply;
    }
    sendReply(res, reply);
    stats.answered(reply.status);
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname, query } = splitUrl(req.url ?? '/');
    try {
      if (pathname === CONTROL_ROOT || pathname.startsWith(`${CONTROL_ROOT}/`)) {
        const body = req.method === 'GET' ? '' : await readBody(req);
        sendReply(res, await handleControl(req.method ?? 'GET', pathname.slice(CONTROL_ROOT.length), body, control));
        return;
      }
      if (pathname === AUTH_PATH) return await onToken(req, res);
      const path = apiPath(pathname);
      if (path === null) return sendReply(res, errorReply(404, 'NotFound', `no such path: ${pathname}`));
      await handleApi(req, res, path, query, deps);
    } catch (error) {
      if (res.headersSent || res.destroyed) return;
      if (error instanceof BodyTooLargeError) return sendReply(res, errorReply(413, 'PayloadTooLarge', error.message));
      sendReply(res, errorReply(500, 'InternalError', error instanceof Error ? error.message : String(error)));
    }
  }

  // onRequest answers its own errors; this only guards against a failure while answering one.
  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator: server has no TCP address');
  const origin = `http://${urlHost(o.host)}:${address.port}`;

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolvePromise) => {
      closing.abort();
      server.close(() => resolvePromise());
      // Hung and keep-alive sockets would hold close() open forever: end them all now.
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
    });
    return closed;
  };

  return {
    apiBase: `${origin}${API_ROOT}/${DEFAULT_API_VERSION}`,
    authUrl: `${origin}${AUTH_PATH}`,
    controlUrl: `${origin}${CONTROL_ROOT}`,
    port: address.port,
    credentials: { ...o.credentials },
    tenant,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    setFaults: (f) => faults.configure(f),
    expireTokens: () => tokens.expireAll(),
    snapshot: () => tenant.snapshot(),
    save: (file) => writeTenantFile(file, tenant.snapshot()),
    close,
  };
}
