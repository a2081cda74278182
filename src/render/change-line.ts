/** How one change reads: `Billing EN  proficiency 5`, `Sales EN  proficiency 8 → 3`, `Retention  (was proficiency 4)`. */
import type { AssignmentValue } from '../model/types.js';
import type { Change, ChangeKind } from '../plan/types.js';
import type { Names } from './names.js';

export interface ChangeRow {
  kind: ChangeKind;
  /** The skill name, padded so the details of one agent's changes line up. */
  label: string;
  detail: string;
}

/** Longer names are not padded to, so one long name does not push every line far right. */
const MAX_PAD = 32;

function valueText(v: AssignmentValue): string {
  return v.active ? `proficiency ${v.proficiency}` : `proficiency ${v.proficiency}, active false`;
}

export function changeDetail(change: Change): string {
  switch (change.kind) {
    case 'add':
      return valueText(change.after);
    case 'remove':
      return `(was ${valueText(change.before)})`;
    case 'update': {
      const { before, after } = change;
      const parts: string[] = [];
      if (before.proficiency !== after.proficiency) parts.push(`proficiency ${before.proficiency} → ${after.proficiency}`);
      if (before.active !== after.active) parts.push(`active ${before.active} → ${after.active}`);
      return parts.length > 0 ? parts.join(', ') : `${valueText(after)} (unchanged)`;
    }
  }
}

/** Rows for one agent's changes, skill names padded to a common width. */
export function changeRows(changes: readonly Change[], names: Names): ChangeRow[] {
  const skills = changes.map((c) => names.skill(c.skillId));
  let width = 0;
  for (const s of skills) if (s.length <= MAX_PAD && s.length > width) width = s.length;
  return changes.map((c, i) => ({ kind: c.kind, label: (skills[i] ?? '').padEnd(width), detail: changeDetail(c) }));
}
