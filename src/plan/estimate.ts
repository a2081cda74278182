/** What apply of a plan will cost: the calls it makes (reads and writes, guard included) and their time at the rate. Pure. */
import type { Plan, PlanEstimate } from './types.js';

export interface EstimateInput {
  ratePerSecond: number;
  /** Pages the plan's own read of the tenant took: apply's staleness check reads them again. */
  pagesRead: number;
  /** Rows the API serves per page (contract v2: often 100). */
  pageRows: number;
  /** Calls per wave of writes (one guard read before each). */
  waveCalls: number;
}

/**
 * Reads: the staleness check (the pages this plan was read from), one guard read before each wave plus
 * one after the last (they also page through the pairs the waves wrote, which is how the delta
 * verification sees them: adds and changes; removals do not show), and nothing else. Writes: the calls.
 */
export function estimateApply(plan: Pick<Plan, 'calls' | 'counts'>, input: EstimateInput): PlanEstimate {
  const writes = plan.calls.length;
  const adds = plan.calls.filter((c) => c.method !== 'DELETE').length;
  const waves = Math.ceil(adds / input.waveCalls) + Math.ceil((writes - adds) / input.waveCalls);
  const echoed = plan.counts.add + plan.counts.update;
  const guard = writes === 0 ? 0 : waves + 1 + Math.ceil(echoed / Math.max(1, input.pageRows));
  const staleness = input.pagesRead;
  const calls = staleness + guard + writes;
  return { ratePerSecond: input.ratePerSecond, reads: { staleness, guard, verify: 0 }, writes, seconds: Math.round((calls / input.ratePerSecond) * 10) / 10 };
}
