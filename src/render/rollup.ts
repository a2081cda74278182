/** The per-skill rollup of a plan (writes are per skill anyway): `Retention: +340 · 212 changed · 15 removed · proficiency 4`. */
import type { SkillId } from '../model/types.js';
import type { Change } from '../plan/types.js';
import { formatInteger } from './format.js';
import type { Names } from './names.js';

export interface SkillRollup {
  skillId: SkillId;
  add: number;
  update: number;
  remove: number;
  /** Lowest and highest proficiency the adds and changes set (undefined when they set none). */
  min?: number;
  max?: number;
}

export function total(r: SkillRollup): number {
  return r.add + r.update + r.remove;
}

/** One pass; most-changed skills first, then by name, so the skills that matter lead a long list. */
export function rollupBySkill(changes: readonly Change[], names: Names): SkillRollup[] {
  const bySkill = new Map<SkillId, SkillRollup>();
  for (const c of changes) {
    let r = bySkill.get(c.skillId);
    if (r === undefined) {
      r = { skillId: c.skillId, add: 0, update: 0, remove: 0 };
      bySkill.set(c.skillId, r);
    }
    r[c.kind] += 1;
    if (c.kind !== 'remove') {
      const p = c.after.proficiency;
      r.min = r.min === undefined ? p : Math.min(r.min, p);
      r.max = r.max === undefined ? p : Math.max(r.max, p);
    }
  }
  return [...bySkill.values()].sort((a, b) => total(b) - total(a) || names.skill(a.skillId).localeCompare(names.skill(b.skillId), 'en', { numeric: true }));
}

/** `4`, or `2..9` when the adds and changes set several proficiencies; empty when they set none. */
export function proficiencyRange(r: SkillRollup): string {
  if (r.min === undefined || r.max === undefined) return '';
  return r.min === r.max ? String(r.min) : `${r.min}..${r.max}`;
}

/** `+340 · 212 changed · 15 removed · proficiency 4` (parts with zero left out; the proficiency the adds and changes set). */
export function rollupDetail(r: SkillRollup): string {
  const parts: string[] = [];
  if (r.add > 0) parts.push(`+${formatInteger(r.add)}`);
  if (r.update > 0) parts.push(`${formatInteger(r.update)} changed`);
  if (r.remove > 0) parts.push(`${formatInteger(r.remove)} removed`);
  const range = proficiencyRange(r);
  if (range !== '') parts.push(`proficiency ${range}`);
  return parts.join(' · ');
}
