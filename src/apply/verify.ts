/** Verification after apply: every change the run applied is now in effect in the live tenant. */
import type { Assignment } from '../model/types.js';
import type { Change } from '../plan/types.js';

export interface VerifyResult {
  checked: number;
  /** Changes that should be in effect and are not. */
  mismatches: Array<{ change: Change; live: { proficiency: number; active: boolean } | null }>;
}

export function verifyChanges(changes: readonly Change[], live: Iterable<Assignment>): VerifyResult {
  const wanted = new Map(changes.map((c) => [`${c.agentId}/${c.skillId}`, c]));
  const found = new Map<string, Assignment>();
  for (const a of live) {
    const key = `${a.agentId}/${a.skillId}`;
    if (wanted.has(key)) found.set(key, a);
  }
  const mismatches: VerifyResult['mismatches'] = [];
  for (const [key, change] of wanted) {
    const a = found.get(key);
    const liveValue = a === undefined ? null : { proficiency: a.proficiency, active: a.active };
    const ok = change.kind === 'remove' ? liveValue === null : liveValue !== null && liveValue.proficiency === change.after.proficiency && liveValue.active === change.after.active;
    if (!ok) mismatches.push({ change, live: liveValue });
  }
  return { checked: wanted.size, mismatches };
}
