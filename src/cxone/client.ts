/** The CXone client: authenticated calls, paged bulk reads, bulk writes. Throttling and retry are injected, not built in. */
import type { Agent, Assignment, LiveState, Skill } from '../model/types.js';
import type { PlannedCall } from '../plan/types.js';
import { TokenProvider, retryAfterMs } from './auth.js';
import { checkUrl, type CxoneConfig } from './config.js';
import { CxoneError, isCxoneError, excerptOf } from './errors.js';
import { DEFAULT_TIMEOUTS, Transport, type HttpResponse, type TimeoutOptions } from './transport.js';
import { settleAll, stoppedError } from './together.js';
import { pageItems, toAgent, toAssignment, toSkill, type WireContext } from './wire.js';

export interface RequestInfo {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  isWrite: boolean;
}

/**
 * How calls are paced and repeated, supplied by the caller (see src/apply/throttle.ts and retry.ts).
 * `throttle` wraps every HTTP exchange, token calls included (they count against the rate limit too);
 * `retry` wraps one logical call and may repeat it.
 */
export interface RequestPolicy {
  throttle<T>(fn: () => Promise<T>): Promise<T>;
  /** `signal` aborts the waits between attempts (the client is closing, or a sibling read failed for good). */
  retry<T>(info: RequestInfo, attempt: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Told of every HTTP answer, for adaptive pacing and metrics. */
  observe?(info: RequestInfo, status: number | 'error', ms: number, retryAfterMs?: number): void;
}

export const DIRECT_POLICY: RequestPolicy = {
  throttle: (fn) => fn(),
  retry: (_info, attempt) => attempt(),
};

export interface ClientOptions {
  policy?: RequestPolicy;
  timeouts?: TimeoutOptions;
  /** Page size of bulk reads (CXone's maximum is 1000). */
  pageSize?: number;
  /** Pages fetched at once after the first page told the total. */
  pageConcurrency?: number;
  /** Told after every page of a bulk read: items read so far of that list, and its total when known. */
  onPage?: (progress: PageProgress) => void;
}

export interface PageProgress {
  path: string;
  read: number;
  total: number | undefined;
}

export interface SliceRead {
  etag: string | undefined;
  assignments: Assignment[];
}

export class CxoneClient {
  readonly #base: URL;
  readonly #transport: Transport;
  readonly #tokens: TokenProvider;
  readonly #policy: RequestPolicy;
  readonly #pageSize: number;
  readonly #pageConcurrency: number;
  readonly #onPage: ((progress: PageProgress) => void) | undefined;
  /** Aborted by close(): calls still waiting to retry end at their next attempt. */
  readonly #closed = new AbortController();
  #closing: Promise<void> | undefined;

  constructor(config: CxoneConfig, options: ClientOptions = {}) {
    this.#base = checkUrl('CXONE_API_BASE', config.apiBase);
    const authUrl = checkUrl('CXONE_AUTH_URL', config.authUrl);
    this.#policy = options.policy ?? DIRECT_POLICY;
    this.#transport = new Transport(options.timeouts ?? DEFAULT_TIMEOUTS);
    this.#tokens = new TokenProvider(this.#transport, authUrl, config.credentials, (fn) => this.#policy.throttle(fn));
    this.#pageSize = options.pageSize ?? 1000;
    this.#pageConcurrency = options.pageConcurrency ?? 4;
    this.#onPage = options.onPage;
  }

  get tokensFetched(): number {
    return this.#tokens.tokensFetched;
  }

  /** The whole tenant in O(pages) calls: agents, skills and every assignment, read concurrently (one failure stops the rest). */
  async readLive(): Promise<LiveState> {
    const stop = new AbortController();
    const agents = this.#readAll('/agents', 'agents', toAgent, 0, stop);
    const skills = this.#readAll('/skills', 'skills', toSkill, 0, stop);
    const assignments = this.#readAll('/agents/skills', 'agentSkillAssignments', toAssignment, 0, stop);
    await settleAll(stop, [agents, skills, assignments]);
    return { agents: await agents, skills: await skills, assignments: await assignments };
  }

  listAgents(): Promise<Agent[]> {
    return this.#readAll('/agents', 'agents', toAgent, 0, new AbortController());
  }

  listSkills(): Promise<Skill[]> {
    return this.#readAll('/skills', 'skills', toSkill, 0, new AbortController());
  }

  listAssignments(): Promise<Assignment[]> {
    return this.#readAll('/agents/skills', 'agentSkillAssignments', toAssignment, 0, new AbortController());
  }

  /** One agent's assignments and the ETag of its skill list. */
  getAgentSkills(agentId: number): Promise<SliceRead> {
    return this.#readSlice(`/agents/${agentId}/skills`);
  }

  /** One skill's assignments and the ETag of its agent list. */
  getSkillAgents(skillId: number): Promise<SliceRead> {
    return this.#readSlice(`/skills/${skillId}/agents`);
  }

  /** One bulk write. Returns the resource's new ETag and the changed assignments as they now are. */
  async write(call: PlannedCall, ifMatch?: string): Promise<SliceRead> {
    const path = call.target === 'agent' ? `/agents/${call.id}/skills` : `/skills/${call.id}/agents`;
    const listKey = call.target === 'agent' ? 'skills' : 'agents';
    const items = call.items.map((item) => {
      const out: Record<string, number | boolean> = call.target === 'agent' ? { skillId: item.skillId } : { agentId: item.agentId };
      if (item.proficiency !== undefined) out.proficiency = item.proficiency;
      if (item.active !== undefined) out.isActive = item.active;
      return out;
    });
    const res = await this.#call(call.method, path, { body: JSON.stringify({ [listKey]: items }), ...(ifMatch ? { ifMatch } : {}) });
    // The API said 2xx, so the write most likely happened: a garbled answer sends the executor to re-read, it is not a refusal.
    const ctx: WireContext = { method: call.method, path, outcome: 'unknown' };
    const assignments = res.body === null ? [] : pageItems(res.body, 'agentSkillAssignments', ctx).items.map((raw) => toAssignment(raw, ctx));
    return { etag: res.etag, assignments };
  }

  /** Closes the connections; calls still waiting to retry end at their next attempt. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= (this.#closed.abort(), this.#transport.close());
    return this.#closing;
  }

  async #readSlice(path: string): Promise<SliceRead> {
    const first = await this.#call('GET', path, { query: { skip: '0', top: String(this.#pageSize) } });
    const ctx = { method: 'GET', path };
    if (first.body === null) return { etag: first.etag, assignments: [] };
    const { items, total } = pageItems(first.body, 'agentSkillAssignments', ctx);
    const rest = total !== undefined && total > items.length ? await this.#readAll(path, 'agentSkillAssignments', toAssignment, items.length, new AbortController()) : [];
    return { etag: first.etag, assignments: [...items.map((raw) => toAssignment(raw, ctx)), ...rest] };
  }

  /**
   * Every page of a list. The first page tells the total; the rest are fetched a few at a time. When a
   * total is missing (allowed on the last page), pages are read one by one until a short or empty page.
   */
  async #readAll<T>(path: string, listKey: string, map: (raw: unknown, ctx: WireContext) => T, startAt: number, stop: AbortController): Promise<T[]> {
    const top = this.#pageSize;
    const ctx = { method: 'GET', path };
    // A server that ignores skip would serve the first page forever (or as many times as the total says).
    const firstItems = new Map<string, number>();
    let read = 0;
    let knownTotal: number | undefined;
    const readPage = async (skip: number) => {
      const res = await this.#call('GET', path, { query: { skip: String(skip), top: String(top) }, stop: stop.signal });
      if (res.body === null) return { items: [] as T[], total: undefined };
      const page = pageItems(res.body, listKey, ctx);
      if (page.items.length > 0) {
        const key = JSON.stringify(page.items[0]);
        const earlier = firstItems.get(key);
        if (earlier !== undefined) throw new CxoneError('CXONE_BAD_RESPONSE', `malformed response: the page at skip=${skip} repeats the page at skip=${earlier} (is skip ignored?)`, ctx);
        firstItems.set(key, skip);
      }
      const items = page.items.map((raw) => map(raw, ctx));
      read += items.length;
      knownTotal ??= page.total;
      this.#onPage?.({ path, read, total: knownTotal });
      return { items, total: page.total };
    };
    const first = await readPage(startAt);
    const out: T[] = [...first.items];
    if (first.items.length < top) return out;
    if (first.total !== undefined) {
      const skips: number[] = [];
      for (let skip = startAt + top; skip < first.total; skip += top) skips.push(skip);
      const pages: T[][] = new Array(skips.length);
      let next = 0;
      const worker = async () => {
        while (next < skips.length) {
          const i = next++;
          pages[i] = (await readPage(skips[i]!)).items;
        }
      };
      await settleAll(stop, Array.from({ length: Math.min(this.#pageConcurrency, skips.length) }, worker));
      for (const page of pages) for (const item of page) out.push(item);
      return out;
    }
    for (let skip = startAt + top; ; skip += top) {
      const page = await readPage(skip);
      for (const item of page.items) out.push(item);
      if (page.items.length < top) return out;
    }
  }

  async #call(
    method: RequestInfo['method'],
    path: string,
    options: { query?: Record<string, string>; body?: string; ifMatch?: string; stop?: AbortSignal },
  ): Promise<{ body: unknown; etag: string | undefined }> {
    const info: RequestInfo = { method, path, isWrite: method !== 'GET' };
    const url = new URL(this.#base.href.replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    const signal = options.stop ? AbortSignal.any([this.#closed.signal, options.stop]) : this.#closed.signal;
    try {
      return await this.#policy.retry(info, () => this.#attempt(info, url, options), signal);
    } catch (error) {
      // An abort between attempts rejects with the signal's reason: report it as this call being stopped.
      if (signal.aborted && !isCxoneError(error)) throw stoppedError(method, path);
      throw error;
    }
  }

  /** One attempt of a call: a token, the exchange, and on a 401 one fresh token and one repeat. */
  async #attempt(info: RequestInfo, url: URL, options: { body?: string; ifMatch?: string; stop?: AbortSignal }): Promise<{ body: unknown; etag: string | undefined }> {
    const { method, path } = info;
    if (this.#closed.signal.aborted || options.stop?.aborted) throw stoppedError(method, path);
    const token = await this.#tokens.get();
    let fresh = token;
    let res = await this.#exchange(info, url, token, options);
    if (res.status === 401) {
      // Tokens can expire mid-run: fetch a new one once and repeat; a second 401 is final.
      await this.#tokens.invalidate(token);
      fresh = await this.#tokens.get();
      res = await this.#exchange(info, url, fresh, options);
      if (res.status === 401) {
        throw new CxoneError('CXONE_UNAUTHORIZED', 'unauthorized even with a fresh token', { method, path, status: 401, excerpt: excerptOf(res.text, 200, [token, fresh]) });
      }
    }
    return interpret(info, res, [token, fresh]);
  }

  async #exchange(info: RequestInfo, url: URL, token: string, options: { body?: string; ifMatch?: string }): Promise<HttpResponse> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    // Latency is timed inside the throttle: time spent waiting for a slot is pacing, not the API's slowness.
    return this.#policy.throttle(async () => {
      const started = performance.now();
      try {
        const res = await this.#transport.send({ method: info.method, url, label: info.path, headers, ...(options.body === undefined ? {} : { body: options.body }) });
        this.#policy.observe?.(info, res.status, performance.now() - started, res.status === 429 ? retryAfterMs(res.headers['retry-after']) : undefined);
        return res;
      } catch (error) {
        this.#policy.observe?.(info, 'error', performance.now() - started);
        throw error;
      }
    });
  }
}

/**
 * Maps a status to a value or a classified error. Writes that met a 5xx or a garbled 2xx may have happened.
 * `secrets` (the tokens the call sent) are blanked out of any excerpt.
 */
function interpret(info: RequestInfo, res: HttpResponse, secrets: readonly string[]): { body: unknown; etag: string | undefined } {
  const { method, path } = info;
  const etagHeader = res.headers.etag;
  const etag = Array.isArray(etagHeader) ? etagHeader[0] : etagHeader;
  const base = { method, path, status: res.status, excerpt: excerptOf(res.text, 200, secrets) };
  if (res.status === 204) return { body: null, etag };
  if (res.status >= 200 && res.status < 300) {
    // Only 204 means "nothing here"; a read answered 200 with no body was cut short somewhere.
    if (res.text.trim() === '') {
      if (!info.isWrite) throw new CxoneError('CXONE_BAD_RESPONSE', 'response body is empty', { ...base, outcome: 'not-applied' });
      return { body: null, etag };
    }
    try {
      return { body: JSON.parse(res.text), etag };
    } catch {
      throw new CxoneError('CXONE_BAD_RESPONSE', 'response body is not JSON', { ...base, outcome: info.isWrite ? 'unknown' : 'not-applied' });
    }
  }
  const errorBody = parseErrorBody(res.text);
  switch (res.status) {
    case 429:
      throw new CxoneError('CXONE_RATE_LIMITED', 'rate limited', { ...base, retryAfterMs: retryAfterMs(res.headers['retry-after']) });
    case 409:
      throw new CxoneError('CXONE_CONFLICT', 'another change to this agent or skill is in flight', base);
    case 412:
      throw new CxoneError('CXONE_PRECONDITION_FAILED', 'the resource changed since it was read (If-Match)', base);
    case 404:
      throw new CxoneError('CXONE_NOT_FOUND', 'not found', base);
    case 400:
      if (errorBody.details !== undefined) {
        throw new CxoneError('CXONE_INVALID_ITEMS', `rejected items: ${errorBody.details.map((d) => `#${d.index} ${d.message}`).join('; ')}`, { ...base, details: errorBody.details });
      }
      throw new CxoneError('CXONE_HTTP_ERROR', errorBody.error ?? 'bad request', base);
  }
  if (res.status >= 500) {
    throw new CxoneError('CXONE_SERVER_ERROR', 'server error', { ...base, outcome: info.isWrite ? 'unknown' : 'not-applied' });
  }
  throw new CxoneError('CXONE_HTTP_ERROR', errorBody.error ?? `unexpected status ${res.status}`, base);
}

function parseErrorBody(text: string): { error?: string; details?: Array<{ index: number; message: string }> } {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return {};
    const o = parsed as Record<string, unknown>;
    const out: { error?: string; details?: Array<{ index: number; message: string }> } = {};
    if (typeof o.error === 'string') out.error = o.error;
    if (Array.isArray(o.details)) {
      out.details = o.details
        .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null)
        .map((d) => ({ index: Number(d.index), message: String(d.message ?? '') }))
        .filter((d) => Number.isInteger(d.index));
    }
    return out;
  } catch {
    return {};
  }
}
