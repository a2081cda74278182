/** Builders for desired and live states in tests: compact tables in, model values out. */
import type { Agent, Assignment, DesiredState, LiveState, Skill } from '../../src/model/types.js';
import { DEFAULT_SAFETY } from '../../src/model/types.js';

export function agent(agentId: number, userName: string, extra: Partial<Agent> = {}): Agent {
  return { agentId, userName, firstName: 'F', lastName: 'L', emailAddress: `${userName}@example.test`, isActive: true, ...extra };
}

export function skill(skillId: number, skillName: string, extra: Partial<Skill> = {}): Skill {
  return { skillId, skillName, isActive: true, ...extra };
}

export function live(agents: Agent[], skills: Skill[], assignments: Array<[number, number, number, boolean?]>): LiveState {
  return {
    agents,
    skills,
    assignments: assignments.map(([agentId, skillId, proficiency, active]): Assignment => ({ agentId, skillId, proficiency, active: active ?? true })),
  };
}

/** `{ jdoe: { 'Billing EN': 3, 'Sales EN': [5, false] } }` → DesiredState. */
export function desired(
  agents: Record<string, Record<string, number | [number, boolean]>>,
  scope: Partial<DesiredState['scope']> = {},
  safety = DEFAULT_SAFETY,
): DesiredState {
  let line = 1;
  return {
    dir: 'skills-state',
    configFile: 'skills-state/cxskills.yaml',
    scope: { skills: ['*'], agents: 'declared', ...scope },
    safety,
    agents: Object.entries(agents).map(([key, skills]) => ({
      key,
      source: { file: 'skills-state/agents.yaml', line: line++, col: 3 },
      skills: new Map(
        Object.entries(skills).map(([name, v]) => [
          name,
          { proficiency: Array.isArray(v) ? v[0] : v, active: Array.isArray(v) ? v[1] : true, via: 'agent', source: { file: 'skills-state/agents.yaml', line: line++, col: 5 } },
        ]),
      ),
    })),
  };
}
