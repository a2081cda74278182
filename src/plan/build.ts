/** A plan from the desired state: resolve names against the tenant, narrow, check what only the state can say, then assemble. Pure: no network, no fs, no clock. */
import type { Diagnostic } from '../model/diagnostics.js';
import type { Agent, DesiredAgent, DesiredState, LiveState, Skill } from '../model/types.js';
import { assemblePlan } from './assemble.js';
import { liveDocument, type SkillsDocument } from './document.js';
import type { EstimateInput } from './estimate.js';
import { resolveDesired } from './resolve.js';
import { checkPolicy } from './policy.js';
import { unmatchedPatterns } from './scope-match.js';
import { narrowSlice } from './target.js';
import type { Plan, PlanRead, PlanTarget } from './types.js';

export interface BuildPlanInput {
  desired: DesiredState;
  live: LiveState;
  /** ISO time, passed in so planning stays pure and testable. */
  createdAt: string;
  toolVersion: string;
  maxItems?: number;
  /** Carry adds and changes in `POST /agents/skills` upserts (default true); false where the server has none. */
  upsert?: boolean;
  /** Narrow the plan to these agents and skills (`--agents`, `--skills`); the safety rules then judge the narrowed slice. */
  target?: PlanTarget;
  /** What the reads cost and the rate, for the plan's estimate of apply. */
  cost?: EstimateInput;
  /** How the live state was read (recorded in the plan: apply's delta staleness check starts from it). */
  read?: PlanRead;
}

export interface BuildPlanResult {
  plan?: Plan;
  diagnostics: Diagnostic[];
}

export function buildPlan(input: BuildPlanInput): BuildPlanResult {
  const { desired, live } = input;
  const full = resolveDesired(desired, live);
  const diagnostics = [...full.diagnostics, ...unmatchedPatterns(desired.scope, live.skills, desired.configFile)];
  // Narrowed after resolving, so the whole state is still checked against the tenant (a typo outside the target is still an error).
  const narrowed = narrowSlice(full, input.target, live, desired.scope.skills);
  diagnostics.push(...narrowed.diagnostics);
  const resolved = { ...full, ...narrowed.slice };
  const liveDoc = liveDocument(live.assignments, resolved.managedAgentIds, resolved.inScopeSkillIds);
  const agents = new Map<number, Agent>(live.agents.map((a) => [a.agentId, a]));
  const skills = new Map<number, Skill>(live.skills.map((s) => [s.skillId, s]));
  diagnostics.push(...checkAddable(liveDoc, resolved.desired, skills, agents, resolved.declarations));
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  // Policy findings stay in the plan (shown by every renderer); plan and apply refuse one with policy errors.
  diagnostics.push(...checkPolicy({ rules: desired.policy ?? [], live, scope: desired.scope, resolved: full }));

  const plan = assemblePlan({
    createdAt: input.createdAt,
    toolVersion: input.toolVersion,
    dir: desired.dir,
    scope: desired.scope,
    safetyLimits: desired.safety,
    ...(desired.coverage ? { coverageAllowance: desired.coverage } : {}),
    ...(input.target ? { target: input.target } : {}),
    live,
    managedAgentIds: resolved.managedAgentIds,
    slice: liveDoc,
    desired: resolved.desired,
    writes: { upsert: input.upsert ?? true, ...(input.maxItems === undefined ? {} : { maxItems: input.maxItems }) },
    diagnostics,
    ...(input.cost ? { cost: input.cost } : {}),
    ...(input.read ? { read: input.read } : {}),
  });
  return { plan, diagnostics };
}

/** CXone only assigns active skills (POST); changing or removing assignments of inactive skills works. The adds are the wanted pairs not live. */
function checkAddable(slice: SkillsDocument, wanted: SkillsDocument, skills: Map<number, Skill>, agents: Map<number, Agent>, declarations: Map<number, DesiredAgent>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [agentKey, pairs] of Object.entries(wanted)) {
    for (const skillKey of Object.keys(pairs)) {
      if (slice[agentKey]?.[skillKey] === undefined) out.push(...inactiveAdd({ agentId: Number(agentKey), skillId: Number(skillKey) }, skills, agents, declarations));
    }
  }
  return out;
}

function inactiveAdd(c: { agentId: number; skillId: number }, skills: Map<number, Skill>, agents: Map<number, Agent>, declarations: Map<number, DesiredAgent>): Diagnostic[] {
  const skill = skills.get(c.skillId);
  if (skill === undefined || skill.isActive) return [];
  const declared = declarations.get(c.agentId);
  const source = declared?.skills.get(skill.skillName)?.source;
  return [
    {
      ...(source ? { file: source.file, line: source.line, col: source.col } : {}),
      severity: 'error',
      code: 'SKILL_INACTIVE',
      message: `Skill "${skill.skillName}" is inactive in CXone and cannot be newly assigned to ${agents.get(c.agentId)?.userName ?? `agent ${c.agentId}`}; activate the skill or remove it from the state.`,
      path: `/agents/${declared?.key ?? agents.get(c.agentId)?.userName ?? c.agentId}/skills/${skill.skillName}`,
    },
  ];
}
