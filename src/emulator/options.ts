/** Emulator options: defaults, the public demo credentials, and validation with exact messages. */
import { DEMO_TENANT_SPEC, validateTenantSpec } from './generate.js';
import { parseFaultConfig } from './faults.js';
import { validateRateLimit } from './rate-limit.js';
import type { EmulatorCredentials, EmulatorOptions, FaultConfig, RateLimit, TenantData, TenantSpec } from './types.js';

/** Public demo values: printed by `cxskills emulator`, never a real secret. */
export const DEMO_CREDENTIALS: Readonly<EmulatorCredentials> = Object.freeze({
  clientId: 'cxskills-demo',
  clientSecret: 'demo-client-secret',
  accessKeyId: 'demo-access-key',
  accessKeySecret: 'demo-access-secret',
});

export const DEFAULT_RATE_LIMIT: Readonly<RateLimit> = Object.freeze({ perSecond: 10, burst: 20 });
export const DEFAULT_MAX_ITEMS = 100;
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;
/** Fixed, so tokens, discovery and saved test fixtures name the same tenant run after run. */
export const DEFAULT_TENANT_ID = '11ee0c3a-5b7d-4e2f-9a10-00000000c32a';
export const DEFAULT_CLUSTER = 'C32';
export const DEFAULT_PAGE_CAP = 100;
/** Business unit number in the token claims (`icBUId`): one tenant, one business unit. */
export const BUSINESS_UNIT_ID = 4600001;

const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const CLUSTER = /^[A-Za-z]{1,3}\d{1,4}$/;

export function validTenantId(value: string): boolean {
  return TENANT_ID.test(value);
}

export function validCluster(value: string): boolean {
  return CLUSTER.test(value);
}

export interface ResolvedOptions {
  host: string;
  port: number;
  tenant: TenantSpec | TenantData;
  rateLimit: RateLimit | null;
  maxItems: number;
  faults: FaultConfig;
  tokenTtlSeconds: number;
  credentials: EmulatorCredentials;
  stateFile: string | undefined;
  latencyMs: number;
  quirks: boolean;
  tenantId: string;
  cluster: string;
  requireAccept: boolean;
  pageCap: number;
  requireFilters: boolean;
  unassignedItems: boolean;
  upsert: boolean;
  etags: boolean;
  retryAfter: boolean;
  conflicts: 'agents' | 'lists';
}

/** Loopback only (127.0.0.0/8, ::1, localhost): the emulator has no real auth and must not face a network. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets !== null && octets.slice(1).every((o) => Number(o) <= 255);
}

export function isTenantSpec(tenant: TenantSpec | TenantData): tenant is TenantSpec {
  return !Array.isArray((tenant as TenantData).agents);
}

export function sameCredentials(a: EmulatorCredentials, b: EmulatorCredentials): boolean {
  return a.clientId === b.clientId && a.clientSecret === b.clientSecret && a.accessKeyId === b.accessKeyId && a.accessKeySecret === b.accessKeySecret;
}

export function resolveOptions(o: EmulatorOptions = {}): ResolvedOptions {
  // `[::1]` is how the address is written in a URL; listen() wants it bare.
  const host = (o.host ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1');
  if (!isLoopbackHost(host)) throw new RangeError(`emulator host must be a loopback address (127.0.0.0/8, ::1 or localhost), got ${JSON.stringify(host)}`);
  const port = o.port ?? 0;
  if (!Number.isSafeInteger(port) || port < 0 || port > 65535) throw new RangeError(`emulator port must be an integer 0..65535, got ${String(port)}`);
  const tenant = o.tenant ?? { ...DEMO_TENANT_SPEC };
  if (isTenantSpec(tenant)) validateTenantSpec(tenant);
  const rateLimit = o.rateLimit === undefined ? { ...DEFAULT_RATE_LIMIT } : o.rateLimit;
  if (rateLimit) validateRateLimit(rateLimit);
  const maxItems = o.maxItems ?? DEFAULT_MAX_ITEMS;
  if (!Number.isSafeInteger(maxItems) || maxItems < 1) throw new RangeError(`maxItems must be an integer >= 1, got ${String(maxItems)}`);
  const tokenTtlSeconds = o.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!(Number.isFinite(tokenTtlSeconds) && tokenTtlSeconds > 0)) throw new RangeError(`tokenTtlSeconds must be a number > 0, got ${String(tokenTtlSeconds)}`);
  const latencyMs = o.latencyMs ?? 0;
  if (!(Number.isFinite(latencyMs) && latencyMs >= 0)) throw new RangeError(`latencyMs must be a number >= 0, got ${String(latencyMs)}`);
  const credentials = { ...(o.credentials ?? DEMO_CREDENTIALS) };
  for (const [key, value] of Object.entries(credentials)) {
    if (typeof value !== 'string' || value === '') throw new RangeError(`credentials.${key} must be a non-empty string`);
  }
  const tenantId = o.tenantId ?? DEFAULT_TENANT_ID;
  if (!validTenantId(tenantId)) throw new RangeError(`tenantId must be 1..64 letters, digits and dashes, got ${JSON.stringify(tenantId)}`);
  const cluster = o.cluster ?? DEFAULT_CLUSTER;
  if (!validCluster(cluster)) throw new RangeError(`cluster must be letters then digits, such as C32, got ${JSON.stringify(cluster)}`);
  const pageCap = o.pageCap ?? DEFAULT_PAGE_CAP;
  if (!Number.isSafeInteger(pageCap) || pageCap < 1) throw new RangeError(`pageCap must be an integer >= 1, got ${String(pageCap)}`);
  return {
    host,
    port,
    tenant,
    rateLimit,
    maxItems,
    faults: parseFaultConfig(o.faults ?? {}),
    tokenTtlSeconds,
    credentials,
    stateFile: o.stateFile,
    latencyMs,
    quirks: o.quirks ?? false,
    tenantId,
    cluster,
    requireAccept: o.requireAccept ?? true,
    pageCap,
    requireFilters: o.requireFilters ?? false,
    unassignedItems: o.unassignedItems ?? true,
    upsert: o.upsert ?? true,
    etags: o.etags ?? false,
    retryAfter: o.retryAfter ?? true,
    conflicts: conflictsOption(o.conflicts),
  };
}

function conflictsOption(value: unknown): 'agents' | 'lists' {
  if (value === undefined || value === 'agents' || value === 'lists') return value ?? 'agents';
  throw new RangeError(`conflicts must be "agents" or "lists", got ${JSON.stringify(value)}`);
}
