/** What plan and apply share: loading the state dir, connecting to CXone with a policy, reading the tenant. */
import { loadDesiredState } from '../config/index.js';
import { CxoneClient, configFromEnv, timeoutsFromEnv, type CxoneConfig, type PageProgress, type RequestInfo } from '../cxone/index.js';
import { OPTION_INVALID } from './options.js';
import { UsageError } from './command.js';
import { createPolicy } from '../cxone/policy/create.js';
import type { Metrics } from '../cxone/policy/metrics.js';
import { DiagnosticsError, type Diagnostic } from '../model/diagnostics.js';
import { buildPlan, type Plan, type PlanTarget } from '../plan/index.js';
import { estimateApply, type EstimateInput } from '../plan/estimate.js';
import { toolVersion } from '../version.js';
import type { DesiredState, LiveState } from '../model/types.js';
import type { CliIo } from './command.js';
import { progressLine } from './output.js';
import { atOption } from './window-options.js';

/** The desired state and its warnings (which travel inside the plan, so every renderer shows them); errors are thrown. */
export async function loadState(dir: string): Promise<{ desired: DesiredState; warnings: Diagnostic[] }> {
  const { state, diagnostics } = await loadDesiredState(dir);
  if (state === undefined) throw new DiagnosticsError(diagnostics);
  return { desired: state, warnings: diagnostics };
}

/** Builds the plan from a loaded state and a live read; planning errors are thrown as diagnostics. */
export interface PlanOptions {
  /** Adds and changes in `POST /agents/skills` upserts (default true). */
  upsert?: boolean;
  /** What the read cost and the rate, for the plan's estimate of apply. */
  cost?: EstimateInput;
  /** `--agents` / `--skills`: narrow the plan (pure input of the planner). */
  target?: PlanTarget;
  /** `--at` as given (read in cxskills.yaml's timeZone) and `--horizon` in ms: windows (issue 15). */
  at?: string;
  horizonMs?: number;
}

export function planFrom(loaded: { desired: DesiredState; warnings: Diagnostic[] }, dir: string, live: LiveState, options: PlanOptions = {}): Plan {
  const at = atOption('plan', options.at, loaded.desired.timeZone);
  const windows = { ...(at ? { at } : {}), ...(options.horizonMs ? { horizonMs: options.horizonMs } : {}) };
  const { plan, diagnostics } = buildPlan({ desired: { ...loaded.desired, dir }, live, createdAt: new Date().toISOString(), toolVersion: toolVersion(), upsert: options.upsert ?? true, ...(options.target ? { target: options.target } : {}), ...windows });
  if (plan === undefined) throw new DiagnosticsError([...loaded.warnings, ...diagnostics]);
  const estimate = options.cost ? { estimate: estimateApply(plan, options.cost) } : {};
  return { ...plan, ...estimate, diagnostics: [...loaded.warnings, ...plan.diagnostics] };
}

export interface Connection {
  client: CxoneClient;
  metrics: Metrics;
  config: CxoneConfig;
  /** The whole tenant (bulk reads), with a progress line on a TTY. */
  readLive(): Promise<LiveState>;
  /** What the reads so far cost, at this connection's rate: the input of a plan's estimate of apply. */
  cost(): EstimateInput;
}

const LIST_NAMES: Record<string, string> = { '/agents': 'agents', '/skills': 'skills', '/agents/skills': 'assignments' };

/** A client for the tenant in the environment (CXONE_*), with HTTP timeouts from CXSKILLS_*TIMEOUT_MS. */
export function connect(io: CliIo, ratePerSecond: number): Connection {
  const config = configFromEnv(io.env);
  const timeouts = timeoutsFromEnv(io.env);
  const { policy, metrics } = createPolicy({ ratePerSecond, retry: { maxTotalWaitMs: maxWaitFromEnv(io.env), onRetry: announceWaits(io) } });
  const progress = progressLine(io);
  const seen = new Map<string, string>();
  let pages = 0;
  const onPage = ({ path, read, total }: PageProgress) => {
    pages++;
    const name = LIST_NAMES[path];
    if (name === undefined) return;
    seen.set(name, `${read.toLocaleString('en-US')}${total === undefined ? '' : `/${total.toLocaleString('en-US')}`} ${name}`);
    progress.update(`Reading the tenant: ${[...seen.values()].join(', ')}`);
  };
  const client = new CxoneClient(config, { policy, timeouts, onPage, onNotice: (message) => io.stderr.write(`note: ${message}\n`) });
  return {
    client,
    metrics,
    config,
    cost: () => ({ ratePerSecond, pagesRead: pages, pageRows: client.pageRows ?? 100, waveCalls: callsPerWave(ratePerSecond) }),
    async readLive() {
      try {
        return await client.readLive();
      } finally {
        progress.done();
        seen.clear();
      }
    },
  };
}

/** Calls per wave of writes: about two seconds of calls at the rate (at least 4), so the guard costs one read per ~2 s of writes. */
export function callsPerWave(ratePerSecond: number): number {
  return Math.max(4, Math.round(ratePerSecond * 2));
}

/** `CXSKILLS_MAX_WAIT_S`: the most a run waits for 429s in all before it gives up (default 900 s). */
export function maxWaitFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.CXSKILLS_MAX_WAIT_S;
  if (raw === undefined || raw === '') return 900_000;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || !(seconds > 0)) throw new UsageError(`CXSKILLS_MAX_WAIT_S must be a positive number of seconds, got "${raw}".`, OPTION_INVALID);
  return seconds * 1000;
}

/**
 * A long wait for the API's rate limit is never silent: one line on stderr (TTY and CI logs alike) when a
 * wait of 5 s or more begins, saying how long and until when; calls waiting side by side say it once.
 */
export function announceWaits(io: CliIo, now: () => number = Date.now): (info: RequestInfo, reason: string, waitMs: number) => void {
  let announcedUntil = 0;
  return (info, reason, waitMs) => {
    if (reason !== '429' || waitMs < 5000) return;
    const until = now() + waitMs;
    if (until <= announcedUntil + 1000) return;
    announcedUntil = until;
    io.stderr.write(`note: the API answered 429 (rate limit) to ${info.method} ${info.path}: waiting ${Math.round(waitMs / 1000)} s, until ${new Date(until).toISOString().slice(11, 19)} UTC\n`);
  };
}
