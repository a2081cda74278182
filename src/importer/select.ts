/** The part of the live tenant an import describes: each agent's assignments of skills that match the scope. */
import { compileSkillScope } from '../model/glob.js';
import type { Agent, AssignmentValue, LiveState } from '../model/types.js';

export interface ImportedAgent {
  agent: Agent;
  /** In-scope skills by name, sorted by name. */
  skills: Array<{ name: string; value: AssignmentValue }>;
}

/** Agents in agentId order; agents with no in-scope assignment only when `includeEmpty`. */
export function selectInScope(live: LiveState, patterns: string[], includeEmpty: boolean): ImportedAgent[] {
  const inScope = compileSkillScope(patterns);
  const skillNames = new Map(live.skills.filter((s) => inScope(s.skillName)).map((s) => [s.skillId, s.skillName]));
  const byAgent = new Map<number, Array<{ name: string; value: AssignmentValue }>>();
  for (const a of live.assignments) {
    const name = skillNames.get(a.skillId);
    if (name === undefined) continue;
    let list = byAgent.get(a.agentId);
    if (list === undefined) byAgent.set(a.agentId, (list = []));
    list.push({ name, value: { proficiency: a.proficiency, active: a.active } });
  }
  const out: ImportedAgent[] = [];
  for (const agent of [...live.agents].sort((x, y) => x.agentId - y.agentId)) {
    const skills = (byAgent.get(agent.agentId) ?? []).sort((x, y) => compare(x.name, y.name));
    if (skills.length > 0 || includeEmpty) out.push({ agent, skills });
  }
  return out;
}

/** Plain code-unit order, the same on every machine (no locale). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
