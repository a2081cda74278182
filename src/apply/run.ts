/** One apply run after approval: execute the plan, then verify with the cheapest re-read. Shared by the CLI and the bench. */
import type { CxoneClient } from '../cxone/client.js';
import type { Assignment, LiveState } from '../model/types.js';
import type { Change, Plan } from '../plan/types.js';
import { executePlan, type ExecuteOptions, type ExecuteResult } from './execute.js';
import type { MetricsSummary } from './metrics.js';
import { cheapestVerification, verifyChanges, type VerifyResult } from './verify.js';

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

/** `live` is the tenant as read before the run (to choose how to verify); failed changes are not verified. */
export async function runApply(plan: Plan, client: CxoneClient, live: LiveState, options: ExecuteOptions = {}): Promise<ApplyRun> {
  const started = performance.now();
  const result = await executePlan(plan, client, options);
  const written = performance.now();
  const failed = new Set(result.failures.map((f) => `${f.change.agentId}/${f.change.skillId}`));
  const toVerify = plan.changes.filter((c) => !failed.has(`${c.agentId}/${c.skillId}`));
  const verification = verifyChanges(toVerify, await readForVerification(client, toVerify, live));
  return { result, verification, timings: { writeMs: written - started, verifyMs: performance.now() - written } };
}

/** Re-reads what the plan touched, the cheapest way (whole tenant, touched agents, or touched skills). */
async function readForVerification(client: CxoneClient, changes: readonly Change[], live: LiveState): Promise<Assignment[]> {
  if (changes.length === 0) return [];
  const reads = cheapestVerification(changes, live.assignments, client.pageRows);
  if (reads.kind === 'bulk') return client.listAssignments();
  const read = (id: number) => (reads.kind === 'agents' ? client.getAgentSkills(id) : client.getSkillAgents(id));
  const out: Assignment[] = [];
  for (let i = 0; i < reads.ids.length; i += 4) {
    const slices = await Promise.all(reads.ids.slice(i, i + 4).map(read));
    for (const slice of slices) out.push(...slice.assignments);
  }
  return out;
}
