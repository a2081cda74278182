/** Builds the schedule of a skill whose value depends on windows: the holder's own setting over what its included profiles give. */
import type { AssignmentValue, DesiredSkill, SourceLocation } from '../model/types.js';
import { firstDisagreement, opinionsAt, type Membership, type ScheduleNode } from '../model/windows.js';
import type { ProfileRef } from './declarations.js';
import type { ReadWindow } from './windows.js';

/** A skill the holder sets itself; with a window it carries its schedule. */
export function ownSkill(value: AssignmentValue, read: ReadWindow, source: SourceLocation, via: string): DesiredSkill {
  const skill: DesiredSkill = { ...value, source, via };
  if (read.window === undefined) return skill;
  return { ...skill, schedule: { own: { value, window: read.window, outside: read.outside, source, via }, inherited: [] } };
}

interface Given {
  skill: DesiredSkill;
  ref: ProfileRef;
  membership?: ReadWindow;
}

function nodeOf(skill: DesiredSkill): ScheduleNode {
  return skill.schedule ?? { own: { value: { proficiency: skill.proficiency, active: skill.active }, outside: 'remove', source: skill.source, via: skill.via }, inherited: [] };
}

/**
 * The skill as decided over time by `own` (windowed, or absent) and the included profiles in `given`;
 * `overlap` when two of those give it different values at the same time (from `at` on).
 */
export function windowedSkill(own: DesiredSkill | undefined, given: Given[]): { skill: DesiredSkill; overlap?: { at: number; first: Given; second: Given } } {
  const inherited: Membership[] = given.map((g) => ({ ...(g.membership?.window ? { window: g.membership.window, outside: g.membership.outside } : {}), source: g.ref.place, node: nodeOf(g.skill) }));
  const first = own ?? given[0]!.skill;
  const node: ScheduleNode = { ...(own?.schedule?.own ? { own: own.schedule.own } : {}), inherited };
  const skill: DesiredSkill = { proficiency: first.proficiency, active: first.active, source: first.source, via: first.via, schedule: node };
  // Overlaps among the included profiles matter even under an own window: they show whenever it says nothing.
  const at = firstDisagreement({ inherited });
  if (at === undefined) return { skill };
  const speaking = given.filter((_, i) => opinionsAt({ inherited: [inherited[i]!] }, at).length > 0);
  return { skill, overlap: { at, first: speaking[0] ?? given[0]!, second: speaking[speaking.length - 1] ?? given[given.length - 1]! } };
}
