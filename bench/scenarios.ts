/** Bench tenants and change sets: a generated tenant with one popular skill, and four realistic changes to it. */
import { generateTenant, type TenantData } from '../src/emulator/index.js';
import type { AssignmentValue } from '../src/model/types.js';
// A small deterministic PRNG (mulberry32), so every run changes the same pairs: the emulator's own.
import { mulberry32 as prng } from '../src/emulator/prng.js';

export type DesiredMap = Map<number, Map<number, AssignmentValue>>;

export interface TenantSize {
  name: string;
  agents: number;
  skillsPerAgent: number;
  skills: number;
  /** Agents holding the popular skill that the "retire" scenario removes. */
  popular: number;
}

export const POPULAR_SKILL = 101;
const COHORT_SKILLS = [103, 105, 108];

/** A generated tenant in which POPULAR_SKILL is held by the first `popular` agents. */
export function baseTenant(size: TenantSize): TenantData {
  const data = generateTenant({ seed: 7, agents: size.agents, skills: size.skills, skillsPerAgent: size.skillsPerAgent });
  const byAgent = new Map<number, TenantData['assignments']>();
  for (const a of data.assignments) {
    const list = byAgent.get(a.agentId) ?? [];
    list.push(a);
    byAgent.set(a.agentId, list);
  }
  const holders = data.agents.slice(0, size.popular).map((a) => a.agentId);
  for (const id of holders) {
    const list = byAgent.get(id) ?? [];
    if (list.some((a) => a.skillId === POPULAR_SKILL)) continue;
    const last = list[list.length - 1];
    if (last) last.skillId = POPULAR_SKILL;
  }
  return data;
}

export function liveMap(data: TenantData): DesiredMap {
  const map: DesiredMap = new Map(data.agents.map((a) => [a.agentId, new Map()]));
  for (const a of data.assignments) map.get(a.agentId)!.set(a.skillId, { proficiency: a.proficiency, active: a.active });
  return map;
}


function shuffle(map: DesiredMap, share: number, seed: number): void {
  const rand = prng(seed);
  for (const skills of map.values()) {
    for (const [skillId, v] of skills) {
      if (rand() >= share) continue;
      const next = 1 + ((v.proficiency - 1 + 1 + Math.floor(rand() * 19)) % 20);
      skills.set(skillId, { ...v, proficiency: next });
    }
  }
}

function cohort(data: TenantData, map: DesiredMap, count: number): void {
  for (const agent of data.agents.slice(-count)) {
    const skills = map.get(agent.agentId)!;
    for (const skillId of COHORT_SKILLS) skills.set(skillId, { proficiency: 10, active: true });
  }
}

export interface Scenario {
  name: string;
  desired: DesiredMap;
}

export function scenarios(data: TenantData): Scenario[] {
  const newHires = liveMap(data);
  cohort(data, newHires, 500);

  const retire = liveMap(data);
  for (const skills of retire.values()) skills.delete(POPULAR_SKILL);

  const shuffled = liveMap(data);
  shuffle(shuffled, 0.1, 11);

  const mixed = liveMap(data);
  cohort(data, mixed, 100);
  for (const skills of mixed.values()) skills.delete(102);
  shuffle(mixed, 0.03, 13);
  const rand = prng(17);
  for (const skills of mixed.values()) for (const [id, v] of skills) if (rand() < 0.01) skills.set(id, { ...v, active: !v.active });

  return [
    { name: 'new-hire cohort (500 agents +3 skills)', desired: newHires },
    { name: 'retire 1 skill', desired: retire },
    { name: 'shuffle 10% proficiencies', desired: shuffled },
    { name: 'mixed', desired: mixed },
  ];
}
