/**
 * The executor: runs a plan's calls through the client, adds before changes before removals, a few calls
 * at a time but never two that name the same agent or skill. Nothing is written blind: each PUT and
 * DELETE reads its list first (and writes with If-Match where the server sends ETags); conflicts, items
 * the API failed and unknown outcomes re-read and reconcile (see execute-call.ts). Failing calls never
 * stop the others.
 */
import type { SliceRead } from '../cxone/client.js';
import type { AssignmentValue, WriteResult } from '../model/types.js';
import type { Change, ChangeKind, HttpMethod, Plan, PlannedCall } from '../plan/types.js';
import { runCall, type CallContext } from './execute-call.js';
import { runExclusive } from './execute-schedule.js';
import { pairKey, resourcesOf, SliceCache } from './execute-slices.js';

/** What the executor needs of a client (CxoneClient fits; tests may pass a decorated one). */
export interface WriteClient {
  write(call: PlannedCall, ifMatch?: string): Promise<WriteResult>;
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
  /** Write attempts per planned call, counting those after re-reads. */
  maxAttempts?: number;
  /**
   * Read each PUT's and DELETE's agent or skill list before its first write and send If-Match (default
   * true), so no write lands blind on a change someone else made since the plan. Costs one read per list.
   */
  guard?: boolean;
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

export async function executePlan(plan: Plan, client: WriteClient, options: ExecuteOptions = {}): Promise<ExecuteResult> {
  const concurrency = options.concurrency ?? 4;
  const ctx: CallContext = {
    client,
    plan,
    slices: new SliceCache(),
    maxAttempts: options.maxAttempts ?? 4,
    guard: options.guard ?? true,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    now: options.now ?? (() => new Date()),
    ...(options.audit ? { audit: options.audit } : {}),
  };
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
          const outcome = await runCall(call, changes, ctx);
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
