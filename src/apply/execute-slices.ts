/**
 * What the executor knows of each agent's skill list and each skill's agent list during a run: the ETag
 * and the values from its last read, kept current through its own conditional (If-Match) writes, so a
 * later call on the same list needs no new read and still writes nothing blind.
 */
import type { SliceRead } from '../cxone/client.js';
import type { AssignmentValue } from '../model/types.js';
import type { Change, PlannedCall } from '../plan/types.js';

export interface KnownSlice {
  etag: string | undefined;
  /** `agentId/skillId` → value; a pair that is absent is not assigned. */
  live: Map<string, AssignmentValue>;
}

export function pairKey(agentId: number, skillId: number): string {
  return `${agentId}/${skillId}`;
}

/** The API path a call writes to. */
export function callPath(call: Pick<PlannedCall, 'target' | 'id'>): string {
  return call.target === 'agent' ? `/agents/${call.id}/skills` : call.target === 'skill' ? `/skills/${call.id}/agents` : '/agents/skills';
}

/** `agent:1001` or `skill:101`: the list a call writes to (an upsert writes to no one list). */
export function sliceKey(call: Pick<PlannedCall, 'target' | 'id'>): string {
  return `${call.target}:${call.id}`;
}

/**
 * What a call holds while it is in flight, so that two calls that would collide (409) never run at once:
 * `agents`, the agents it names (what the contract says collides); `lists`, also every skill it names and
 * its path resource (the stricter reading, taken for the rest of a run once the API has answered 409).
 * `holdTarget`: also its path list, where writes are conditional (If-Match on that list's ETag).
 */
export type CollisionKeys = 'agents' | 'lists';

export function resourcesOf(call: PlannedCall, keys: CollisionKeys = 'lists', holdTarget = false): string[] {
  const agents = call.target === 'agent' ? [`agent:${call.id}`] : call.items.map((i) => `agent:${i.agentId}`);
  if (keys === 'agents') return holdTarget && call.target === 'skill' ? [...agents, `skill:${call.id}`] : agents;
  const skills = call.target === 'skill' ? [`skill:${call.id}`] : call.items.map((i) => `skill:${i.skillId}`);
  return [...agents, ...skills];
}

export class SliceCache {
  readonly #known = new Map<string, KnownSlice>();

  get(target: string): KnownSlice | undefined {
    return this.#known.get(target);
  }

  /** Remembers a list as just read. */
  remember(target: string, slice: SliceRead): KnownSlice {
    const known: KnownSlice = { etag: slice.etag, live: new Map(slice.assignments.map((a) => [pairKey(a.agentId, a.skillId), { proficiency: a.proficiency, active: a.active }])) };
    this.#known.set(target, known);
    return known;
  }

  /**
   * After a successful write: a conditional one leaves its target exactly as known plus `changes`, at the
   * answered ETag; an unconditional one may have landed on changes we never saw, so its target is
   * forgotten. Either way the other lists it named moved to versions we do not know.
   */
  wrote(call: PlannedCall, changes: readonly Change[], etag: string | undefined, conditional: boolean): void {
    const target = sliceKey(call);
    const known = this.#known.get(target);
    this.forget(call);
    if (!conditional || known === undefined || etag === undefined) return;
    for (const c of changes) {
      if (c.kind === 'remove') known.live.delete(pairKey(c.agentId, c.skillId));
      else known.live.set(pairKey(c.agentId, c.skillId), c.after);
    }
    this.#known.set(target, { etag, live: known.live });
  }

  /** Forgets every list `call` may have changed (after a failed or unknown write, too). */
  forget(call: PlannedCall): void {
    for (const key of resourcesOf(call)) this.#known.delete(key);
  }
}
