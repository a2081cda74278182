/** What plan and apply share: loading the state dir, connecting to CXone with a policy, reading the tenant. */
import { loadDesiredState } from '../config/index.js';
import { CxoneClient, configFromEnv, type CxoneConfig } from '../cxone/index.js';
import { createPolicy } from '../apply/policy.js';
import type { Metrics } from '../apply/metrics.js';
import { DiagnosticsError } from '../model/diagnostics.js';
import type { DesiredState, LiveState } from '../model/types.js';
import type { CliIo } from './command.js';
import { printDiagnostics } from './output.js';

export async function loadState(dir: string, io: CliIo): Promise<DesiredState> {
  const { state, diagnostics } = await loadDesiredState(dir);
  if (state === undefined) throw new DiagnosticsError(diagnostics);
  printDiagnostics(io, diagnostics);
  return state;
}

export interface Connection {
  client: CxoneClient;
  metrics: Metrics;
  config: CxoneConfig;
}

export function connect(io: CliIo, ratePerSecond: number): Connection {
  const config = configFromEnv(io.env);
  const { policy, metrics } = createPolicy({ ratePerSecond });
  return { client: new CxoneClient(config, { policy }), metrics, config };
}

export async function readTenant(client: CxoneClient): Promise<LiveState> {
  return client.readLive();
}
