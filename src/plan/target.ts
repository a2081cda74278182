/** Narrowing a plan to listed agents and skill globs (`--agents`, `--skills`): pure, applied to the resolved slice before the diff. */
import { compileSkillScope, globProblem } from '../model/glob.js';
import { suggest } from '../model/suggest.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { AgentId, LiveState, SkillId } from '../model/types.js';
import type { SkillsDocument } from './document.js';
import { indexAgents } from './resolve.js';
import type { PlanTarget } from './types.js';

export const TARGET_CODES = {
  /** An `--agents` key or `--skills` glob that matches no managed agent or in-scope skill. */
  TARGET_NO_MATCH: 'TARGET_NO_MATCH',
  /** An `--skills` glob that is not a valid pattern. */
  TARGET_INVALID: 'TARGET_INVALID',
} as const;

export interface Slice {
  managedAgentIds: AgentId[];
  inScopeSkillIds: Set<SkillId>;
  desired: SkillsDocument;
}

/** True when the target narrows anything; a target of two empty lists is no target. */
export function isNarrowing(target: PlanTarget | undefined): target is PlanTarget {
  return target !== undefined && (target.agents.length > 0 || target.skills.length > 0);
}

/** In-scope skill ids that also match the target's skill globs (all of them when it names none). */
export function targetSkillIds(target: PlanTarget | undefined, skills: LiveState['skills'], inScopeSkillIds: ReadonlySet<SkillId>): Set<SkillId> {
  if (target === undefined || target.skills.length === 0) return new Set(inScopeSkillIds);
  const wanted = compileSkillScope(target.skills);
  return new Set(skills.filter((s) => inScopeSkillIds.has(s.skillId) && wanted(s.skillName)).map((s) => s.skillId));
}

/**
 * The slice narrowed to the target. Every key and glob must match something inside the slice: a
 * target that matches nothing would plan nothing and look like "no changes", so it is an error.
 */
export function narrowSlice(slice: Slice, target: PlanTarget | undefined, live: Pick<LiveState, 'agents' | 'skills'>, scopePatterns: readonly string[] = []): { slice: Slice; diagnostics: Diagnostic[] } {
  if (!isNarrowing(target)) return { slice, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const managed = new Set(slice.managedAgentIds);
  const managedNames = live.agents.filter((a) => managed.has(a.agentId)).map((a) => a.userName);
  const index = indexAgents(live.agents);
  const agentIds = new Set<AgentId>();
  for (const key of target.agents) {
    const found = index.lookup(key);
    if (found.kind === 'found' && managed.has(found.agent.agentId)) {
      agentIds.add(found.agent.agentId);
      continue;
    }
    const why = found.kind === 'found' ? 'is not a managed agent of this skills-state (declare it, or use scope.agents: all)' : found.kind === 'ambiguous' ? `matches several agents (${found.ids.join(', ')}); use the numeric agentId` : 'matches no agent of the tenant (by agentId, userName or emailAddress)';
    diagnostics.push({ severity: 'error', code: found.kind === 'ambiguous' ? 'AGENT_AMBIGUOUS' : TARGET_CODES.TARGET_NO_MATCH, message: `--agents ${JSON.stringify(key)} ${why}.`, suggestions: suggest(key, managedNames) });
  }
  const inScopeNames = live.skills.filter((s) => slice.inScopeSkillIds.has(s.skillId)).map((s) => s.skillName);
  for (const pattern of target.skills) {
    const problem = globProblem(pattern);
    if (problem !== undefined) {
      diagnostics.push({ severity: 'error', code: TARGET_CODES.TARGET_INVALID, message: `--skills ${JSON.stringify(pattern)} is not a valid skill pattern: ${problem}.` });
      continue;
    }
    const matches = compileSkillScope([pattern]);
    if (!inScopeNames.some(matches)) {
      diagnostics.push({ severity: 'error', code: TARGET_CODES.TARGET_NO_MATCH, message: `--skills ${JSON.stringify(pattern)} matches no in-scope skill of the tenant.`, suggestions: suggest(pattern, [...scopePatterns, ...inScopeNames]) });
    }
  }
  if (diagnostics.length > 0) return { slice, diagnostics };

  const managedAgentIds = target.agents.length === 0 ? slice.managedAgentIds : slice.managedAgentIds.filter((id) => agentIds.has(id));
  const inScopeSkillIds = targetSkillIds(target, live.skills, slice.inScopeSkillIds);
  const desired: SkillsDocument = {};
  for (const id of managedAgentIds) {
    const entry = slice.desired[String(id)] ?? {};
    const kept: SkillsDocument[string] = {};
    for (const [skillId, value] of Object.entries(entry)) if (inScopeSkillIds.has(Number(skillId))) kept[skillId] = value;
    desired[String(id)] = kept;
  }
  return { slice: { managedAgentIds, inScopeSkillIds, desired }, diagnostics: [] };
}

/** `agents ann, bob; skills "Billing *"`: the narrowing in words, for every rendering (`quote` marks each name, e.g. as Markdown code). */
export function describeTarget(target: PlanTarget, quote: (s: string) => string = (s) => s): string {
  const parts: string[] = [];
  if (target.agents.length > 0) parts.push(`agents ${target.agents.map(quote).join(', ')}`);
  if (target.skills.length > 0) parts.push(`skills ${target.skills.map(quote).join(', ')}`);
  return parts.join('; ');
}
