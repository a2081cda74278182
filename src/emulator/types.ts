/** Public types of the emulator: options, the tenant file format, fault configuration and stats. */
import type { Agent, Skill } from '../model/types.js';

/** What to generate: the same spec always yields the same tenant. */
export interface TenantSpec {
  seed: number;
  agents: number;
  skills: number;
  skillsPerAgent: number;
}

export const TENANT_FORMAT_VERSION = 1;

export interface TenantAgent extends Agent {
  /** ISO 8601; when missing on load, a fixed epoch is used. */
  lastUpdated?: string;
}

export interface TenantSkill extends Skill {
  isOutbound?: boolean;
  /** ISO 8601; when missing on load, a fixed epoch is used. */
  lastUpdated?: string;
}

export interface TenantAssignment {
  agentId: number;
  skillId: number;
  proficiency: number;
  active: boolean;
  lastUpdateTime: string;
}

/** The JSON state file format (and `GET /__emulator/state`). */
export interface TenantData {
  formatVersion: typeof TENANT_FORMAT_VERSION;
  agents: TenantAgent[];
  skills: TenantSkill[];
  assignments: TenantAssignment[];
  /** Version (ETag) of each agent's skill list and each skill's agent list, keyed by id; absent ids are at 1. */
  versions?: { agents: Record<string, number>; skills: Record<string, number> };
}

export interface EmulatorCredentials {
  clientId: string;
  clientSecret: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export type FaultKind = '429' | '500' | '502' | '503' | '504' | '409' | '412' | 'reset-before' | 'reset-after' | 'hang';

/** Every fault kind, in the fixed order random draws use (so a seed means the same thing across runs). */
export const FAULT_KINDS: readonly FaultKind[] = [
  '429',
  '500',
  '502',
  '503',
  '504',
  '409',
  '412',
  'reset-before',
  'reset-after',
  'hang',
];

/** Faults inside a `200` write answer: items fail (`item-fail`) or a result is left out (`item-omit`). Script only. */
export type ItemFaultKind = 'item-fail' | 'item-omit';

export const ITEM_FAULT_KINDS: readonly ItemFaultKind[] = ['item-fail', 'item-omit'];

export interface ScriptedFault {
  fault: FaultKind | ItemFaultKind;
  method?: string;
  /** `PUT /agents/:id/skills`, `GET /agents/skills`, `/skills/:id/agents` or a concrete path such as `/agents/1001/skills`. */
  route?: string;
  /** How many matching requests get the fault; default 1. */
  count?: number;
  /** Let this many matching requests pass first. */
  skip?: number;
  retryAfterSeconds?: number;
  /** `item-fail` only: fail just the first n items of the request (default: all of them). */
  items?: number;
}

export interface FaultConfig {
  seed?: number;
  /** Probability per API request (0..1). */
  rates?: Partial<Record<FaultKind, number>>;
  /** For injected 429s; default 1. */
  retryAfterSeconds?: number;
  /** Default `all`. */
  appliesTo?: 'all' | 'reads' | 'writes';
  /** Consumed in order, before rates. */
  script?: ScriptedFault[];
  /** Probability (0..1) that each item of a write fails inside its `200` (a PRNG stream of its own, from `seed`). */
  itemFailRate?: number;
}

export interface RateLimit {
  perSecond: number;
  burst: number;
}

export interface EmulatorOptions {
  /** Default `127.0.0.1`; non-loopback hosts are refused. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Default: the demo spec `{ seed: 1, agents: 40, skills: 16, skillsPerAgent: 4 }`. */
  tenant?: TenantSpec | TenantData;
  /** Default `{ perSecond: 10, burst: 20 }`; `null` = unlimited. */
  rateLimit?: RateLimit | null;
  /** Items per write; default 100. */
  maxItems?: number;
  faults?: FaultConfig;
  /** Default 3600. */
  tokenTtlSeconds?: number;
  /** Default DEMO_CREDENTIALS. */
  credentials?: EmulatorCredentials;
  /** Load the tenant from this JSON file if it exists (overrides `tenant`). */
  stateFile?: string;
  /** Added to every API response; default 0. */
  latencyMs?: number;
  /**
   * Serve the quirks the contract tells clients to tolerate: ids as numeric strings, no `totalRecords`
   * on the last page, an unknown extra field on every item. Default false.
   */
  quirks?: boolean;
  /** The tenant's id (token claims, discovery); default DEFAULT_TENANT_ID. */
  tenantId?: string;
  /** The cluster the tenant lives on (`icClusterId`, discovery `cluster`); default `C32`. */
  cluster?: string;
  /** 406 for API requests whose Accept does not admit JSON; default true. */
  requireAccept?: boolean;
  /** Most rows a page serves, whatever `top` asks; default 100. */
  pageCap?: number;
  /** `/agents/skills` answers 400 without `isActive` and `isAgentActive`; default false. */
  requireFilters?: boolean;
  /** `/skills/{id}/agents` also lists `isAssigned: false` items (agents whose id % 10 is 0); default true. */
  unassignedItems?: boolean;
  /** Serve `POST /agents/skills` (bulk upsert); default true (false: that route is 404). */
  upsert?: boolean;
  /** Strong ETags on per-agent/per-skill reads and writes, and 412 for a stale If-Match; default false. */
  etags?: boolean;
  /** Send `Retry-After` with every 429; default true. */
  retryAfter?: boolean;
  /**
   * What makes two writes in flight at once collide (409): `agents` (default: a write holds the agents
   * its items name, as the contract says real tenants do) or `lists` (also every skill it names, and its
   * path resource).
   */
  conflicts?: 'agents' | 'lists';
}

export interface EmulatorStats {
  /** API requests per normalised route, e.g. `PUT /agents/:id/skills`; every arrival counts. */
  calls: Record<string, number>;
  byMethod: Record<string, number>;
  reads: number;
  writes: number;
  /** Answers sent per status code (API and token endpoint). */
  status: Record<string, number>;
  /** 429s sent by the token bucket (not injected ones). */
  rateLimited: number;
  /** Requests per fault kind; for `item-fail` and `item-omit`, items failed or left out. */
  faultsInjected: Partial<Record<FaultKind | ItemFaultKind, number>>;
  tokensIssued: number;
  /** Calls to either token endpoint (not counted in `calls`). */
  tokenRequests: number;
  /** Calls to the discovery endpoint (not counted in `calls`). */
  discoveryRequests: number;
  /** Most API requests that arrived within any 1-second sliding window. */
  peakRatePerSecond: number;
  /** Items applied by writes (the `success: true` ones). */
  itemsWritten: number;
  /** Items that failed inside a `200` write answer (invalid or injected). */
  itemsFailed: number;
}

