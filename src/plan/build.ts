/** Building a plan: resolve, normalise, diff once, group into calls, check safety. Pure: no network, no fs, no clock. */
import type { Diagnostic } from '../model/diagnostics.js';
import type { Agent, DesiredAgent, DesiredState, LiveState, Skill } from '../model/types.js';
import { checksumDocument } from './checksum.js';
import { applyAllowance, checkCoverage } from './coverage.js';
import { withDigest } from './file.js';
import { countAssignments, liveDocument } from './document.js';
import { diffDocuments } from './diff.js';
import { groupChanges } from './group.js';
import { resolveDesired } from './resolve.js';
import { checkSafety } from './safety.js';
import { checkPolicy } from './policy.js';
import { unmatchedPatterns } from './scope-match.js';
import { isNarrowing, narrowSlice } from './target.js';
import { PLAN_FORMAT_VERSION, type Change, type Plan, type PlanTarget } from './types.js';

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
  const { patch, changes } = diffDocuments(liveDoc, resolved.desired);

  const agents = new Map<number, Agent>(live.agents.map((a) => [a.agentId, a]));
  const skills = new Map<number, Skill>(live.skills.map((s) => [s.skillId, s]));
  diagnostics.push(...checkAddable(changes, skills, agents, resolved.declarations));
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  // Policy findings stay in the plan (shown by every renderer); plan and apply refuse one with policy errors.
  diagnostics.push(...checkPolicy({ rules: desired.policy ?? [], live, scope: desired.scope, resolved: full }));

  const sorted = sortChanges(changes, agents, skills);
  const { calls, ...grouping } = groupChanges(sorted, { ...(input.maxItems === undefined ? {} : { maxItems: input.maxItems }), upsert: input.upsert ?? true });
  const counts = {
    managedAgents: resolved.managedAgentIds.length,
    managedAssignments: countAssignments(liveDoc),
    add: countKind(sorted, 'add'),
    update: countKind(sorted, 'update'),
    remove: countKind(sorted, 'remove'),
    calls: calls.length,
  };
  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    tool: { name: 'cxskills', version: input.toolVersion },
    createdAt: input.createdAt,
    dir: desired.dir,
    scope: desired.scope,
    safetyLimits: desired.safety,
    liveChecksum: checksumDocument(liveDoc),
    managedAgentIds: resolved.managedAgentIds,
    counts,
    changes: sorted,
    patch,
    calls,
    grouping,
    names: namesOf(sorted, agents, skills),
    safety: checkSafety(counts, desired.safety),
    coverage: applyAllowance(checkCoverage({ scope: desired.scope, live, plan: { changes: sorted, managedAgentIds: resolved.managedAgentIds } }), desired.coverage, live),
    ...(desired.coverage ? { coverageAllowance: desired.coverage } : {}),
    ...(isNarrowing(input.target) ? { target: { agents: [...input.target.agents], skills: [...input.target.skills] } } : {}),
    diagnostics,
  };
  return { plan: withDigest(plan), diagnostics };
}

/** CXone only assigns active skills (POST); changing or removing assignments of inactive skills works. */
function checkAddable(changes: readonly Change[], skills: Map<number, Skill>, agents: Map<number, Agent>, declarations: Map<number, DesiredAgent>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const c of changes) {
    if (c.kind !== 'add') continue;
    const skill = skills.get(c.skillId);
    if (skill !== undefined && !skill.isActive) {
      const declared = declarations.get(c.agentId);
      const source = declared?.skills.get(skill.skillName)?.source;
      out.push({
        ...(source ? { file: source.file, line: source.line, col: source.col } : {}),
        severity: 'error',
        code: 'SKILL_INACTIVE',
        message: `Skill "${skill.skillName}" is inactive in CXone and cannot be newly assigned to ${agents.get(c.agentId)?.userName ?? `agent ${c.agentId}`}; activate the skill or remove it from the state.`,
        path: `/agents/${declared?.key ?? agents.get(c.agentId)?.userName ?? c.agentId}/skills/${skill.skillName}`,
      });
    }
  }
  return out;
}

function sortChanges(changes: Change[], agents: Map<number, Agent>, skills: Map<number, Skill>): Change[] {
  // Rank ids by name once, then sort by two integers: no string comparisons per pair of changes.
  const rank = <T>(items: Iterable<T>, id: (x: T) => number, name: (x: T) => string) => {
    const sorted = [...items].sort((x, y) => (name(x) < name(y) ? -1 : name(x) > name(y) ? 1 : 0));
    return new Map(sorted.map((x, i) => [id(x), i]));
  };
  const agentRank = rank(agents.values(), (a) => a.agentId, (a) => a.userName);
  const skillRank = rank(skills.values(), (s) => s.skillId, (s) => s.skillName);
  const a = (id: number) => agentRank.get(id) ?? Number.MAX_SAFE_INTEGER;
  const s = (id: number) => skillRank.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...changes].sort((x, y) => a(x.agentId) - a(y.agentId) || x.agentId - y.agentId || s(x.skillId) - s(y.skillId) || x.skillId - y.skillId);
}

function namesOf(changes: readonly Change[], agents: Map<number, Agent>, skills: Map<number, Skill>): Plan['names'] {
  const names: Plan['names'] = { agents: {}, skills: {} };
  for (const c of changes) {
    const agent = agents.get(c.agentId);
    const skill = skills.get(c.skillId);
    if (agent !== undefined) names.agents[String(c.agentId)] = agent.userName;
    if (skill !== undefined) names.skills[String(c.skillId)] = skill.skillName;
  }
  return names;
}

function countKind(changes: readonly Change[], kind: Change['kind']): number {
  let n = 0;
  for (const c of changes) if (c.kind === kind) n++;
  return n;
}
