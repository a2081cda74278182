/** The API request pipeline: count, rate-limit, authenticate, check Accept, inject faults, handle, delay, then answer (or not). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { acceptsJson, notAcceptableReply } from './accept.js';
import { bearerToken, type TokenStore } from './auth.js';
import { BodyTooLargeError, readBody } from './body.js';
import type { FaultInjector, InjectedFault } from './faults.js';
import type { InFlight } from './inflight.js';
import { QueryError } from './query.js';
import type { TokenBuckets } from './rate-limit.js';
import { errorReply, gatewayReply, sendReply, type Reply } from './reply.js';
import { handleRead, type ReadOptions } from './routes-read.js';
import { isWriteMethod, matchRoute, type RouteMatch } from './router.js';
import { handleWrite } from './routes-write.js';
import type { StatsCollector } from './stats.js';
import type { Tenant } from './tenant.js';
import type { ViewCache } from './views.js';
import type { WriteMethod } from './write-items.js';

export interface ApiDeps extends ReadOptions {
  tenant: Tenant;
  views: ViewCache;
  tokens: TokenStore;
  buckets: TokenBuckets | null;
  faults: FaultInjector;
  stats: StatsCollector;
  inFlight: InFlight;
  maxItems: number;
  latencyMs: number;
  requireAccept: boolean;
  upsert: boolean;
  retryAfter: boolean;
  conflicts: 'agents' | 'lists';
  /** `http://host:port`, known once the server listens: the base of `_links`. */
  origin(): string;
  /** Resolves false when the emulator closed meanwhile (then nothing more may be sent). */
  sleep(ms: number): Promise<boolean>;
}

/** The key of a rate-limit bucket: the token when it is valid, else the caller's address (token calls, 401s). */
export function addressKey(req: IncomingMessage): string {
  return `addr:${req.socket.remoteAddress ?? 'unknown'}`;
}

/** `sendRetryAfter: false` leaves the header out, as real tenants do now and then. */
export function rateLimitedReply(retryAfterSeconds: number, description: string, sendRetryAfter: boolean): Reply {
  return errorReply(429, 'TooManyRequests', description, sendRetryAfter ? { 'retry-after': String(retryAfterSeconds) } : {});
}

function faultReply(fault: InjectedFault, sendRetryAfter: boolean): Reply | null {
  switch (fault.kind) {
    case '429':
      return rateLimitedReply(fault.retryAfterSeconds, 'too many requests (injected)', sendRetryAfter);
    case '500':
    case '502':
    case '503':
    case '504':
      return gatewayReply(Number(fault.kind));
    case '409':
      return errorReply(409, 'ConcurrentModification', 'another change to this resource is in progress (injected)');
    case '412':
      return errorReply(412, 'PreconditionFailed', 'the resource changed since it was read (injected)');
    default:
      return null;
  }
}

class Exchange {
  private readonly finishers: (() => void)[] = [];

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly deps: ApiDeps,
  ) {}

  onFinished(fn: () => void): void {
    this.finishers.push(fn);
  }

  /** Answers after the configured latency (in-flight writes stay in flight until then). */
  async respond(reply: Reply): Promise<void> {
    if (this.deps.latencyMs > 0 && !(await this.deps.sleep(this.deps.latencyMs))) return this.finish();
    sendReply(this.res, reply);
    this.deps.stats.answered(reply.status);
    this.finish();
  }

  /** Drops the connection without a word, optionally after the latency (the work may already be done). */
  async reset(afterLatency: boolean): Promise<void> {
    if (afterLatency && this.deps.latencyMs > 0) await this.deps.sleep(this.deps.latencyMs);
    this.req.socket.destroy();
    this.finish();
  }

  private finish(): void {
    for (const fn of this.finishers.splice(0)) fn();
  }
}

async function handle(
  route: RouteMatch,
  method: string,
  query: URLSearchParams,
  fault: InjectedFault | null,
  req: IncomingMessage,
  ex: Exchange,
  deps: ApiDeps,
): Promise<Reply> {
  if (!isWriteMethod(method)) {
    try {
      const pathname = (req.url ?? '/').split('?')[0] ?? '/';
      return handleRead({ ...deps, selfBase: `${deps.origin()}${pathname}` }, route, query);
    } catch (error) {
      if (error instanceof QueryError) return errorReply(400, 'InvalidParameter', error.message);
      throw error;
    }
  }
  let body: string;
  try {
    body = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return errorReply(413, 'PayloadTooLarge', error.message);
    throw error;
  }
  const ifMatch = req.headers['if-match'];
  const outcome = handleWrite(
    { method: method as WriteMethod, route, body, ifMatch, itemFault: fault?.item },
    {
      tenant: deps.tenant,
      maxItems: deps.maxItems,
      inFlight: deps.inFlight,
      quirks: deps.quirks,
      etags: deps.etags,
      conflicts: deps.conflicts,
      itemFails: () => deps.faults.itemFails(),
      onFinished: (fn) => ex.onFinished(fn),
    },
  );
  deps.stats.writeOutcome(outcome);
  return outcome.reply;
}

export async function handleApi(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, deps: ApiDeps): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const route = matchRoute(path);
  const routeKey = `${method} ${route.pattern}`;
  const isWrite = isWriteMethod(method);
  deps.stats.apiRequest(method, routeKey, isWrite);
  const ex = new Exchange(req, res, deps);

  const token = bearerToken(req.headers.authorization);
  const valid = deps.tokens.isValid(token);
  if (deps.buckets) {
    const taken = deps.buckets.take(valid ? `token:${token ?? ''}` : addressKey(req));
    if (!taken.ok) {
      deps.stats.rateLimited();
      return ex.respond(rateLimitedReply(taken.retryAfterSeconds, `rate limit exceeded; retry after ${taken.retryAfterSeconds} s`, deps.retryAfter));
    }
  }
  if (!valid) {
    const reply = errorReply(401, 'invalid_token', 'missing, unknown or expired bearer token', { 'www-authenticate': 'Bearer error="invalid_token"' });
    return ex.respond(reply);
  }
  if (deps.requireAccept && !acceptsJson(req.headers.accept)) return ex.respond(notAcceptableReply());
  const upsertOff = route.kind === 'assignments' && method === 'POST' && !deps.upsert;
  if (route.kind === null || upsertOff) return ex.respond(errorReply(404, 'NotFound', `no such route: ${method} ${path}`));
  if (!route.allowed.includes(method)) {
    return ex.respond(errorReply(405, 'MethodNotAllowed', `${method} is not allowed on ${route.pattern}`, { allow: route.allowed.join(', ') }));
  }

  const fault = deps.faults.pick({ method, routeKey, path, isWrite });
  // Item faults are counted per item by the write that carries them, not per request here.
  if (fault && !fault.item) deps.stats.fault(fault.kind);
  if (fault?.kind === 'reset-before') return ex.reset(false);
  if (fault?.kind === 'hang') return; // never answered; close() destroys the socket
  const injected = fault ? faultReply(fault, deps.retryAfter) : null;
  if (injected) return ex.respond(injected);

  let reply: Reply;
  try {
    reply = await handle(route, method, query, fault, req, ex, deps);
  } catch (error) {
    reply = errorReply(500, 'InternalError', error instanceof Error ? error.message : String(error));
  }
  if (fault?.kind === 'reset-after') return ex.reset(true);
  return ex.respond(reply);
}
