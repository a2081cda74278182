/** A connected tenant for one run: the client with its request policy, what the reads cost, and closing once. */
import { CxoneClient, configFromEnv, readScoped, timeoutsFromEnv, type CxoneConfig, type PageProgress, type ReadMode, type RequestInfo, type ScopedRead } from '../cxone/index.js';
import { createPolicy } from '../cxone/policy/create.js';
import type { Metrics } from '../cxone/policy/metrics.js';
import type { EstimateInput } from '../plan/estimate.js';
import type { LiveState } from '../model/types.js';

export interface TenantOptions {
  /** The tenant to connect to, when not the one the environment names (the bench's emulator). */
  config?: CxoneConfig;
  /** The CXONE_* variables (and CXSKILLS_*TIMEOUT_MS): secrets come from here only. */
  env: NodeJS.ProcessEnv;
  ratePerSecond: number;
  /** All 429 waits of the run together, in milliseconds (CXSKILLS_MAX_WAIT_S). */
  maxWaitMs: number;
  /** One line the user should see (a fallback the client chose, a long wait). */
  onNotice(message: string): void;
  onRetry?(info: RequestInfo, reason: string, waitMs: number): void;
  onPage?(page: PageProgress): void;
}

export interface Tenant {
  client: CxoneClient;
  metrics: Metrics;
  ratePerSecond: number;
  /** The whole tenant (bulk reads). */
  readLive(): Promise<LiveState>;
  /** The tenant for a scope: the whole tenant or the in-scope skills' lists, whichever is fewer pages (`full`: the whole tenant). */
  readScoped(inScope: (skillName: string) => boolean, mode: ReadMode): Promise<ScopedRead>;
  /** What the reads so far cost, at this tenant's rate: the input of a plan's estimate of apply. */
  cost(): EstimateInput;
  close(): Promise<void>;
}

export function openTenant(options: TenantOptions): Tenant {
  const { ratePerSecond } = options;
  const { policy, metrics } = createPolicy({ ratePerSecond, retry: { maxTotalWaitMs: options.maxWaitMs, ...(options.onRetry ? { onRetry: options.onRetry } : {}) } });
  let pages = 0;
  const client = new CxoneClient(options.config ?? configFromEnv(options.env), {
    policy,
    timeouts: timeoutsFromEnv(options.env),
    onPage: (page) => {
      pages++;
      options.onPage?.(page);
    },
    onNotice: options.onNotice,
  });
  return {
    client,
    metrics,
    ratePerSecond,
    readLive: () => client.readLive(),
    readScoped: (inScope, mode) => readScoped(client, inScope, { mode }),
    cost: () => ({ ratePerSecond, pagesRead: pages, pageRows: client.pageRows ?? 100, waveCalls: callsPerWave(ratePerSecond) }),
    close: () => client.close(),
  };
}

/** Opens the tenant, runs `work`, closes it whatever happens. */
export async function withTenant<T>(options: TenantOptions, work: (tenant: Tenant) => Promise<T>): Promise<T> {
  const tenant = openTenant(options);
  try {
    return await work(tenant);
  } finally {
    await tenant.close();
  }
}

/** Calls per wave of writes: about two seconds of calls at the rate (at least 4), so the guard costs one read per ~2 s of writes. */
export function callsPerWave(ratePerSecond: number): number {
  return Math.max(4, Math.round(ratePerSecond * 2));
}
