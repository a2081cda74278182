/**
 * The routing-coverage guard: a plan must not leave an active in-scope skill without any agent who can
 * take its contacts, nor an active managed agent without any in-scope skill. Pure: live state and the
 * plan's changes in, findings out. Only what the plan causes counts: a skill nobody had before is not
 * this plan's doing, so it is not reported.
 */
import { compileSkillScope } from '../model/glob.js';
import type { AgentId, Assignment, AssignmentValue, CoverageAllowance, LiveState, Scope, SkillId } from '../model/types.js';
import type { Change, CoverageFinding } from './types.js';

export interface CoverageInput {
  scope: Pick<Scope, 'skills'>;
  live: LiveState;
  plan: { changes: readonly Change[]; managedAgentIds: readonly AgentId[] };
}

export function checkCoverage({ scope, live, plan }: CoverageInput): CoverageFinding[] {
  // Coverage is only lost by a removal or by switching an assignment off; most plans have neither to look at twice.
  const losing = plan.changes.filter((c) => c.kind === 'remove' || (c.kind === 'update' && c.before.active && !c.after.active));
  if (losing.length === 0) return [];
  const inScope = compileSkillScope(scope.skills);
  const activeSkills = new Map(live.skills.filter((s) => s.isActive && inScope(s.skillName)).map((s) => [s.skillId, s.skillName]));
  const activeAgents = new Map(live.agents.filter((a) => a.isActive).map((a) => [a.agentId, a.userName]));
  const managed = new Set(plan.managedAgentIds);
  const skills = new Set(losing.map((c) => c.skillId).filter((id) => activeSkills.has(id)));
  const agents = new Set(losing.map((c) => c.agentId).filter((id) => activeAgents.has(id) && managed.has(id)));
  const after = new Map<string, AssignmentValue | null>(plan.changes.map((c) => [pairKey(c.agentId, c.skillId), c.kind === 'remove' ? null : c.after]));
  const routable = (a: Assignment, value: AssignmentValue | null) => value !== null && value.active && activeAgents.has(a.agentId) && activeSkills.has(a.skillId);

  const holders = { skills: { before: new Set<SkillId>(), after: new Set<SkillId>() }, agents: { before: new Set<AgentId>(), after: new Set<AgentId>() } };
  for (const a of live.assignments) {
    if (!skills.has(a.skillId) && !agents.has(a.agentId)) continue;
    const key = pairKey(a.agentId, a.skillId);
    const now = routable(a, a);
    const later = routable(a, after.has(key) ? after.get(key)! : a);
    if (now) {
      holders.skills.before.add(a.skillId);
      holders.agents.before.add(a.agentId);
    }
    if (later) {
      holders.skills.after.add(a.skillId);
      holders.agents.after.add(a.agentId);
    }
  }
  // Adds are not in live.assignments; they can only keep coverage.
  for (const c of plan.changes) {
    if (c.kind === 'add' && c.after.active && activeAgents.has(c.agentId) && activeSkills.has(c.skillId)) {
      holders.skills.after.add(c.skillId);
      holders.agents.after.add(c.agentId);
    }
  }

  const findings: CoverageFinding[] = [];
  for (const skillId of sortedByName(skills, activeSkills)) {
    if (!holders.skills.before.has(skillId) || holders.skills.after.has(skillId)) continue;
    const name = activeSkills.get(skillId)!;
    findings.push({
      code: 'SKILL_UNCOVERED',
      severity: 'error',
      skillId,
      name,
      message: `Skill "${name}" would be left with no active agent: after this plan no active agent has it switched on, so its contacts could not be routed.`,
    });
  }
  for (const agentId of sortedByName(agents, activeAgents)) {
    if (!holders.agents.before.has(agentId) || holders.agents.after.has(agentId)) continue;
    const name = activeAgents.get(agentId)!;
    findings.push({
      code: 'AGENT_UNCOVERED',
      severity: 'error',
      agentId,
      name,
      message: `Agent "${name}" is active but would be left with no active in-scope skill, so no contact would be routed to them.`,
    });
  }
  return findings;
}

/** Findings the config allows (cxskills.yaml `coverage`): still shown, as warnings. */
export function applyAllowance(findings: readonly CoverageFinding[], allowance: CoverageAllowance | undefined, live: Pick<LiveState, 'agents'>): CoverageFinding[] {
  if (allowance === undefined || findings.length === 0) return [...findings];
  const skillAllowed = compileSkillScope(allowance.allowUncoveredSkills);
  const keys = new Set(allowance.allowUncoveredAgents);
  const agentAllowed = new Set(live.agents.filter((a) => keys.has(String(a.agentId)) || keys.has(a.userName) || keys.has(a.emailAddress)).map((a) => a.agentId));
  return findings.map((f) => {
    const allowed = f.code === 'SKILL_UNCOVERED' ? skillAllowed(f.name) : f.agentId !== undefined && agentAllowed.has(f.agentId);
    return allowed ? { ...f, severity: 'warning', message: `${f.message} Allowed by cxskills.yaml coverage.` } : f;
  });
}

/** Findings allowed by --force / --allow-uncovered: still shown, as warnings. */
export function allowCoverage(findings: readonly CoverageFinding[]): CoverageFinding[] {
  return findings.map((f) => ({ ...f, severity: 'warning' }));
}

export function coverageErrors(findings: readonly CoverageFinding[] | undefined): CoverageFinding[] {
  return (findings ?? []).filter((f) => f.severity === 'error');
}

function sortedByName(ids: Set<number>, names: Map<number, string>): number[] {
  return [...ids].sort((a, b) => {
    const x = names.get(a) ?? '';
    const y = names.get(b) ?? '';
    return x < y ? -1 : x > y ? 1 : a - b;
  });
}

function pairKey(agentId: number, skillId: number): string {
  return `${agentId}/${skillId}`;
}
