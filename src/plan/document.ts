/** The normalised document both sides are reduced to before diffing: `{ [agentId]: { [skillId]: {proficiency, active} } }`. */
import type { AgentId, Assignment, AssignmentValue, SkillId } from '../model/types.js';
import type { Change } from './types.js';

export type SkillsDocument = Record<string, Record<string, AssignmentValue>>;

/** An empty entry for every managed agent, so the diff only ever yields per-pair operations. */
export function emptyDocument(managedAgentIds: readonly AgentId[]): SkillsDocument {
  const doc: SkillsDocument = {};
  for (const id of managedAgentIds) doc[String(id)] = {};
  return doc;
}

/** Live assignments of managed agents and in-scope skills, as a document. Others are never looked at. */
export function liveDocument(
  assignments: Iterable<Assignment>,
  managedAgentIds: readonly AgentId[],
  inScopeSkillIds: ReadonlySet<SkillId>,
): SkillsDocument {
  const doc = emptyDocument(managedAgentIds);
  for (const a of assignments) {
    if (!inScopeSkillIds.has(a.skillId)) continue;
    const agent = doc[String(a.agentId)];
    if (agent === undefined) continue;
    agent[String(a.skillId)] = { proficiency: a.proficiency, active: a.active };
  }
  return doc;
}

/** Number of assignments in a document. */
export function countAssignments(doc: SkillsDocument): number {
  let n = 0;
  for (const skills of Object.values(doc)) n += Object.keys(skills).length;
  return n;
}

/** The slice with `changes` made: what a reviewed plan or a rollback wants the slice to become, and what a saved plan's policy is judged on. */
export function withChanges(slice: SkillsDocument, changes: readonly Change[]): SkillsDocument {
  const out: SkillsDocument = {};
  for (const [agent, skills] of Object.entries(slice)) out[agent] = { ...skills };
  for (const c of changes) {
    const agent = (out[String(c.agentId)] ??= {});
    if (c.kind === 'remove') delete agent[String(c.skillId)];
    else agent[String(c.skillId)] = { proficiency: c.after.proficiency, active: c.after.active };
  }
  return out;
}
