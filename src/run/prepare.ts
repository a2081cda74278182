/**
 * What apply knows before it asks for approval: the plan (made now from the state, or the reviewed one
 * checked again), the tenant as read, when that read began, and whether the staleness check was a delta.
 * Writes of an interrupted run are settled from that read first.
 */
import type { ReadMode } from '../cxone/read-scope.js';
import type { LiveState } from '../model/types.js';
import { recheckPolicy } from '../plan/policy.js';
import { stateAt } from '../plan/windows.js';
import type { Plan, PlanTarget } from '../plan/types.js';
import { checkReviewedPlan, openIntents, planRead, readForScope } from './read.js';
import { checkWindows } from './reviewed.js';
import { settleInterrupted, type Settled } from './settle.js';
import { planFromState, type LoadedState } from './state.js';
import type { Tenant } from './tenant.js';

export interface PrepareOptions {
  /** The reviewed plan (`apply --plan`); without it the plan is made from `state` now. */
  saved?: Plan;
  state: LoadedState;
  dir: string;
  auditFile: string;
  readMode: ReadMode;
  maxAgeMs?: number;
  upsert: boolean;
  target?: PlanTarget;
  onNotice(message: string): void;
}

export interface PreparedApply {
  plan: Plan;
  live: LiveState;
  /** The guard's first `UpdatedSince` read starts here. */
  readAt: Date;
  /** The reviewed plan was checked by delta: `live` holds only the changed pairs, updates go per list. */
  delta: boolean;
  /** Rows of a whole-tenant read, for choosing how to verify. */
  tenantRows?: number;
  settled: Settled;
}

export async function prepareApply(tenant: Tenant, o: PrepareOptions): Promise<PreparedApply> {
  const { saved } = o;
  if (saved) {
    const checked = await checkReviewedPlan(tenant, saved, { mode: o.readMode, ...(o.maxAgeMs === undefined ? {} : { maxAgeMs: o.maxAgeMs }), auditFile: o.auditFile, onNotice: o.onNotice });
    // A time window that opened or closed since the reviewed plan's instant makes its changes stale, even with the live slice unchanged.
    checkWindows(saved, o.state, checked.live, Date.now());
    // After a delta check `live` holds only the changed pairs: a re-read of the whole tenant is costed by the plan's read.
    const tenantRows = checked.tenantRows ?? (saved.read?.tenantPages === undefined ? undefined : saved.read.tenantPages * (tenant.client.pageRows ?? 100));
    // The policy is judged again with the committed rules on every in-scope holder as live now: after a delta check that takes a scope-sized read.
    const policyLive = checked.how === 'delta' && (o.state.desired.policy?.length ?? 0) > 0 ? (await readForScope(tenant, o.state.desired.scope, o.readMode, o.onNotice, o.readMode)).live : checked.live;
    // At the plan's instant, as the plan judged it: a windowed skill is held only inside its window.
    const plan = recheckPolicy(checked.plan, stateAt(o.state.desired, Date.parse(saved.at ?? saved.createdAt)), policyLive);
    return { plan, live: checked.live, readAt: checked.readAt, delta: checked.how === 'delta', ...(tenantRows === undefined ? {} : { tenantRows }), settled: checked.settled };
  }
  const readAt = new Date();
  // Intents to settle may name any pair: then the whole tenant.
  const scoped = await readForScope(tenant, o.state.desired.scope, (await openIntents(o.auditFile)) > 0 ? 'full' : o.readMode, o.onNotice, o.readMode);
  const settled = await settleInterrupted(o.auditFile, scoped.live);
  // This run is the plan's own read: no staleness check follows, and the writes keep their upserts.
  const plan = planFromState(o.state, o.dir, scoped.live, { upsert: o.upsert, cost: { ...tenant.cost(), deltaStaleness: false }, read: planRead(scoped.read), ...(o.target ? { target: o.target } : {}) });
  return { plan, live: scoped.live, readAt, delta: false, ...(scoped.read.tenantRows === undefined ? {} : { tenantRows: scoped.read.tenantRows }), settled };
}
