/** The CXone client: token and API base, authenticated calls, paged bulk reads, bulk writes. Throttling and retry are injected. */
import type { Agent, Assignment, BulkWrite, LiveState, Skill, WriteItem, WriteResult } from '../model/types.js';
import { TokenProvider, retryAfterMs } from './auth.js';
import { checkUrl, resolveConfig, type CxoneConfig, type Grant, type ResolvedConfig } from './config.js';
import { discoverApiBase, discoveryGet } from './discovery.js';
import { CxoneError, isCxoneError, excerptOf, redact } from './errors.js';
import { AssignmentFilters } from './filters.js';
import { interpret, type Answer } from './interpret.js';
import { DIRECT_POLICY, type RequestInfo, type RequestPolicy } from './policy/types.js';
import { readAll, type ListRead, type PageProgress, type Pager } from './paging.js';
import { itemResults } from './results.js';
import { credentialSecrets } from './secrets.js';
import { DEFAULT_TIMEOUTS, Transport, type HttpResponse, type TimeoutOptions } from './transport.js';
import { settleAll, stoppedError } from './settle-all.js';
import { FIELDS, isAssignment, pageItems, toAgent, toAssignment, toSkill } from './wire.js';
import { ItemLimit, bulkBody, groupUpsert, inOrderOf, sendChunked, type SendChunk } from './writes.js';

export { DIRECT_POLICY, type RequestInfo, type RequestPolicy } from './policy/types.js';
export type { PageProgress } from './paging.js';

export interface ClientOptions {
  /** Largest answer body read (default 64 MiB): an endless body is refused, not buffered. */
  maxBodyBytes?: number;
  policy?: RequestPolicy;
  timeouts?: TimeoutOptions;
  /** `top` of bulk reads (CXone's maximum is 1000; a server may serve fewer). */
  pageSize?: number;
  /** Pages fetched at once after the first page told the total. */
  pageConcurrency?: number;
  /** Items per write request to start with; lowered for the life of the client when the server says "too many". */
  maxItems?: number;
  /** Told after every page of a bulk read: rows read so far of that list, and its total when known. */
  onPage?: (progress: PageProgress) => void;
  /** Told once of each way the client adapted to the server (filters required, a fallback API base). */
  onNotice?: (message: string) => void;
}

/**
 * The first page of a list, kept so that the read it sizes starts from it instead of asking again: the
 * total the server reports (when it does) and the rows it served (the page size it really serves).
 */
export interface FirstPage {
  total: number | undefined;
  rows: number;
  /** The page's body as received (`null` for a 204). */
  body: unknown;
}

export interface SliceRead {
  /** Only where the server sends one. */
  etag: string | undefined;
  assignments: Assignment[];
}

/** How the client reached the tenant (for `doctor`). Claims are the token's; nothing else of it is kept. */
export interface Connection {
  grant: Grant;
  apiBase: string;
  discovered: boolean;
  fallback: boolean;
  tenantId?: string;
  businessUnit?: number;
  cluster?: string;
}

export interface ProbeResult {
  status: number;
  /** Headers as received, the token blanked out. */
  headers: Record<string, string | string[] | undefined>;
  /** The body as received, the token blanked out. */
  text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  body: unknown;
  ms: number;
}

type CallOptions = { query?: Record<string, string>; body?: string; ifMatch?: string | undefined; stop?: AbortSignal };

const ASSIGNMENTS = 'agentSkillAssignments';

export class CxoneClient {
  readonly #config: ResolvedConfig;
  readonly #fixedBase: URL | undefined;
  readonly #discoveryUrl: URL;
  readonly #transport: Transport;
  readonly #tokens: TokenProvider;
  /** Every encoding of every credential: no call sends them, but a proxy in between could echo them anywhere. */
  readonly #secrets: string[];
  readonly #policy: RequestPolicy;
  readonly #pageSize: number;
  readonly #pageConcurrency: number;
  readonly #limit: ItemLimit;
  readonly #onPage: ((progress: PageProgress) => void) | undefined;
  readonly #onNotice: ((message: string) => void) | undefined;
  /** Aborted by close(): calls still waiting to retry end at their next attempt. */
  readonly #closed = new AbortController();
  #closing: Promise<void> | undefined;
  #pageRows: number | undefined;
  readonly #filters: AssignmentFilters;
  #discovered: Promise<{ apiBase: URL; fallback: boolean }> | undefined;

  constructor(config: CxoneConfig, options: ClientOptions = {}) {
    this.#config = resolveConfig(config);
    this.#fixedBase = this.#config.apiBase === undefined ? undefined : checkUrl('CXONE_API_BASE', this.#config.apiBase);
    this.#discoveryUrl = checkUrl('CXONE_DISCOVERY_URL', this.#config.discoveryUrl);
    const authUrl = checkUrl('CXONE_AUTH_URL', this.#config.authUrl);
    this.#policy = options.policy ?? DIRECT_POLICY;
    this.#transport = new Transport(options.timeouts ?? DEFAULT_TIMEOUTS, 16, options.maxBodyBytes);
    this.#secrets = credentialSecrets(this.#config.credentials);
    this.#tokens = new TokenProvider(this.#transport, { grant: this.#config.grant, authUrl, credentials: this.#config.credentials }, (fn) => this.#policy.throttle(fn));
    this.#pageSize = options.pageSize ?? 1000;
    this.#pageConcurrency = options.pageConcurrency ?? 4;
    this.#limit = new ItemLimit(options.maxItems ?? 100);
    this.#onPage = options.onPage;
    this.#onNotice = options.onNotice;
    this.#filters = new AssignmentFilters(options.onNotice);
  }

  get tokensFetched(): number {
    return this.#tokens.tokensFetched;
  }

  /** The most items the client now puts in one write request (lowered when the server said "too many"). */
  get itemLimit(): number {
    return this.#limit.current;
  }

  /** Which grant worked, the API base and how it was found, and the tenant named by the token. */
  async connection(): Promise<Connection> {
    const { apiBase, fallback } = await this.#base();
    await this.#tokens.get();
    const { tenantId, businessUnit, cluster } = this.#tokens.claims;
    return {
      grant: this.#tokens.grant,
      apiBase: apiBase.href,
      discovered: this.#fixedBase === undefined,
      fallback,
      ...(tenantId === undefined ? {} : { tenantId }),
      ...(businessUnit === undefined ? {} : { businessUnit }),
      ...(cluster === undefined ? {} : { cluster }),
    };
  }

  /** The whole tenant in O(pages) calls: agents, skills and every assignment, read concurrently (one failure stops the rest). */
  async readLive(): Promise<LiveState> {
    const stop = new AbortController();
    const agents = this.#readAgents(stop);
    const skills = this.#readSkills(stop);
    const assignments = this.#readAssignments({}, stop);
    await settleAll(stop, [agents, skills, assignments]);
    return { agents: await agents, skills: await skills, assignments: await assignments };
  }

  listAgents(stop: AbortController = new AbortController()): Promise<Agent[]> {
    return this.#readAgents(stop);
  }

  listSkills(stop: AbortController = new AbortController()): Promise<Skill[]> {
    return this.#readSkills(stop);
  }

  /** Every assignment of the tenant; `first` is its first page when already read (see `firstPageOfAssignments`). */
  listAssignments(first?: FirstPage, stop: AbortController = new AbortController()): Promise<Assignment[]> {
    return this.#readAssignments({}, stop, first);
  }

  /** Assignments changed since `iso` (ISO 8601): one cheap read to learn what moved in the tenant since then. */
  listAssignmentsUpdatedSince(iso: string, first?: FirstPage): Promise<Assignment[]> {
    return this.#readAssignments({ UpdatedSince: iso }, new AbortController(), first);
  }

  /** Agents changed since `iso` (the reference spells the parameter `updateSince`). */
  listAgentsUpdatedSince(iso: string): Promise<Agent[]> {
    return readAll(this.#pager(), { path: '/agents', listKey: 'agents', map: toAgent, query: { fields: FIELDS.agents, updateSince: iso } }, new AbortController());
  }

  /** The first page of `/agents/skills` (optionally only rows changed since `updatedSince`): its total tells the size of the read. */
  firstPageOfAssignments(updatedSince?: string, stop?: AbortSignal): Promise<FirstPage> {
    return this.#firstPage('/agents/skills', ASSIGNMENTS, { fields: FIELDS.assignments, ...(updatedSince === undefined ? {} : { UpdatedSince: updatedSince }) }, stop);
  }

  /** The first page of one skill's list (`isAssigned: false` items included: they count in its total and its pages). */
  firstPageOfSkillAgents(skillId: number, stop?: AbortSignal): Promise<FirstPage> {
    return this.#firstPage(`/skills/${skillId}/agents`, ASSIGNMENTS, {}, stop);
  }

  /** One agent's assignments (one call, no paging; items name the agent `agentID_alt`, so the id comes from the path). */
  async getAgentSkills(agentId: number): Promise<SliceRead> {
    const path = `/agents/${agentId}/skills`;
    const res = await this.#call('GET', path, {});
    if (res.body === null) return { etag: res.etag, assignments: [] };
    const ctx = { method: 'GET', path };
    const rows = pageItems(res.body, ASSIGNMENTS, ctx).items.filter(isAssignment);
    return { etag: res.etag, assignments: rows.map((raw) => toAssignment(raw, ctx, { agentId })) };
  }

  /**
   * One skill's assignments, paged; agents listed with `isAssigned: false` do not have the skill and are
   * left out. `first` is its first page when already read (its ETag is then not known).
   */
  async getSkillAgents(skillId: number, first?: FirstPage, stop: AbortController = new AbortController()): Promise<SliceRead> {
    let etag: string | undefined;
    const base = this.#pager(first);
    const pager: Pager = {
      ...base,
      fetch: async (path, query, signal) => {
        if (first !== undefined && query.skip === '0') return base.fetch(path, query, signal);
        const res = await this.#call('GET', path, { query, stop: signal });
        if (query.skip === '0') etag = res.etag;
        return res.body;
      },
    };
    const list: ListRead<Assignment> = { path: `/skills/${skillId}/agents`, listKey: ASSIGNMENTS, keep: isAssignment, map: (raw, ctx) => toAssignment(raw, ctx, { skillId }) };
    const assignments = await readAll(pager, list, stop);
    return { etag, assignments };
  }

  /**
   * One bulk write, in as many requests as the item limit needs: one result per item, in the order sent.
   * Items the server refused are `failed` with its reason; items its reply does not name are `unknown`.
   * Throws for a refusal of the whole body (400), a conflict, a 5xx or a cut-off write (see its outcome).
   */
  async write(call: BulkWrite, ifMatch?: string): Promise<WriteResult> {
    if (call.target === 'upsert') return this.upsert(call.items);
    bulkBody(call, call.items); // A PUT item without both values is a bug of the caller: refuse it before anything is sent.
    const send: SendChunk = async (chunk, condition) => {
      const wire = bulkBody(call, chunk);
      const res = await this.#call(call.method, wire.path, { body: wire.body, ifMatch: condition });
      return { etag: res.etag, items: itemResults(res.body, chunk, wire.resultKey) };
    };
    return sendChunked(call.items, this.#limit, send, ifMatch);
  }

  /**
   * Adds or changes every pair of `items` (each with both values) through `POST /agents/skills`, grouped
   * into as few entries as the values allow; the item limit counts pairs. Results come back in the order
   * of `items`. A server without that route is CXONE_UPSERT_UNSUPPORTED: fall back to `write`.
   */
  async upsert(items: WriteItem[]): Promise<WriteResult> {
    const { order } = groupUpsert(items);
    const path = '/agents/skills';
    const send: SendChunk = async (chunk) => {
      const { entries } = groupUpsert(chunk);
      let res: Answer;
      try {
        res = await this.#call('POST', path, { body: JSON.stringify({ agentAndSkillDetails: entries }) });
      } catch (error) {
        if (isCxoneError(error) && (error.status === 404 || error.status === 405)) {
          throw new CxoneError('CXONE_UPSERT_UNSUPPORTED', 'this server has no bulk upsert: write per agent or per skill instead', {
            method: 'POST',
            path,
            status: error.status,
            ...(error.excerpt === undefined ? {} : { excerpt: error.excerpt }),
          });
        }
        throw error;
      }
      return { etag: res.etag, items: itemResults(res.body, chunk, 'pair') };
    };
    return inOrderOf(items, await sendChunked(order, this.#limit, send));
  }

  /** One GET of `path` under the API base, with the token and the pacing of every call; any status is an answer, not an error. */
  probe(path: string, query: Record<string, string> = {}): Promise<ProbeResult> {
    return this.#probe('GET', path, query, undefined);
  }

  /**
   * One write exactly as given (for doctor's write probe): sent once, never repeated (its outcome could be
   * unknown), and any status is an answer.
   */
  probeWrite(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown): Promise<ProbeResult> {
    return this.#probe(method, path, {}, JSON.stringify(body));
  }

  async #probe(method: RequestInfo['method'], path: string, query: Record<string, string>, body: string | undefined): Promise<ProbeResult> {
    const info: RequestInfo = { method, path, isWrite: method !== 'GET' };
    const token = await this.#tokens.get();
    const url = this.#url((await this.#base()).apiBase, path, query);
    const started = performance.now();
    const res = await this.#exchange(info, url, token, body === undefined ? {} : { body });
    const secrets = [token, ...this.#secrets];
    const text = redact(res.text, secrets);
    let parsed: unknown;
    try {
      parsed = text.trim() === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    // What doctor prints must not hold the token, even where a server echoes it in a header.
    const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => redact(x, secrets)) : v === undefined ? v : redact(v, secrets)]));
    return { status: res.status, headers, text, body: parsed, ms: performance.now() - started };
  }

  /** Closes the connections; calls still waiting to retry end at their next attempt. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= (this.#closed.abort(), this.#transport.close());
    return this.#closing;
  }

  /** The most rows one page has held so far (the page size the server serves), once a list was read. */
  get pageRows(): number | undefined {
    return this.#pageRows;
  }

  /** `first`: the list's first page, already read; it is served once for skip=0 instead of a call. */
  #pager(first?: FirstPage): Pager {
    let primed = first;
    return {
      onServed: (rows) => {
        if (rows > (this.#pageRows ?? 0)) this.#pageRows = rows;
      },
      pageSize: this.#pageSize,
      concurrency: this.#pageConcurrency,
      fetch: async (path, query, stop) => {
        if (primed !== undefined && query.skip === '0') {
          const body = primed.body;
          primed = undefined;
          return body;
        }
        return (await this.#call('GET', path, { query, stop })).body;
      },
      onPage: this.#onPage,
    };
  }

  async #firstPage(path: string, listKey: string, query: Record<string, string>, stop?: AbortSignal): Promise<FirstPage> {
    const res = await this.#call('GET', path, { query: { ...query, skip: '0', top: String(this.#pageSize) }, ...(stop ? { stop } : {}) });
    if (res.body === null) return { total: 0, rows: 0, body: null };
    const page = pageItems(res.body, listKey, { method: 'GET', path });
    return { total: page.total, rows: Math.min(page.items.length, this.#pageSize), body: res.body };
  }

  #readAgents(stop: AbortController): Promise<Agent[]> {
    return readAll(this.#pager(), { path: '/agents', listKey: 'agents', map: toAgent, query: { fields: FIELDS.agents } }, stop);
  }

  #readSkills(stop: AbortController): Promise<Skill[]> {
    return readAll(this.#pager(), { path: '/skills', listKey: 'skills', map: toSkill, query: { fields: FIELDS.skills } }, stop);
  }

  /** Every assignment (or those matching `query`), with the filters when the server requires them. */
  #readAssignments(query: Record<string, string>, stop: AbortController, first?: FirstPage): Promise<Assignment[]> {
    return this.#filters.read(
      (filters) =>
        // The first page was read without filters: it only stands for the unfiltered read.
        readAll(this.#pager(Object.keys(filters).length === 0 ? first : undefined), { path: '/agents/skills', listKey: ASSIGNMENTS, map: toAssignment, keep: isAssignment, query: { fields: FIELDS.assignments, ...query, ...filters } }, stop),
      stop,
    );
  }

  /** The configured base, or the one discovered after the first token (concurrent first calls share one discovery). */
  #base(): Promise<{ apiBase: URL; fallback: boolean }> {
    if (this.#fixedBase !== undefined) return Promise.resolve({ apiBase: this.#fixedBase, fallback: false });
    if (this.#discovered === undefined) {
      this.#discovered = this.#discover();
      // A failed discovery is tried again by the next call, like a failed token.
      this.#discovered.catch(() => (this.#discovered = undefined));
    }
    return this.#discovered;
  }

  async #discover(): Promise<{ apiBase: URL; fallback: boolean }> {
    await this.#tokens.get();
    return discoverApiBase({
      discoveryUrl: this.#discoveryUrl,
      apiVersion: this.#config.apiVersion,
      claims: this.#tokens.claims,
      get: discoveryGet(this.#transport, this.#policy, this.#closed.signal),
      onNotice: this.#onNotice,
    });
  }

  #url(base: URL, path: string, query: Record<string, string> = {}): URL {
    const url = new URL(base.href.replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url;
  }

  async #call(method: RequestInfo['method'], path: string, options: CallOptions): Promise<Answer> {
    const info: RequestInfo = { method, path, isWrite: method !== 'GET' };
    const signal = options.stop ? AbortSignal.any([this.#closed.signal, options.stop]) : this.#closed.signal;
    try {
      return await this.#policy.retry(info, () => this.#attempt(info, options), signal);
    } catch (error) {
      // An abort between attempts rejects with the signal's reason: report it as this call being stopped.
      if (signal.aborted && !isCxoneError(error)) throw stoppedError(method, path);
      throw error;
    }
  }

  /** One attempt of a call: a token, the base, the exchange, and on a 401 one fresh token and one repeat. */
  async #attempt(info: RequestInfo, options: CallOptions): Promise<Answer> {
    const { method, path } = info;
    if (this.#closed.signal.aborted || options.stop?.aborted) throw stoppedError(method, path);
    const token = await this.#tokens.get();
    const url = this.#url((await this.#base()).apiBase, path, options.query);
    let fresh = token;
    let res = await this.#exchange(info, url, token, options);
    if (res.status === 401) {
      // Tokens can expire mid-run: fetch a new one once and repeat; a second 401 is final.
      await this.#tokens.invalidate(token);
      fresh = await this.#tokens.get();
      res = await this.#exchange(info, url, fresh, options);
      if (res.status === 401) {
        throw new CxoneError('CXONE_UNAUTHORIZED', 'unauthorized even with a fresh token', { method, path, status: 401, excerpt: excerptOf(res.text, 200, [token, fresh, ...this.#secrets]) });
      }
    }
    return interpret(info, res, [token, fresh, ...this.#secrets]);
  }

  async #exchange(info: RequestInfo, url: URL, token: string, options: { body?: string; ifMatch?: string | undefined }): Promise<HttpResponse> {
    // Real CXone answers a request without an Accept that admits JSON with an HTML error page.
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
