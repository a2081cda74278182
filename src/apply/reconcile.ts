/** Reconcile: what a pending change still needs, given the pair's live value (nothing, the planned write, or a person's decision). */
import type { AssignmentValue } from '../model/types.js';
import type { Change } from '../plan/types.js';

/** The failure code of a change whose pair someone else changed after the plan was made. */
export const CONCURRENT_CHANGE = 'APPLY_CONCURRENT_CHANGE';

/** `done`: live is as desired (never written twice); `todo`: live is as the plan found it; else why it is not overwritten. */
export function reconcile(change: Change, live: AssignmentValue | undefined): 'done' | 'todo' | string {
  const desired = change.kind === 'remove' ? undefined : change.after;
  const before = change.kind === 'add' ? undefined : change.before;
  if (sameValue(live, desired)) return 'done';
  if (sameValue(live, before)) return 'todo';
  return `changed by someone else since the plan (planned from ${describeValue(before)}; now ${describeValue(live)}); not overwritten. Run plan again to decide.`;
}

export function sameValue(a: AssignmentValue | undefined, b: AssignmentValue | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.proficiency === b.proficiency && a.active === b.active;
}

export function describeValue(v: AssignmentValue | undefined): string {
  return v === undefined ? 'not assigned' : `proficiency ${v.proficiency}, ${v.active ? 'active' : 'inactive'}`;
}
