/**
 * The executor: runs a plan's calls through the client, adds and changes before removals, in waves. Before
 * each wave the wave guard asks the API what moved since its last read and reconciles the pairs the wave
 * would write (the API has no compare-and-set: see wave-guard.ts). Within a wave a few calls run at once,
 * never two that the API would see collide (409). Failed items, conflicts and unknown outcomes re-read and
 * reconcile (execute-call.ts). A server without the bulk upsert gets per-agent and per-skill writes
 * instead, for the rest of the run. Failing calls never stop the others, unless the same lasting failure
 * repeats (breaker.ts): then no call starts any more, and what is left is "not attempted".
 */
import { setTimeout as delay } from 'node:timers/promises';
import { isCxoneError } from '../cxone/errors.js';
import type { AssignmentValue } from '../model/types.js';
import { groupIntoCalls } from '../plan/group.js';
import type { Change, HttpMethod, Plan, PlannedCall } from '../plan/types.js';
import { Breaker, type Stopped } from './breaker.js';
import { runCall, type CallContext, type CallRun } from './execute-call.js';
import { runExclusive } from './execute-schedule.js';
import { callPath, pairKey, resourcesOf, SliceCache, type CollisionKeys } from './execute-slices.js';
import { CONCURRENT_CHANGE, reconcile } from './reconcile.js';
import type { AuditEntry, CallOutcome, ItemFailure, WriteClient } from './types.js';

export type { AuditEntry, CallOutcome, ItemFailure, WriteClient } from './types.js';
import { DEFAULT_SKEW_MS, WaveGuard } from './wave-guard.js';

export interface ExecuteOptions {
  /** Calls in flight at once (the throttle still paces them). */
  concurrency?: number;
  /** Write attempts per planned call, counting those after re-reads. */
  maxAttempts?: number;
  /**
   * Guard the writes against concurrent edits (default true): one `UpdatedSince` read before each wave,
   * and the pairs that moved reconciled. Off: writes go out without looking (runs known to be alone).
   */
  guard?: boolean;
  /** Calls per wave (default 16: about 2 s at 8 requests/s). */
  waveCalls?: number;
  /** When the live state the plan was checked against was read: the first guard read starts there (default: now). */
  readAt?: Date;
  /** Subtracted from every `UpdatedSince` instant, for clock differences with the API (default 2 s). */
  skewMs?: number;
  /** Calls in a row failing the same lasting way before no more start (default 5). */
  breakerThreshold?: number;
  /** Aborted (SIGINT, SIGTERM): no call starts any more; the calls in flight finish and are audited. */
  signal?: AbortSignal;
  /**
   * Write changes (updates) per agent or per skill with PUT, not in upserts; adds stay in upserts. A PUT of
   * a pair someone removed fails for that item (and is reported as changed by someone else) where an
   * upsert would add it back: for runs whose staleness check cannot see removals (the delta check).
   */
  updatesPerList?: boolean;
  /** Told once when the run falls back (no upsert, no `UpdatedSince`): what and why. */
  onNotice?: (message: string) => void;
  onProgress?: (progress: { callsDone: number; callsTotal: number; changesApplied: number; changesFailed: number }) => void;
  audit?: (entry: AuditEntry) => void;
  /** Called after the intent lines of a write and before it is sent: make them durable. */
  flushAudit?: () => void;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface ExecuteResult {
  outcomes: CallOutcome[];
  applied: number;
  failed: number;
  failures: ItemFailure[];
  /** Changes no call was started for, because the breaker opened: not failures, a re-run does them. */
  notAttempted: Change[];
  /** Why the run stopped starting calls, when it did. */
  stopped?: Stopped;
  /** Guard reads made, and the waves written. */
  guard: { reads: number; waves: number };
  /** True when the server had no bulk upsert and the run wrote per agent or skill instead. */
  upsertFallback: boolean;
  /** The value last seen moved, per pair, by the guard's reads (this run's own writes included). */
  seen: ReadonlyMap<string, AssignmentValue>;
}

interface Task {
  call: PlannedCall;
  changes: Change[];
}

export const DEFAULT_WAVE_CALLS = 16;

/** Adds and changes (one phase: an upsert carries both), then removals: an agent gains new skills before losing old ones. */
const PHASES: ReadonlyArray<ReadonlySet<HttpMethod>> = [new Set(['POST', 'PUT']), new Set(['DELETE'])];

export async function executePlan(plan: Plan, client: WriteClient, options: ExecuteOptions = {}): Promise<ExecuteResult> {
  const now = options.now ?? (() => new Date());
  const concurrency = options.concurrency ?? 4;
  const waveCalls = options.waveCalls ?? DEFAULT_WAVE_CALLS;
  if (!Number.isInteger(waveCalls) || waveCalls < 1) throw new RangeError(`waveCalls must be a positive integer, got ${waveCalls}`);
  const skewMs = options.skewMs ?? DEFAULT_SKEW_MS;
  let guard = options.guard === false ? undefined : new WaveGuard(client, options.readAt ?? now(), { now, skewMs });
  let keys: CollisionKeys = 'agents';
  const ctx: CallContext = {
    client,
    plan,
    slices: new SliceCache(),
    maxAttempts: options.maxAttempts ?? 4,
    readFirst: options.guard === false ? 'no' : 'probe',
    skewMs,
    // No signal: a call in flight when the run is interrupted finishes its re-reads and is audited.
    sleep: options.sleep ?? ((ms: number) => delay(ms)),
    now,
    ...(options.audit ? { audit: options.audit } : {}),
    ...(options.flushAudit ? { flushAudit: options.flushAudit } : {}),
    // The API saw two of our writes collide where the contract says they should not: hold whole lists from now on.
    onConflict: () => void (keys = 'lists'),
  };
  const changesByPair = new Map<string, Change>(plan.changes.map((c) => [pairKey(c.agentId, c.skillId), c]));
  const changesOf = (call: PlannedCall): Change[] =>
    call.items.map((item) => {
      const change = changesByPair.get(pairKey(item.agentId, item.skillId));
      if (change === undefined) throw new Error(`plan call ${call.method} ${call.target} ${call.id} has an item that is not among the plan's changes`);
      return change;
    });
  const breaker = new Breaker(options.breakerThreshold);
  const interrupt = () => breaker.trip('APPLY_INTERRUPTED', `stopped by ${String(options.signal?.reason ?? 'a signal')}`, 'interrupted');
  if (options.signal?.aborted) interrupt();
  options.signal?.addEventListener('abort', interrupt, { once: true });
  const outcomes: CallOutcome[] = [];
  /** Changes the guard found changed by someone else before their call was sent. */
  const screenedOut: ItemFailure[] = [];
  const notAttempted: Change[] = [];
  let applied = 0;
  let failed = 0;
  let callsDone = 0;
  let callsTotal = plan.calls.length;
  let waves = 0;
  let upsertFallback = false;
  /** Changes of upserts the server refused in the current wave, to be regrouped per agent or skill after it. */
  const unsupported: Change[] = [];
  const report = () => options.onProgress?.({ callsDone, callsTotal, changesApplied: applied, changesFailed: failed });
  const settled = { done: () => void applied++, fail: (failure: ItemFailure) => void (failed++, screenedOut.push(failure)) };

  const calls = options.updatesPerList ? updatesAsPuts(plan.calls, changesOf, plan.grouping.itemLimit) : plan.calls;
  callsTotal = calls.length;
  for (const phase of PHASES) {
    const queue: Task[] = calls.filter((c) => phase.has(c.method)).map((call) => ({ call, changes: changesOf(call) }));
    while (queue.length > 0 && breaker.stopped === undefined) {
      const wave = queue.splice(0, waveCalls);
      waves++;
      if (guard !== undefined) {
        // Every pair seen moved by any guard read so far: a change seen before an earlier wave may be to a pair of this one.
        let moved: ReadonlyMap<string, AssignmentValue>;
        try {
          await guard.read();
          moved = guard.seen;
        } catch (error) {
          if (!isCxoneError(error)) throw error;
          if (error.status === 400) {
            // The server does not take UpdatedSince: guard each PUT and DELETE by reading its list first.
            options.onNotice?.(`the API refused GET /agents/skills?UpdatedSince (${error.message}); guarding each PUT and DELETE by reading its list first instead`);
            guard = undefined;
            ctx.readFirst = 'yes';
            moved = new Map();
          } else {
            breaker.trip(error.code, `the guard read before a wave of writes failed: ${error.message}`);
            queue.unshift(...wave);
            break;
          }
        }
        for (const task of wave) task.changes = screen(task, moved, { now, settled, ...(options.audit ? { audit: options.audit } : {}) });
      }
      const tasks = wave.map((task) => ({
        // Conditional writes (where ETags may be sent) to one list must not pass each other: each moves its ETag.
        keys: resourcesOf({ ...task.call, items: task.changes.map((c) => ({ agentId: c.agentId, skillId: c.skillId })) }, keys, ctx.readFirst !== 'no'),
        run: async () => {
          if (task.changes.length === 0) {
            callsDone++;
            return report();
          }
          if (breaker.stopped !== undefined) {
            notAttempted.push(...task.changes);
            return;
          }
          // Once the server turned out to have no upsert, the rest of this wave's upserts are not even sent.
          const run: CallRun = task.call.target === 'upsert' && upsertFallback ? { outcome: { call: task.call, status: 'failed', attempts: 0, applied: 0, failures: [] }, unsupported: task.changes } : await runCall(task.call, task.changes, ctx);
          if (run.unsupported !== undefined) {
            if (!upsertFallback) options.onNotice?.('this server has no bulk upsert (POST /agents/skills): writing per agent and per skill instead');
            upsertFallback = true;
            unsupported.push(...run.unsupported);
            callsTotal--;
            return;
          }
          outcomes.push(run.outcome);
          applied += run.outcome.applied;
          failed += run.outcome.failures.length;
          breaker.record(run.outcome);
          callsDone++;
          report();
        },
      }));
      // Two writes that the API would see collide at once would meet 409 (and retry after a pause).
      await runExclusive(tasks, concurrency);
      if (unsupported.length > 0) {
        // No bulk upsert here: what these upserts carried, and every upsert still queued, goes per agent or per
        // skill, grouped together (as few calls as the plan would have had without upserts), for the rest of the run.
        const upserts = queue.filter((t) => t.call.target === 'upsert');
        const rest = [...unsupported.splice(0), ...upserts.flatMap((t) => t.changes)];
        const regrouped = groupIntoCalls(rest, plan.grouping.itemLimit).map((call) => ({ call, changes: changesOf(call) }));
        queue.splice(0, queue.length, ...regrouped, ...queue.filter((t) => t.call.target !== 'upsert'));
        callsTotal += regrouped.length - upserts.length;
      }
    }
    if (breaker.stopped !== undefined) for (const task of queue.splice(0)) notAttempted.push(...task.changes);
  }
  // One more read: it shows the last wave's writes, so verification needs no re-read of the tenant.
  if (guard !== undefined && applied > 0) {
    try {
      await guard.read();
    } catch (error) {
      if (!isCxoneError(error)) throw error;
    }
  }
  return {
    outcomes,
    applied,
    failed,
    failures: [...screenedOut, ...outcomes.flatMap((o) => o.failures)],
    notAttempted,
    ...(breaker.stopped ? { stopped: breaker.stopped } : {}),
    guard: { reads: guard?.reads ?? 0, waves },
    upsertFallback,
    seen: guard?.seen ?? new Map(),
  };
}

/** The calls with every update taken out of the upserts and grouped per agent or per skill (PUT); adds stay in upserts. */
function updatesAsPuts(calls: readonly PlannedCall[], changesOf: (call: PlannedCall) => Change[], itemLimit: number): PlannedCall[] {
  const updates: Change[] = [];
  const out: PlannedCall[] = [];
  for (const call of calls) {
    if (call.target !== 'upsert') {
      out.push(call);
      continue;
    }
    const changes = changesOf(call);
    const adds = call.items.filter((_, i) => changes[i]!.kind === 'add');
    updates.push(...changes.filter((c) => c.kind === 'update'));
    if (adds.length > 0) out.push({ ...call, items: adds });
  }
  // Before the removals (a later phase): the order of the phases is kept.
  return [...out.filter((c) => c.method !== 'DELETE'), ...groupIntoCalls(updates, itemLimit), ...out.filter((c) => c.method === 'DELETE')];
}

/** Before a wave: each change of a call whose pair moved since the last read is reconciled; what is left is still to write. */
function screen(
  task: Task,
  moved: ReadonlyMap<string, AssignmentValue>,
  o: { now: () => Date; audit?: (entry: AuditEntry) => void; settled: { done(): void; fail(failure: ItemFailure): void } },
): Change[] {
  const left: Change[] = [];
  const audit = (change: Change, outcome: AuditEntry['outcome'], error?: { code: string; message: string }) =>
    o.audit?.({
      time: o.now().toISOString(),
      outcome,
      kind: change.kind,
      agentId: change.agentId,
      skillId: change.skillId,
      before: change.kind === 'add' ? null : change.before,
      after: change.kind === 'remove' ? null : change.after,
      call: { method: task.call.method, path: callPath(task.call), attempt: 0 },
      ...(error ? { error } : {}),
    });
  for (const change of task.changes) {
    const live = moved.get(pairKey(change.agentId, change.skillId));
    const verdict = live === undefined ? 'todo' : reconcile(change, live);
    if (verdict === 'todo') left.push(change);
    else if (verdict === 'done') {
      audit(change, 'already-applied');
      o.settled.done();
    } else {
      audit(change, 'failed', { code: CONCURRENT_CHANGE, message: verdict });
      o.settled.fail({ change, code: CONCURRENT_CHANGE, message: verdict });
    }
  }
  return left;
}
