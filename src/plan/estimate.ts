/** What apply of a plan will cost: the calls it makes (reads and writes, guard included) and their time at the rate. Pure. */
import { groupIntoCalls } from './group.js';
import type { Change, Plan, PlanEstimate } from './types.js';

export interface EstimateInput {
  ratePerSecond: number;
  /** Pages the plan's own read of the tenant took: apply's staleness check reads them again. */
  pagesRead: number;
  /** Rows the API serves per page (contract v2: often 100). */
  pageRows: number;
  /** Calls per wave of writes (one guard read before each). */
  waveCalls: number;
  /**
   * The plan records when its read started, so `apply --plan` can check staleness by delta (a few pages)
   * when the plan neither removes nor switches off anything; it then writes updates per list (PUT).
   */
  deltaStaleness?: boolean;
  /** Skills of the tenant: the delta check reads their list (default: one page). */
  skills?: number;
}

/** Pages of a delta staleness check when nothing moved: what moved (one page), changed agents (one), and the skills list. */
function deltaPages(input: EstimateInput): number {
  return 2 + Math.max(1, Math.ceil((input.skills ?? 0) / Math.max(1, input.pageRows)));
}

/**
 * Reads: the staleness check (the pages this plan was read from, or a delta of a few pages), one guard
 * read before each wave plus one after the last (they also page through the pairs the waves wrote, which
 * is how the delta verification sees them: adds and changes; removals do not show), and nothing else.
 * Writes: the calls (with updates regrouped per list after a delta check).
 */
export function estimateApply(plan: Pick<Plan, 'calls' | 'counts'> & { changes?: readonly Change[] }, input: EstimateInput): PlanEstimate {
  const changes = plan.changes ?? [];
  const delta = input.deltaStaleness === true && !changes.some((c) => c.kind === 'remove' || (c.kind === 'update' && c.before.active && !c.after.active));
  const calls = delta ? [...plan.calls.filter((c) => c.target !== 'upsert'), ...upsertsOfAdds(plan, changes), ...groupIntoCalls(changes.filter((c) => c.kind === 'update'))] : plan.calls;
  const writes = calls.length;
  const adds = calls.filter((c) => c.method !== 'DELETE').length;
  const waves = Math.ceil(adds / input.waveCalls) + Math.ceil((writes - adds) / input.waveCalls);
  const echoed = plan.counts.add + plan.counts.update;
  const guard = writes === 0 ? 0 : waves + 1 + Math.ceil(echoed / Math.max(1, input.pageRows));
  const staleness = delta ? deltaPages(input) : input.pagesRead;
  const total = staleness + guard + writes;
  return { ratePerSecond: input.ratePerSecond, reads: { staleness, guard, verify: 0 }, writes, seconds: Math.round((total / input.ratePerSecond) * 10) / 10 };
}

/** The upserts left once updates go per list: as many as the adds need. */
function upsertsOfAdds(plan: Pick<Plan, 'calls'>, changes: readonly Change[]): Plan['calls'] {
  const addCount = changes.filter((c) => c.kind === 'add').length;
  const limit = Math.max(1, ...plan.calls.filter((c) => c.target === 'upsert').map((c) => c.items.length));
  return plan.calls.some((c) => c.target === 'upsert') ? Array.from({ length: Math.ceil(addCount / limit) }, () => ({ method: 'POST' as const, target: 'upsert' as const, id: 0, items: [] })) : [];
}
