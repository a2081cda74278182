/** Starts the emulator: one node:http server on loopback routing to discovery, both token endpoints, the API and the control endpoint. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { addressKey, handleApi, rateLimitedReply, type ApiDeps } from './api.js';
import { ACCESS_KEY_PATH, AUTH_PATH, handleAccessKeyRequest, handleTokenRequest, TokenStore, type TokenIssuer } from './auth.js';
import { BodyTooLargeError, readBody } from './body.js';
import { CONTROL_ROOT, handleControl, type ControlTarget } from './control.js';
import { DISCOVERY_PATH, handleDiscovery } from './discovery.js';
import { FaultInjector } from './faults.js';
import { generateTenant } from './generate.js';
import { InFlight } from './inflight.js';
import { JwtSigner } from './jwt.js';
import { BUSINESS_UNIT_ID, isTenantSpec, resolveOptions } from './options.js';
import { TokenBuckets } from './rate-limit.js';
import { errorReply, sendReply, type Reply } from './reply.js';
import { API_ROOT, DEFAULT_API_VERSION, apiPath } from './router.js';
import { StatsCollector } from './stats.js';
import { Tenant } from './tenant.js';
import { readTenantFile, writeTenantFile } from './tenant-file.js';
import type { RunningEmulator } from './running.js';
import type { EmulatorOptions, FaultConfig } from './types.js';
import { ViewCache } from './views.js';

export { ACCESS_KEY_PATH, AUTH_PATH } from './auth.js';
export { DISCOVERY_PATH } from './discovery.js';

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

  // Set once the server listens (port 0 picks one); nothing is served before that.
  let origin = '';
  const deps: ApiDeps = {
    tenant,
    views: new ViewCache(),
    tokens,
    buckets: o.rateLimit ? new TokenBuckets(o.rateLimit) : null,
    faults,
    stats,
    inFlight: new InFlight(),
    maxItems: o.maxItems,
    latencyMs: o.latencyMs,
    quirks: o.quirks,
    pageCap: o.pageCap,
    requireFilters: o.requireFilters,
    unassignedItems: o.unassignedItems,
    etags: o.etags,
    conflicts: o.conflicts,
    requireAccept: o.requireAccept,
    upsert: o.upsert,
    retryAfter: o.retryAfter,
    origin: () => origin,
    sleep,
  };
  const issuer: TokenIssuer = {
    credentials: o.credentials,
    store: tokens,
    signer: new JwtSigner(),
    ttlSeconds: o.tokenTtlSeconds,
    claims: { tenantId: o.tenantId, icBUId: BUSINESS_UNIT_ID, icClusterId: o.cluster },
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

  /** Both grants: rate-limited by address like any call without a valid token; never faulted or delayed. */
  async function onToken(req: IncomingMessage, res: ServerResponse, grant: 'registered-app' | 'access-key'): Promise<void> {
    stats.tokenRequest();
    let reply: Reply;
    const taken = deps.buckets ? deps.buckets.take(addressKey(req)) : { ok: true as const };
    if (!taken.ok) {
      stats.rateLimited();
      reply = rateLimitedReply(taken.retryAfterSeconds, `rate limit exceeded; retry after ${taken.retryAfterSeconds} s`, o.retryAfter);
    } else if (req.method !== 'POST') {
      reply = errorReply(405, 'invalid_request', 'use POST', { allow: 'POST' });
    } else {
      const request = { authorization: req.headers.authorization, contentType: req.headers['content-type'], body: await readBody(req) };
      const outcome = grant === 'access-key' ? handleAccessKeyRequest(request, issuer) : handleTokenRequest(request, issuer);
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
      if (pathname === AUTH_PATH) return await onToken(req, res, 'registered-app');
      if (pathname === ACCESS_KEY_PATH) return await onToken(req, res, 'access-key');
      if (pathname === DISCOVERY_PATH) {
        stats.discoveryRequest();
        const reply = handleDiscovery(req.method ?? 'GET', query, { origin, tenantId: o.tenantId, cluster: o.cluster });
        sendReply(res, reply);
        return stats.answered(reply.status);
      }
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
  origin = `http://${urlHost(o.host)}:${address.port}`;

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
    origin,
    apiBase: `${origin}${API_ROOT}/${DEFAULT_API_VERSION}`,
    authUrl: `${origin}${AUTH_PATH}`,
    accessKeyUrl: `${origin}${ACCESS_KEY_PATH}`,
    discoveryUrl: `${origin}${DISCOVERY_PATH}`,
    tenantId: o.tenantId,
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
