/**
 * One planned call, run to its end. The API answers each item on its own (a 200 may carry failed items);
 * items it applied are done. A conflict (409), a moved version (412, where the server sends ETags), items
 * it failed, and unknown outcomes (a write cut off, timed out or answered 5xx, or an item its answer does
 * not name) send the call to re-read and reconcile every pending change with what is live now: as desired
 * already → done, never written twice; as the plan found it → written again (unless the API failed it:
 * then it fails with the API's reason); anything else → someone else changed that pair since the plan,
 * and it is not overwritten. Before each write, an intent line per item goes to the audit log.
 */
import { isCxoneError, type CxoneError } from '../cxone/errors.js';
import type { AssignmentValue, WriteResult } from '../model/types.js';
import { itemOf } from '../plan/group.js';
import type { Change, Plan, PlannedCall } from '../plan/types.js';
import type { AuditEntry, CallOutcome, ItemFailure, WriteClient } from './types.js';
import { callPath, pairKey, sliceKey, type SliceCache } from './execute-slices.js';
import { CONCURRENT_CHANGE, reconcile } from './reconcile.js';

export interface CallContext {
  client: WriteClient;
  plan: Plan;
  slices: SliceCache;
  /** Writes per call, counting those after re-reads. */
  maxAttempts: number;
  /**
   * Whether to read a PUT's or DELETE's list before its first write: `yes` where the server sends ETags
   * (the write then carries If-Match: compare-and-set) or where the wave guard cannot run; `probe` until
   * the first such read has shown whether ETags are sent; `no` otherwise.
   */
  readFirst: 'yes' | 'probe' | 'no';
  /** The one probe for ETags in flight: calls started side by side wait for it instead of each probing. */
  etagProbe?: Promise<void>;
  /** For the re-read after an unknown upsert: how far back its `UpdatedSince` reaches. */
  skewMs: number;
  sleep(ms: number): Promise<void>;
  now(): Date;
  audit?(entry: AuditEntry): void;
  /** Makes the intent lines durable before the write they announce is sent. */
  flushAudit?(): void;
  /** Told of every 409: the API saw two of our writes collide. */
  onConflict(): void;
}

export { CONCURRENT_CHANGE };

const RECOVERABLE = new Set(['CXONE_CONFLICT', 'CXONE_PRECONDITION_FAILED']);

export interface CallRun {
  outcome: CallOutcome;
  /** The changes left when the server turned out to have no bulk upsert: write them per agent or skill. */
  unsupported?: Change[];
}

export async function runCall(call: PlannedCall, planned: readonly Change[], ctx: CallContext): Promise<CallRun> {
  const path = callPath(call);
  const failures: ItemFailure[] = [];
  const rejected = new Map<string, string>();
  let applied = 0;
  let attempts = 0;
  let lastError: CxoneError | undefined;
  let pending = [...planned];
  let lastSent: Date | undefined;
  // No read before a POST: the API refuses to add a pair that is already assigned, so an add never lands on someone else's.
  let mustRead = ctx.readFirst !== 'no' && call.method !== 'POST' && call.target !== 'upsert';

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
  const outcome = (): CallOutcome => ({ call, status: failures.length === 0 ? 'applied' : applied > 0 ? 'partial' : 'failed', attempts, applied, failures });

  // Whether this server sends ETags is learned once, as cheaply as possible: one unpaged agent list.
  if (mustRead && ctx.readFirst === 'probe' && call.target === 'skill' && call.items[0] !== undefined) {
    const agentId = call.items[0].agentId;
    ctx.etagProbe ??= (async () => {
      try {
        const probe = await ctx.client.getAgentSkills(agentId);
        if (ctx.readFirst === 'probe') ctx.readFirst = probe.etag === undefined ? 'no' : 'yes';
      } catch (error) {
        if (!isCxoneError(error)) throw error;
        // Unknown: read this call's list as if ETags were sent (the safe side), and learn from that read.
      } finally {
        ctx.etagProbe = undefined;
      }
    })();
    await ctx.etagProbe;
    // Another call's probe may have decided it meanwhile (the narrowing above does not see that).
    if ((ctx.readFirst as CallContext['readFirst']) === 'no') mustRead = false;
  }
  while (pending.length > 0) {
    if (mustRead) {
      let live: Map<string, AssignmentValue>;
      try {
        live = await reread(call, pending, ctx, lastSent);
      } catch (error) {
        if (!isCxoneError(error)) throw error;
        // Nothing is written on a guess: without a good read, the pending changes fail (a next run retries them).
        const what = call.target === 'upsert' ? 'the pairs could not be read back' : `its ${call.target}'s list could not be read first`;
        for (const change of pending) fail(change, error.code, `not written: ${what}: ${error.message}`);
        pending = [];
        break;
      }
      const still: Change[] = [];
      for (const change of pending) {
        const key = pairKey(change.agentId, change.skillId);
        const verdict = reconcile(change, live.get(key));
        if (verdict === 'done') {
          audit(change, 'already-applied');
          applied++;
        } else if (verdict !== 'todo') fail(change, CONCURRENT_CHANGE, verdict);
        else if (rejected.has(key)) fail(change, 'CXONE_INVALID_ITEMS', rejected.get(key)!);
        else still.push(change);
      }
      pending = still;
      mustRead = false;
    }
    if (pending.length === 0 || attempts >= ctx.maxAttempts) break;

    attempts++;
    const write: PlannedCall = { ...call, items: pending.map(itemOf) };
    const ifMatch = call.target === 'upsert' ? undefined : ctx.slices.get(sliceKey(call))?.etag;
    for (const change of pending) audit(change, 'intent');
    ctx.flushAudit?.();
    lastSent = ctx.now();
    let res: WriteResult;
    try {
      res = await ctx.client.write(write, ifMatch);
    } catch (error) {
      if (!isCxoneError(error)) throw error;
      lastError = error;
      ctx.slices.forget(write);
      if (error.code === 'CXONE_UPSERT_UNSUPPORTED') {
        // Nothing was written: the caller writes these per agent or per skill instead.
        return { outcome: outcome(), unsupported: pending };
      }
      if (RECOVERABLE.has(error.code) || error.outcome === 'unknown') {
        mustRead = true;
        if (error.code === 'CXONE_CONFLICT') {
          ctx.onConflict();
          await ctx.sleep(100 * attempts + Math.random() * 200);
        }
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
  return { outcome: outcome() };
}

/**
 * The live values of the pending pairs. A per-agent or per-skill call reads its list (and keeps its ETag
 * where one is sent). An upsert names many agents: it asks what changed since it was sent (an upsert
 * stamps every pair it writes, so a pair that is not in the answer was not written).
 */
async function reread(call: PlannedCall, pending: readonly Change[], ctx: CallContext, sentAt: Date | undefined): Promise<Map<string, AssignmentValue>> {
  if (call.target === 'upsert') {
    const since = new Date((sentAt ?? ctx.now()).getTime() - ctx.skewMs).toISOString();
    const rows = await ctx.client.listAssignmentsUpdatedSince(since);
    const wanted = new Set(pending.map((c) => pairKey(c.agentId, c.skillId)));
    const live = new Map<string, AssignmentValue>();
    for (const change of pending) if (change.kind !== 'add') live.set(pairKey(change.agentId, change.skillId), change.before);
    for (const a of rows) {
      const key = pairKey(a.agentId, a.skillId);
      if (wanted.has(key)) live.set(key, { proficiency: a.proficiency, active: a.active });
    }
    return live;
  }
  const target = sliceKey(call);
  let known = ctx.slices.get(target);
  if (known === undefined) {
    known = ctx.slices.remember(target, call.target === 'agent' ? await ctx.client.getAgentSkills(call.id) : await ctx.client.getSkillAgents(call.id));
    // The first list read tells whether this server sends ETags: if it does, every PUT and DELETE is read first and conditional.
    if (ctx.readFirst === 'probe') ctx.readFirst = known.etag === undefined ? 'no' : 'yes';
  }
  return known.live;
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
