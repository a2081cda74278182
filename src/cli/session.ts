/** What plan and apply share: loading the state dir, connecting to CXone with a policy, reading the tenant. */
import { loadDesiredState } from '../config/index.js';
import { CxoneClient, configFromEnv, timeoutsFromEnv, type CxoneConfig, type PageProgress } from '../cxone/index.js';
import { createPolicy } from '../apply/policy.js';
import type { Metrics } from '../apply/metrics.js';
import { DiagnosticsError, type Diagnostic } from '../model/diagnostics.js';
import { buildPlan, type Plan } from '../plan/index.js';
import { toolVersion } from '../version.js';
import type { DesiredState, LiveState } from '../model/types.js';
import type { CliIo } from './command.js';
import { progressLine } from './output.js';

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
  /** The whole tenant (bulk reads), with a progress line on a TTY. */
  readLive(): Promise<LiveState>;
}

const LIST_NAMES: Record<string, string> = { '/agents': 'agents', '/skills': 'skills', '/agents/skills': 'assignments' };

/** A client for the tenant in the environment (CXONE_*), with HTTP timeouts from CXSKILLS_*TIMEOUT_MS. */
export function connect(io: CliIo, ratePerSecond: number): Connection {
  const config = configFromEnv(io.env);
  const timeouts = timeoutsFromEnv(io.env);
  const { policy, metrics } = createPolicy({ ratePerSecond });
  const progress = progressLine(io);
  const seen = new Map<string, string>();
  const onPage = ({ path, read, total }: PageProgress) => {
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
