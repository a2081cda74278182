/** fast-check arbitraries: small random tenants and desired states (in and out of scope, inactive skills, unmanaged agents). */
import fc from 'fast-check';
import type { TenantData } from '../../src/emulator/index.js';
import type { AssignmentValue, DesiredState } from '../../src/model/types.js';
import { desired as desiredState } from '../helpers/state.js';
import type { WriteFault } from './tenant-client.js';

export const SCOPE = ['Billing *', 'Sales *'];
/** Skill names: the first four match SCOPE, the last two do not. */
const SKILL_NAMES = ['Billing EN', 'Billing ES', 'Sales EN', 'Sales ES', 'Outbound', 'VIP Care'];
const T = '2026-01-01T00:00:00.000Z';

export interface World {
  data: TenantData;
  desired: DesiredState;
  maxItems: number;
  concurrency: number;
}

const value: fc.Arbitrary<AssignmentValue> = fc.record({ proficiency: fc.integer({ min: 1, max: 20 }), active: fc.boolean() });
/** A pair's value, or absent (about half the time). */
const maybe = fc.option(value, { freq: 2 });

export const world: fc.Arbitrary<World> = fc
  .record({
    agents: fc.integer({ min: 1, max: 6 }),
    inactiveSkills: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    live: fc.array(fc.array(maybe, { minLength: 6, maxLength: 6 }), { minLength: 6, maxLength: 6 }),
    declared: fc.array(fc.option(fc.array(maybe, { minLength: 6, maxLength: 6 }), { freq: 4 }), { minLength: 6, maxLength: 6 }),
    all: fc.boolean(),
    maxItems: fc.integer({ min: 1, max: 4 }),
    concurrency: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ agents, inactiveSkills, live, declared, all, maxItems, concurrency }) => {
    const skills = SKILL_NAMES.map((skillName, i) => ({ skillId: 101 + i, skillName, isActive: !(inactiveSkills[i] ?? false), lastUpdated: T }));
    const ids = Array.from({ length: agents }, (_, i) => 1001 + i);
    const data: TenantData = {
      formatVersion: 1,
      agents: ids.map((agentId, i) => ({ agentId, userName: `agent${i + 1}`, firstName: 'A', lastName: String(i + 1), emailAddress: `agent${i + 1}@example.test`, isActive: true, lastUpdated: T })),
      skills,
      assignments: ids.flatMap((agentId, a) =>
        skills.flatMap((s, k) => {
          const v = live[a]?.[k];
          return v ? [{ agentId, skillId: s.skillId, proficiency: v.proficiency, active: v.active, lastUpdateTime: T }] : [];
        }),
      ),
    };
    const declaredAgents: Record<string, Record<string, [number, boolean]>> = {};
    ids.forEach((_, a) => {
      const row = declared[a];
      if (row === null || row === undefined) return;
      const entry: Record<string, [number, boolean]> = {};
      skills.slice(0, 4).forEach((s, k) => {
        const v = row[k];
        // CXone cannot newly assign an inactive skill (the planner refuses such a state): only keep those already assigned.
        if (v && (s.isActive || live[a]?.[k])) entry[s.skillName] = [v.proficiency, v.active];
      });
      declaredAgents[`agent${a + 1}`] = entry;
    });
    const desired = desiredState(declaredAgents, { skills: SCOPE, agents: all ? 'all' : 'declared' });
    return { data, desired, maxItems, concurrency };
  });

/** Faults for the first writes of a run: few enough that no call runs out of its 4 attempts. */
export const faults: fc.Arbitrary<Array<WriteFault | null>> = fc.array(fc.constantFrom<WriteFault | null>(null, '409', '412', '503', 'reset-before', 'reset-after', 'item-omit'), { maxLength: 3 });

export function inScope(skillId: number): boolean {
  return skillId >= 101 && skillId <= 104;
}
