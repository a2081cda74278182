/** Public types of the emulator: options, the tenant file format, fault configuration and stats. */
import type { Agent, Skill } from '../model/types.js';
import type { Tenant } from './tenant.js';

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

export interface ScriptedFault {
  fault: FaultKind;
  method?: string;
  /** `PUT /agents/:id/skills`, `GET /agents/skills`, `/skills/:id/agents` or a concrete path such as `/agents/1001/skills`. */
  route?: string;
  /** How many matching requests get the fault; default 1. */
  count?: number;
  /** Let this many matching requests pass first. */
  skip?: number;
  retryAfterSeconds?: number;
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
  faultsInjected: Partial<Record<FaultKind, number>>;
  tokensIssued: number;
  /** Calls to the token endpoint (not counted in `calls`). */
  tokenRequests: number;
  /** Most API requests that arrived within any 1-second sliding window. */
  peakRatePerSecond: number;
  /** Items of successful writes. */
  itemsWritten: number;
}

export interface RunningEmulator {
  apiBase: string;
  authUrl: string;
  controlUrl: string;
  port: number;
  credentials: EmulatorCredentials;
  /** The live in-memory tenant, for tests to inspect or seed directly. */
  tenant: Tenant;
  stats(): EmulatorStats;
  resetStats(): void;
  setFaults(f: FaultConfig): void;
  expireTokens(): void;
  snapshot(): TenantData;
  save(file: string): Promise<void>;
  close(): Promise<void>;
}
