/**
 * The inverse of an applied run: for every pair the run changed (outcome applied or already-applied),
 * the change from what the run left (`after`) back to what it found (`before`). A pair recorded several
 * times goes from its last `after` back to its first `before`.
 */
import type { AssignmentValue } from '../model/types.js';
import type { Change } from '../plan/types.js';
import type { RecordedChange } from './audit-file.js';

export interface InverseChange {
  change: Change;
  /** What the run left: the live value must still be this (null = not assigned), or the rollback is stale. */
  expected: AssignmentValue | null;
  agentName?: string;
  skillName?: string;
}

export function inverseOf(entries: readonly RecordedChange[]): InverseChange[] {
  const pairs = new Map<string, { first: RecordedChange; last: RecordedChange }>();
  for (const e of entries) {
    if (e.outcome === 'failed') continue;
    const key = `${e.agentId}/${e.skillId}`;
    const seen = pairs.get(key);
    if (seen === undefined) pairs.set(key, { first: e, last: e });
    else seen.last = e;
  }
  const out: InverseChange[] = [];
  for (const { first, last } of pairs.values()) {
    const change = invert(first.agentId, first.skillId, last.after, first.before);
    if (change === undefined) continue;
    const names = { ...(last.agentName ? { agentName: last.agentName } : {}), ...(last.skillName ? { skillName: last.skillName } : {}) };
    out.push({ change, expected: last.after, ...names });
  }
  return out;
}

/** The change from `now` back to `restore`; undefined when they are equal. */
function invert(agentId: number, skillId: number, now: AssignmentValue | null, restore: AssignmentValue | null): Change | undefined {
  if (now === null && restore === null) return undefined;
  if (now === null) return { kind: 'add', agentId, skillId, after: restore! };
  if (restore === null) return { kind: 'remove', agentId, skillId, before: now };
  if (now.proficiency === restore.proficiency && now.active === restore.active) return undefined;
  return { kind: 'update', agentId, skillId, before: now, after: restore };
}
