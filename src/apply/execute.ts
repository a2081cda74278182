/**
 * The executor: runs a plan's calls through the client. A call that meets a conflict (409), a moved
 * version (412), rejected items (400) or an unknown outcome (a write cut off, timed out or answered 5xx)
 * is not repeated blindly: its agent or skill is re-read, the remaining work re-diffed, and only what is
 * still needed is written, with If-Match on the version just read. Failing calls never stop the others.
 */
import { isCxoneError, type CxoneError } from '../cxone/errors.js';
import type { SliceRead } from '../cxone/client.js';
import type { AssignmentValue } from '../model/types.js';
import { itemOf } from '../plan/group.js';
import { runExclusive } from './execute-schedule.js';
import type { Change, ChangeKind, HttpMethod, Plan, PlannedCall } from '../plan/types.js';

/** What the executor needs of a client (CxoneClient fits; tests may pass a decorated one). */
export interface WriteClient {
  write(call: PlannedCall, ifMatch?: string): Promise<SliceRead>;
  getAgentSkills(agentId: number): Promise<SliceRead>;
  getSkillAgents(skillId: number): Promise<SliceRead>;
}

export interface AuditEntry {
  time: string;
  outcome: 'applied' | 'already-applied' | 'failed';
  kind: ChangeKind;
  agentId: number;
  agentName?: string;
  skillId: number;
  skillName?: string;
  before: AssignmentValue | null;
  after: AssignmentValue | null;
  call: { method: HttpMethod; path: string; attempt: number };
  error?: { code: string; message: string };
}

export interface ItemFailure {
  change: Change;
  code: string;
  message: string;
}

export interface CallOutcome {
  call: PlannedCall;
  status: 'applied' | 'partial' | 'failed';
  attempts: number;
  applied: number;
  failures: ItemFailure[];
}

export interface ExecuteOptions {
  /** Calls in flight at once (the throttle still paces them). */
  concurrency?: number;
  /** Write attempts per planned call, counting re-reads after conflicts. */
  maxAttempts?: number;
  onProgress?: (progress: { callsDone: number; callsTotal: number; changesApplied: number; changesFailed: number }) => void;
  audit?: (entry: AuditEntry) => void;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface ExecuteResult {
  outcomes: CallOutcome[];
  applied: number;
  failed: number;
  failures: ItemFailure[];
}

const PHASES: readonly HttpMethod[] = ['POST', 'PUT', 'DELETE'];
const RECOVERABLE = new Set(['CXONE_CONFLICT', 'CXONE_PRECONDITION_FAILED', 'CXONE_INVALID_ITEMS']);

export async function executePlan(plan: Plan, client: WriteClient, options: ExecuteOptions = {}): Promise<ExecuteResult> {
  const concurrency = options.concurrency ?? 4;
  const changesByPair = new Map<string, Change>(plan.changes.map((c) => [pairKey(c.agentId, c.skillId), c]));
  const outcomes: CallOutcome[] = [];
  let applied = 0;
  let failed = 0;
  let callsDone = 0;
  const report = () => options.onProgress?.({ callsDone, callsTotal: plan.calls.length, changesApplied: applied, changesFailed: failed });

  // Adds, then changes, then removals: an agent gains new skills before losing old ones.
  for (const method of PHASES) {
    const tasks = plan.calls
      .filter((c) => c.method === method)
      .map((call) => ({
        keys: resourcesOf(call),
        run: async () => {
          const changes = call.items.map((item) => {
            const change = changesByPair.get(pairKey(item.agentId, item.skillId));
            if (change === undefined) throw new Error(`plan call ${call.method} ${call.target} ${call.id} has an item that is not among the plan's changes`);
            return change;
          });
          const outcome = await runCall(call, changes, plan, client, options);
          outcomes.push(outcome);
          applied += outcome.applied;
          failed += outcome.failures.length;
          callsDone++;
          report();
        },
      }));
    // Two writes naming the same agent or skill at once would meet 409 from the API (and retry after a pause).
    await runExclusive(tasks, concurrency);
  }
  return { outcomes, applied, failed, failures: outcomes.flatMap((o) => o.failures) };
}

async function runCall(call: PlannedCall, planned: Change[], plan: Plan, client: WriteClient, options: ExecuteOptions): Promise<CallOutcome> {
  const maxAttempts = options.maxAttempts ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? (() => new Date());
  const path = call.target === 'agent' ? `/agents/${call.id}/skills` : `/skills/${call.id}/agents`;
  const desired = new Map<string, AssignmentValue | null>(planned.map((c) => [pairKey(c.agentId, c.skillId), c.kind === 'remove' ? null : c.after]));
  const failures: ItemFailure[] = [];
  let appliedCount = 0;
  let pending = planned;
  let etag: string | undefined;
  let attempts = 0;
  let lastError: CxoneError | undefined;
  const rejectedOnce = new Map<string, string>();

  const audit = (change: Change, outcome: AuditEntry['outcome'], attempt: number, error?: { code: string; message: string }) => {
    options.audit?.({
      time: now().toISOString(),
      outcome,
      kind: change.kind,
      agentId: change.agentId,
      ...(plan.names.agents[change.agentId] ? { agentName: plan.names.agents[change.agentId] } : {}),
      skillId: change.skillId,
      ...(plan.names.skills[change.skillId] ? { skillName: plan.names.skills[change.skillId] } : {}),
      before: change.kind === 'add' ? null : change.before,
      after: change.kind === 'remove' ? null : change.after,
      call: { method: methodOf(change.kind), path, attempt },
      ...(error ? { error } : {}),
    });
  };

  while (pending.length > 0 && attempts < maxAttempts) {
    let needsReread = false;
    for (const sub of splitByKind(call, pending)) {
      attempts++;
      try {
        const res = await client.write(sub.call, etag);
        etag = res.etag;
        for (const change of sub.changes) audit(change, 'applied', attempts);
        appliedCount += sub.changes.length;
        pending = pending.filter((c) => !sub.changes.includes(c));
      } catch (error) {
        if (!isCxoneError(error)) throw error;
        lastError = error;
        if (RECOVERABLE.has(error.code) || error.outcome === 'unknown') {
          for (const d of error.details ?? []) {
            const change = sub.changes[d.index];
            if (change) rejectedOnce.set(pairKey(change.agentId, change.skillId), d.message);
          }
          needsReread = true;
          break;
        }
        // Refused for good (404, 4xx, retries exhausted): these items fail; the rest go on.
        for (const change of sub.changes) {
          failures.push({ change, code: error.code, message: error.message });
          audit(change, 'failed', attempts, { code: error.code, message: error.message });
        }
        pending = pending.filter((c) => !sub.changes.includes(c));
      }
    }
    if (!needsReread || pending.length === 0) continue;
    if (attempts >= maxAttempts) break;
    if (lastError?.code === 'CXONE_CONFLICT') await sleep(100 * attempts + Math.random() * 200);
    let slice: SliceRead;
    try {
      slice = call.target === 'agent' ? await client.getAgentSkills(call.id) : await client.getSkillAgents(call.id);
    } catch (error) {
      if (!isCxoneError(error)) throw error;
      lastError = error;
      break;
    }
    etag = slice.etag;
    const live = new Map<string, AssignmentValue>(slice.assignments.map((a) => [pairKey(a.agentId, a.skillId), { proficiency: a.proficiency, active: a.active }]));
    const next: Change[] = [];
    for (const change of pending) {
      const key = pairKey(change.agentId, change.skillId);
      const redo = rediff(change, live.get(key), desired.get(key) ?? null);
      if (redo === undefined) {
        // Already as desired: a write whose answer was lost did happen, or someone else did it. Not repeated.
        audit(change, 'already-applied', attempts);
        appliedCount++;
        continue;
      }
      const rejection = rejectedOnce.get(key);
      if (rejection !== undefined && sameChange(redo, change)) {
        failures.push({ change, code: 'CXONE_INVALID_ITEMS', message: rejection });
        audit(change, 'failed', attempts, { code: 'CXONE_INVALID_ITEMS', message: rejection });
        continue;
      }
      rejectedOnce.delete(key);
      next.push(redo);
    }
    pending = next;
  }
  for (const change of pending) {
    const message = `gave up after ${attempts} attempts${lastError ? `: ${lastError.message}` : ''}`;
    failures.push({ change, code: lastError?.code ?? 'APPLY_GAVE_UP', message });
    audit(change, 'failed', attempts, { code: lastError?.code ?? 'APPLY_GAVE_UP', message });
  }
  const status = failures.length === 0 ? 'applied' : appliedCount > 0 ? 'partial' : 'failed';
  return { call, status, attempts, applied: appliedCount, failures };
}

/** The change still needed for one pair, given what was just read; undefined when it is already as desired. */
function rediff(original: Change, live: AssignmentValue | undefined, desired: AssignmentValue | null): Change | undefined {
  const { agentId, skillId } = original;
  if (desired === null) return live === undefined ? undefined : { kind: 'remove', agentId, skillId, before: live };
  if (live === undefined) return { kind: 'add', agentId, skillId, after: desired };
  if (live.proficiency === desired.proficiency && live.active === desired.active) return undefined;
  return { kind: 'update', agentId, skillId, before: live, after: desired };
}

function sameChange(a: Change, b: Change): boolean {
  return JSON.stringify(itemOf(a)) === JSON.stringify(itemOf(b)) && a.kind === b.kind;
}

/** The pending changes of one target as at most three calls (adds, updates, removals) on that same target. */
function splitByKind(call: PlannedCall, pending: Change[]): Array<{ call: PlannedCall; changes: Change[] }> {
  const out: Array<{ call: PlannedCall; changes: Change[] }> = [];
  for (const method of PHASES) {
    const changes = pending.filter((c) => methodOf(c.kind) === method);
    if (changes.length > 0) out.push({ call: { method, target: call.target, id: call.id, items: changes.map(itemOf) }, changes });
  }
  return out;
}

function methodOf(kind: ChangeKind): HttpMethod {
  return kind === 'add' ? 'POST' : kind === 'update' ? 'PUT' : 'DELETE';
}

/** Every agent and skill a call writes to: its target and the other side of each item. */
function resourcesOf(call: PlannedCall): string[] {
  const others = call.items.map((i) => (call.target === 'agent' ? `skill:${i.skillId}` : `agent:${i.agentId}`));
  return [`${call.target}:${call.id}`, ...others];
}

function pairKey(agentId: number, skillId: number): string {
  return `${agentId}/${skillId}`;
}
