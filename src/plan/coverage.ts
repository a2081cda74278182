/**
 * The routing-coverage guard: a plan must not leave an active in-scope skill without any agent who can
 * take its contacts, nor an active managed agent without any in-scope skill. Pure: live state and the
 * plan's changes in, findings out. Only what the plan causes counts: a skill nobody had before is not
 * this plan's doing, so it is not reported.
 */
import { compileSkillScope } from '../config/index.js';
import type { AgentId, AssignmentValue, LiveState, Scope, SkillId } from '../model/types.js';
import type { Change, CoverageFinding } from './types.js';

export interface CoverageInput {
  scope: Pick<Scope, 'skills'>;
  live: LiveState;
  plan: { changes: readonly Change[]; managedAgentIds: readonly AgentId[] };
}

export function checkCoverage({ scope, live, plan }: CoverageInput): CoverageFinding[] {
  if (plan.changes.length === 0) return [];
  const inScope = compileSkillScope(scope.skills);
  const activeSkills = new Map(live.skills.filter((s) => s.isActive && inScope(s.skillName)).map((s) => [s.skillId, s.skillName]));
  const activeAgents = new Map(live.agents.filter((a) => a.isActive).map((a) => [a.agentId, a.userName]));
  const before = new Map<string, AssignmentValue>();
  for (const a of live.assignments) before.set(pairKey(a.agentId, a.skillId), { proficiency: a.proficiency, active: a.active });
  const after = new Map(before);
  for (const c of plan.changes) {
    if (c.kind === 'remove') after.delete(pairKey(c.agentId, c.skillId));
    else after.set(pairKey(c.agentId, c.skillId), c.after);
  }
  const coveredBefore = routable(before, activeAgents, activeSkills);
  const coveredAfter = routable(after, activeAgents, activeSkills);
  const touchedSkills = new Set(plan.changes.map((c) => c.skillId));
  const touchedAgents = new Set(plan.changes.map((c) => c.agentId));
  const managed = new Set(plan.managedAgentIds);

  const findings: CoverageFinding[] = [];
  for (const [skillId, skillName] of [...activeSkills].sort(byName)) {
    if (!touchedSkills.has(skillId) || !coveredBefore.skills.has(skillId) || coveredAfter.skills.has(skillId)) continue;
    findings.push({
      code: 'SKILL_UNCOVERED',
      severity: 'error',
      skillId,
      name: skillName,
      message: `Skill "${skillName}" would be left with no active agent: after this plan no active agent has it switched on, so its contacts could not be routed.`,
    });
  }
  for (const [agentId, userName] of [...activeAgents].sort(byName)) {
    if (!managed.has(agentId) || !touchedAgents.has(agentId)) continue;
    if (!coveredBefore.agents.has(agentId) || coveredAfter.agents.has(agentId)) continue;
    findings.push({
      code: 'AGENT_UNCOVERED',
      severity: 'error',
      agentId,
      name: userName,
      message: `Agent "${userName}" is active but would be left with no active in-scope skill, so no contact would be routed to them.`,
    });
  }
  return findings;
}

/** Findings allowed by --force / --allow-uncovered: still shown, as warnings. */
export function allowCoverage(findings: readonly CoverageFinding[]): CoverageFinding[] {
  return findings.map((f) => ({ ...f, severity: 'warning' }));
}

export function coverageErrors(findings: readonly CoverageFinding[] | undefined): CoverageFinding[] {
  return (findings ?? []).filter((f) => f.severity === 'error');
}

/** Skills and agents that have at least one switched-on assignment between an active agent and an active in-scope skill. */
function routable(pairs: Map<string, AssignmentValue>, agents: Map<AgentId, string>, skills: Map<SkillId, string>) {
  const out = { skills: new Set<SkillId>(), agents: new Set<AgentId>() };
  for (const [key, value] of pairs) {
    if (!value.active) continue;
    const [agentId, skillId] = key.split('/').map(Number) as [number, number];
    if (!agents.has(agentId) || !skills.has(skillId)) continue;
    out.skills.add(skillId);
    out.agents.add(agentId);
  }
  return out;
}

function byName(a: [number, string], b: [number, string]): number {
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] - b[0];
}

function pairKey(agentId: number, skillId: number): string {
  return `${agentId}/${skillId}`;
}
