/** The saved plan file: a digest over what apply acts on, and the integrity a plan of the right shape must have before it is applied. Pure. */
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../model/diagnostics.js';
import { itemOf } from './group.js';
import type { CallItem, Change, Plan, PlannedCall } from './types.js';

export function planDigest(plan: Plan): string {
  const hash = createHash('sha256');
  // A fixed line format per part (not JSON of the objects), so the digest depends neither on the key
  // order of the saved file nor on allocating a copy of a large plan.
  hash.update(`cxskills-plan ${plan.formatVersion}\n${JSON.stringify({ skills: plan.scope?.skills, agents: plan.scope?.agents })}\n${plan.liveChecksum}\n`);
  const limits = plan.safetyLimits;
  if (limits) hash.update(`safety ${limits.maxRemoveRatio} ${limits.maxChangeRatio} ${limits.minManaged}\n`);
  const allowance = plan.coverageAllowance;
  if (allowance) hash.update(`coverage ${JSON.stringify([allowance.allowUncoveredSkills, allowance.allowUncoveredAgents])}\n`);
  // The narrowing decides which slice apply re-reads and checks, so an edit of it is an edit of the plan.
  const target = plan.target;
  if (target) hash.update(`target ${JSON.stringify([target.agents, target.skills])}\n`);
  // Which stretch between two window transitions the plan is for (its next transition), not the instant
  // itself: two plans of the same changes within one stretch are the same plan (github reviewed compares digests).
  // The scheduled pairs are covered too: they turn coverage findings into warnings.
  const w = plan.windows;
  if (w !== undefined) hash.update(`windows ${w.previous ?? '-'} ${w.next ?? '-'} ${Array.isArray(w.scheduled) ? w.scheduled.map((x) => `${x.agentId}/${x.skillId}`).join(',') : '-'}\n`);
  // The read's instant and skills are where apply's delta staleness check starts from: an edit of them is an edit of the plan.
  const read = plan.read;
  // The delta check also takes the managed slice's size from the plan (the safety ratios stand on it), so it is digested with the read.
  if (read) hash.update(`read ${String(read.at)} ${Array.isArray(read.skillIds) ? read.skillIds.join(',') : String(read.skillIds)} ${String(plan.counts?.managedAssignments)}\n`);
  hash.update(`agents ${Array.isArray(plan.managedAgentIds) ? plan.managedAgentIds.join(',') : String(plan.managedAgentIds)}\n`);
  let chunk: string[] = [];
  const flush = () => {
    hash.update(chunk.join(''));
    chunk = [];
  };
  for (const c of Array.isArray(plan.changes) ? plan.changes : []) {
    const before = 'before' in c && c.before ? `${c.before.proficiency}/${c.before.active}` : '-';
    const after = 'after' in c && c.after ? `${c.after.proficiency}/${c.after.active}` : '-';
    chunk.push(`c ${c.kind} ${c.agentId} ${c.skillId} ${before} ${after}\n`);
    if (chunk.length >= 4096) flush();
  }
  for (const call of Array.isArray(plan.calls) ? plan.calls : []) {
    chunk.push(`k ${call.method} ${call.target} ${call.id}\n`);
    for (const i of call.items ?? []) chunk.push(`i ${i.agentId} ${i.skillId} ${i.proficiency ?? '-'} ${i.active ?? '-'}\n`);
    if (chunk.length >= 4096) flush();
  }
  flush();
  return `sha256:${hash.digest('hex')}`;
}

const METHOD_OF: Record<Change['kind'], PlannedCall['method']> = { add: 'POST', update: 'PUT', remove: 'DELETE' };

/**
 * Whether `item` of `call` is exactly the write of `change`: the endpoint fits (its path id is the
 * item's agent or skill; an upsert takes adds and changes), the method fits the kind, and the values are
 * the change's (compared as values, so a copy with its keys in another order is the same plan).
 */
function carries(call: PlannedCall, item: CallItem, change: Change): boolean {
  const want = itemOf(change);
  const endpoint = call.target === 'upsert' ? call.method === 'POST' && change.kind !== 'remove' : METHOD_OF[change.kind] === call.method && (call.target === 'agent' ? item.agentId === call.id : item.skillId === call.id);
  return endpoint && item.proficiency === want.proficiency && item.active === want.active;
}

export function withDigest(plan: Plan): Plan {
  return { ...plan, digest: planDigest(plan) };
}

/**
 * What a plan of the right shape must also be before apply trusts it: its digest matches its content (it
 * was not edited), and its calls carry exactly its changes, each once, within the item limit.
 */
export function checkPlanIntegrity(plan: Plan, file: string, maxItems = 100): Diagnostic[] {
  const problem = (code: string, message: string): Diagnostic[] => [{ severity: 'error', code, message, file }];
  if (plan.digest !== planDigest(plan)) {
    return problem('PLAN_TAMPERED', 'the plan\'s digest does not match its content: it was edited after it was made. Make a new plan.');
  }
  const expected = new Map(plan.changes.map((c) => [`${c.agentId}/${c.skillId}`, c]));
  const seen = new Set<string>();
  for (const call of plan.calls) {
    if (call.items.length > maxItems) return problem('PLAN_INVALID', `a call carries ${call.items.length} items, above the limit of ${maxItems}`);
    for (const item of call.items) {
      const key = `${item.agentId}/${item.skillId}`;
      const change = expected.get(key);
      if (change === undefined || seen.has(key) || !carries(call, item, change)) {
        return problem('PLAN_TAMPERED', `call ${call.method} ${call.target} ${call.id} does not match the plan's changes (item ${key})`);
      }
      seen.add(key);
    }
  }
  if (seen.size !== expected.size) return problem('PLAN_TAMPERED', 'the plan\'s calls do not cover all of its changes');
  return [];
}
