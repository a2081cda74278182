/** What plan and apply share: loading the state dir, connecting to CXone with a policy, reading the tenant. */
import { loadDesiredState } from '../config/index.js';
import { CxoneClient, configFromEnv, timeoutsFromEnv, type CxoneConfig } from '../cxone/index.js';
import { createPolicy } from '../apply/policy.js';
import type { Metrics } from '../apply/metrics.js';
import { DiagnosticsError, type Diagnostic } from '../model/diagnostics.js';
import { buildPlan, type Plan } from '../plan/index.js';
import { toolVersion } from '../version.js';
import type { DesiredState, LiveState } from '../model/types.js';
import type { CliIo } from './command.js';

/** The desired state and its warnings (which travel inside the plan, so every renderer shows them); errors are thrown. */
export async function loadState(dir: string): Promise<{ desired: DesiredState; warnings: Diagnostic[] }> {
  const { state, diagnostics } = await loadDesiredState(dir);
  if (state === undefined) throw new DiagnosticsError(diagnostics);
  return { desired: state, warnings: diagnostics };
}

/** Builds the plan from a loaded state and a live read; planning errors are thrown as diagnostics. */
export function planFrom(loaded: { desired: DesiredState; warnings: Diagnostic[] }, dir: string, live: LiveState): Plan {
  const { plan, diagnostics } = buildPlan({ desired: { ...loaded.desired, dir }, live, createdAt: new Date().toISOString(), toolVersion: toolVersion() });
  if (plan === undefined) throw new DiagnosticsError([...loaded.warnings, ...diagnostics]);
  return { ...plan, diagnostics: [...loaded.warnings, ...plan.diagnostics] };
}

export interface Connection {
  client: CxoneClient;
  metrics: Metrics;
  config: CxoneConfig;
}

/** A client for the tenant in the environment (CXONE_*), with HTTP timeouts from CXSKILLS_*TIMEOUT_MS. */
export function connect(io: CliIo, ratePerSecond: number): Connection {
  const config = configFromEnv(io.env);
  const timeouts = timeoutsFromEnv(io.env);
  const { policy, metrics } = createPolicy({ ratePerSecond });
  return { client: new CxoneClient(config, { policy, timeouts }), metrics, config };
}
