/**
 * One planned call, run to its end. The API answers each item on its own (a 200 may carry failed items);
 * items it applied are done. A conflict (409), a moved version (412, where the server sends ETags), items
 * it failed, and unknown outcomes (a write cut off, timed out or answered 5xx, or an item its answer does
 * not name) send the call to re-read its list and reconcile every pending change with what is live now:
 * as desired already → done, never written twice; as the plan found it → written again (unless the API
 * failed it: then it fails with the API's reason); anything else → someone else changed that pair since
 * the plan, and it is not overwritten.
 */
import { isCxoneError, type CxoneError } from '../cxone/errors.js';
import type { AssignmentValue, WriteResult } from '../model/types.js';
import { itemOf } from '../plan/group.js';
import type { Change, Plan, PlannedCall } from '../plan/types.js';
import type { AuditEntry, CallOutcome, ItemFailure, WriteClient } from './execute.js';
import { pairKey, targetOf, type SliceCache } from './execute-slices.js';

export interface CallContext {
  client: WriteClient;
  plan: Plan;
  slices: SliceCache;
  /** Writes per call, counting those after re-reads. */
  maxAttempts: number;
  /** Read a PUT's or DELETE's list before its first write, so that write is conditional too. */
  guard: boolean;
  sleep(ms: number): Promise<void>;
  now(): Date;
  audit?(entry: AuditEntry): void;
}

/** The failure code of a change whose pair someone else changed after the plan was made. */
export const CONCURRENT_CHANGE = 'APPLY_CONCURRENT_CHANGE';

const RECOVERABLE = new Set(['CXONE_CONFLICT', 'CXONE_PRECONDITION_FAILED']);

export async function runCall(call: PlannedCall, planned: readonly Change[], ctx: CallContext): Promise<CallOutcome> {
  const target = targetOf(call);
  const path = call.target === 'agent' ? `/agents/${call.id}/skills` : `/skills/${call.id}/agents`;
  const failures: ItemFailure[] = [];
  const rejected = new Map<string, string>();
  let applied = 0;
  let attempts = 0;
  let lastError: CxoneError | undefined;
  let pending = [...planned];
  // No read before a POST: the API refuses to add a pair that is already assigned, so an add never lands on someone else's.
  let mustRead = ctx.guard && call.method !== 'POST';

  const audit = (change: Change, outcome: AuditEntry['outcome'], error?: { code: string; message: string }) => {
    const { names } = ctx.plan;
    ctx.audit?.({
      time: ctx.now().toISOString(),
      outcome,
      kind: change.kind,
      agentId: change.agentId,
      ...(names.agents[change.agentId] ? { agentName: names.agents[change.agentId] } : {}),
      skillId: change.skillId,
      ...(names.skills[change.skillId] ? { skillName: names.skills[change.skillId] } : {}),
      before: change.kind === 'add' ? null : change.before,
      after: change.kind === 'remove' ? null : change.after,
      call: { method: call.method, path, attempt: attempts },
      ...(error ? { error } : {}),
    });
  };
  const fail = (change: Change, code: string, message: string) => {
    failures.push({ change, code, message });
    audit(change, 'failed', { code, message });
  };

  while (pending.length > 0) {
    let known = ctx.slices.get(target);
    if (known === undefined && mustRead) {
      try {
        known = ctx.slices.remember(target, call.target === 'agent' ? await ctx.client.getAgentSkills(call.id) : await ctx.client.getSkillAgents(call.id));
      } catch (error) {
        if (!isCxoneError(error)) throw error;
        // Nothing is written on a guess: without a good read, the pending changes fail (a next run retries them).
        for (const change of pending) fail(change, error.code, `not written: its ${call.target}'s list could not be read first: ${error.message}`);
        pending = [];
        break;
      }
    }
    mustRead = false;
    if (known !== undefined) {
      const still: Change[] = [];
      for (const change of pending) {
        const key = pairKey(change.agentId, change.skillId);
        const verdict = reconcile(change, known.live.get(key));
        if (verdict === 'done') {
          audit(change, 'already-applied');
          applied++;
        } else if (verdict !== 'todo') fail(change, CONCURRENT_CHANGE, verdict);
        else if (rejected.has(key)) fail(change, 'CXONE_INVALID_ITEMS', rejected.get(key)!);
        else still.push(change);
      }
      pending = still;
    }
    if (pending.length === 0 || attempts >= ctx.maxAttempts) break;

    attempts++;
    const write: PlannedCall = { ...call, items: pending.map(itemOf) };
    const ifMatch = known?.etag;
    let res: WriteResult;
    try {
      res = await ctx.client.write(write, ifMatch);
    } catch (error) {
      if (!isCxoneError(error)) throw error;
      lastError = error;
      ctx.slices.forget(write);
      if (RECOVERABLE.has(error.code) || error.outcome === 'unknown') {
        mustRead = true;
        if (error.code === 'CXONE_CONFLICT') await ctx.sleep(100 * attempts + Math.random() * 200);
        continue;
      }
      // Refused for good (404, a 4xx for the whole body, retries exhausted): these items fail; the other calls go on.
      for (const change of pending) fail(change, error.code, error.message);
      pending = [];
      break;
    }
    const { done, open } = settleItems(pending, res, rejected);
    for (const change of done) audit(change, 'applied');
    applied += done.length;
    if (open.length === 0) {
      ctx.slices.wrote(write, done, res.etag, ifMatch !== undefined);
      pending = [];
      break;
    }
    // Some items failed or were not answered: the list may have moved in ways we did not see.
    ctx.slices.forget(write);
    pending = open;
    mustRead = true;
  }
  for (const change of pending) {
    fail(change, lastError?.code ?? 'APPLY_GAVE_UP', `gave up after ${attempts} attempts${lastError ? `: ${lastError.message}` : ''}`);
  }
  const status = failures.length === 0 ? 'applied' : applied > 0 ? 'partial' : 'failed';
  return { call, status, attempts, applied, failures };
}

/**
 * Splits the changes sent by the API's per-item results: applied ones are done; failed ones keep the API's
 * reason in `rejected` and, like items the answer did not name, stay open to be reconciled after a re-read.
 */
function settleItems(sent: readonly Change[], res: WriteResult, rejected: Map<string, string>): { done: Change[]; open: Change[] } {
  const results = new Map(res.items.map((r) => [pairKey(r.agentId, r.skillId), r]));
  const done: Change[] = [];
  const open: Change[] = [];
  for (const change of sent) {
    const key = pairKey(change.agentId, change.skillId);
    const result = results.get(key);
    if (result?.outcome === 'applied') done.push(change);
    else {
      if (result?.outcome === 'failed') rejected.set(key, `the API refused it: ${result.error ?? 'no reason given'}`);
      open.push(change);
    }
  }
  return { done, open };
}

/** What a pending change still needs, given the pair's live value: nothing, the planned write, or a person's decision. */
function reconcile(change: Change, live: AssignmentValue | undefined): 'done' | 'todo' | string {
  const desired = change.kind === 'remove' ? undefined : change.after;
  const before = change.kind === 'add' ? undefined : change.before;
  if (same(live, desired)) return 'done';
  if (same(live, before)) return 'todo';
  return `changed by someone else since the plan (planned from ${describe(before)}; now ${describe(live)}); not overwritten. Run plan again to decide.`;
}

function same(a: AssignmentValue | undefined, b: AssignmentValue | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.proficiency === b.proficiency && a.active === b.active;
}

function describe(v: AssignmentValue | undefined): string {
  return v === undefined ? 'not assigned' : `proficiency ${v.proficiency}, ${v.active ? 'active' : 'inactive'}`;
}
