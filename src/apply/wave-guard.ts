/**
 * The wave guard: the API has no compare-and-set, so before each wave of writes apply asks what moved in
 * the tenant since its last read (`GET /agents/skills?UpdatedSince=…`, usually a page or two) and
 * reconciles the pairs the wave would write. A concurrent edit can then only be overwritten if it lands
 * within one wave. The rows also show this run's own writes of the wave before: they verify them.
 */
import type { Assignment, AssignmentValue } from '../model/types.js';
import { pairKey } from './execute-slices.js';

export interface GuardClient {
  listAssignmentsUpdatedSince(iso: string): Promise<Assignment[]>;
}

/** Subtracted from each read's instant, for the difference between this machine's clock and the API's. */
export const DEFAULT_SKEW_MS = 2000;

export class WaveGuard {
  readonly #client: GuardClient;
  readonly #now: () => Date;
  readonly #skewMs: number;
  #since: Date;
  /** Guard reads made (each one call or a few pages). */
  reads = 0;
  /** Every pair seen moved, with its value when last seen. */
  readonly seen = new Map<string, AssignmentValue>();

  constructor(client: GuardClient, since: Date, options: { now: () => Date; skewMs?: number }) {
    this.#client = client;
    this.#since = since;
    this.#now = options.now;
    this.#skewMs = options.skewMs ?? DEFAULT_SKEW_MS;
  }

  /**
   * The pairs changed since the last read (or since the read the plan was checked against), key →
   * value. Removals do not show: a pair someone removed meanwhile is not in the answer.
   */
  async read(): Promise<Map<string, AssignmentValue>> {
    const startedAt = this.#now();
    const rows = await this.#client.listAssignmentsUpdatedSince(new Date(this.#since.getTime() - this.#skewMs).toISOString());
    this.#since = startedAt;
    this.reads++;
    const moved = new Map<string, AssignmentValue>();
    for (const a of rows) {
      const value = { proficiency: a.proficiency, active: a.active };
      moved.set(pairKey(a.agentId, a.skillId), value);
      this.seen.set(pairKey(a.agentId, a.skillId), value);
    }
    return moved;
  }
}
