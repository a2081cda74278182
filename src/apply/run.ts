/** One apply run after approval: execute the plan, then verify. Shared by the CLI and the bench. */
import type { CxoneClient } from '../cxone/client.js';
import type { Assignment, LiveState } from '../model/types.js';
import type { Change, Plan } from '../plan/types.js';
import { executePlan, type ExecuteOptions, type ExecuteResult } from './execute.js';
import { pairKey } from './execute-slices.js';
import type { MetricsSummary } from '../cxone/policy/metrics.js';
import { cheapestVerification, verifyChanges, type VerifyResult } from './verify.js';

/**
 * How apply checks that its changes took effect. `delta` (default with the guard on): adds and changes
 * from what the guard's `UpdatedSince` reads showed after they were written (a pair not shown is read
 * back), removals from the API's per-item results (a removal does not show in `UpdatedSince`). `full`:
 * every change read back, the cheapest way (whole tenant, touched agents, or touched skills).
 */
export type VerifyMode = 'delta' | 'full';

export interface ApplyRun {
  result: ExecuteResult;
  verification: VerifyResult;
  /** Milliseconds spent writing and verifying. */
  timings: { writeMs: number; verifyMs: number };
}

/** Everything a report of a finished run needs (text report and JSON summary alike). */
export interface ApplyOutcome {
  plan: Plan;
  result: ExecuteResult;
  verification: VerifyResult;
  metrics: MetricsSummary;
  durationMs: number;
  auditFile: string;
}

export interface ApplyRunOptions extends ExecuteOptions {
  verify?: VerifyMode;
  /**
   * Rows of the whole tenant, when `live` holds fewer (a read of the in-scope skills' lists, or the delta
   * staleness check): a re-read of the whole tenant is costed by it, not by `live`.
   */
  tenantRows?: number;
}

/** `live` is the tenant as read before the run (to choose how to verify); failed and unattempted changes are not verified. */
export async function runApply(plan: Plan, client: CxoneClient, live: LiveState, options: ApplyRunOptions = {}): Promise<ApplyRun> {
  const started = performance.now();
  const result = await executePlan(plan, client, options);
  const written = performance.now();
  const open = new Set([...result.failures.map((f) => f.change), ...result.notAttempted].map((c) => pairKey(c.agentId, c.skillId)));
  const toVerify = plan.changes.filter((c) => !open.has(pairKey(c.agentId, c.skillId)));
  const delta = (options.verify ?? 'delta') === 'delta' && options.guard !== false;
  const verification = delta ? await verifyDelta(client, toVerify, result, live, options.tenantRows) : { ...verifyChanges(toVerify, await readBack(client, toVerify, live, options.tenantRows)), method: 'full' as const };
  return { result, verification, timings: { writeMs: written - started, verifyMs: performance.now() - written } };
}

async function verifyDelta(client: CxoneClient, changes: readonly Change[], result: ExecuteResult, live: LiveState, tenantRows?: number): Promise<VerifyResult> {
  const shown: Assignment[] = [];
  const unseen: Change[] = [];
  let byResults = 0;
  for (const c of changes) {
    if (c.kind === 'remove') {
      byResults++;
      continue;
    }
    const value = result.seen.get(pairKey(c.agentId, c.skillId));
    if (value === undefined) unseen.push(c);
    else shown.push({ agentId: c.agentId, skillId: c.skillId, ...value });
  }
  const readBackRows = await readBack(client, unseen, live, tenantRows);
  const checked = verifyChanges(changes.filter((c) => c.kind !== 'remove'), [...shown, ...readBackRows]);
  return { checked: checked.checked + byResults, mismatches: checked.mismatches, method: 'delta', byResults };
}

/** Re-reads what `changes` touched, the cheapest way (whole tenant, touched agents, or touched skills). */
async function readBack(client: CxoneClient, changes: readonly Change[], live: LiveState, tenantRows?: number): Promise<Assignment[]> {
  if (changes.length === 0) return [];
  const reads = cheapestVerification(changes, live.assignments, client.pageRows, tenantRows);
  if (reads.kind === 'bulk') return client.listAssignments();
  const read = (id: number) => (reads.kind === 'agents' ? client.getAgentSkills(id) : client.getSkillAgents(id));
  const out: Assignment[] = [];
  for (let i = 0; i < reads.ids.length; i += 4) {
    const slices = await Promise.all(reads.ids.slice(i, i + 4).map(read));
    for (const slice of slices) out.push(...slice.assignments);
  }
  return out;
}
