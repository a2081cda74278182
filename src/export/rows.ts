/** Export rows for WFM tools: one per agent × skill assignment, from the live tenant or the desired state. */
import { compileSkillScope } from '../model/glob.js';
import type { DesiredState, LiveState } from '../model/types.js';
import { resolveDesired } from '../plan/resolve.js';
import type { Diagnostic } from '../model/diagnostics.js';

export interface ExportRow {
  /** Null only for an offline desired export whose agent key is not an id. */
  agentId: number | null;
  /** For an offline desired export: the agent key as written (userName, emailAddress or id). */
  userName: string;
  skillId: number | null;
  skillName: string;
  proficiency: number;
  active: boolean;
}

export const EXPORT_COLUMNS = ['agentId', 'userName', 'skillId', 'skillName', 'proficiency', 'active'] as const;

/** Every live assignment, or those of skills matching `patterns`. */
export function liveRows(live: LiveState, patterns?: string[]): ExportRow[] {
  const inScope = patterns === undefined ? () => true : compileSkillScope(patterns);
  const agents = new Map(live.agents.map((a) => [a.agentId, a.userName]));
  const skills = new Map(live.skills.map((s) => [s.skillId, s.skillName]));
  const rows: ExportRow[] = [];
  for (const a of live.assignments) {
    const skillName = skills.get(a.skillId);
    if (skillName === undefined || !inScope(skillName)) continue;
    rows.push({ agentId: a.agentId, userName: agents.get(a.agentId) ?? '', skillId: a.skillId, skillName, proficiency: a.proficiency, active: a.active });
  }
  return sortRows(rows);
}

/**
 * The live assignments within a state directory's scope: its managed agents (declared, or all) × the
 * skills its scope matches, optionally narrowed to `patterns`; what plan compares against, as it is live.
 */
export function scopedLiveRows(desired: DesiredState, live: LiveState, patterns?: string[]): { rows: ExportRow[]; diagnostics: Diagnostic[] } {
  const resolved = resolveDesired(desired, live);
  const managed = new Set(resolved.managedAgentIds);
  const narrowed = patterns === undefined ? () => true : compileSkillScope(patterns);
  const skills = new Map(live.skills.map((s) => [s.skillId, s.skillName]));
  const inScope = { ...live, assignments: live.assignments.filter((a) => managed.has(a.agentId) && resolved.inScopeSkillIds.has(a.skillId) && narrowed(skills.get(a.skillId) ?? '')) };
  return { rows: liveRows(inScope), diagnostics: resolved.diagnostics };
}

/** The desired assignments of the managed agents, resolved to ids and userNames against the tenant (as plan does). */
export function desiredRows(desired: DesiredState, live: LiveState): { rows: ExportRow[]; diagnostics: Diagnostic[] } {
  const resolved = resolveDesired(desired, live);
  const agents = new Map(live.agents.map((a) => [a.agentId, a.userName]));
  const skills = new Map(live.skills.map((s) => [s.skillId, s.skillName]));
  const rows: ExportRow[] = [];
  for (const [agentKey, skillValues] of Object.entries(resolved.desired)) {
    for (const [skillKey, value] of Object.entries(skillValues)) {
      const agentId = Number(agentKey);
      const skillId = Number(skillKey);
      rows.push({ agentId, userName: agents.get(agentId) ?? '', skillId, skillName: skills.get(skillId) ?? '', proficiency: value.proficiency, active: value.active });
    }
  }
  return { rows: sortRows(rows), diagnostics: resolved.diagnostics };
}

/** The desired state as written, without the tenant: agent keys and skill names, ids only where a key is one. */
export function desiredRowsOffline(desired: DesiredState): ExportRow[] {
  const rows: ExportRow[] = [];
  for (const agent of desired.agents) {
    for (const [skillName, value] of agent.skills) {
      rows.push({ agentId: /^\d+$/.test(agent.key) ? Number(agent.key) : null, userName: agent.key, skillId: null, skillName, proficiency: value.proficiency, active: value.active });
    }
  }
  return sortRows(rows);
}

function sortRows(rows: ExportRow[]): ExportRow[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort((x, y) => cmp(x.userName, y.userName) || (x.agentId ?? 0) - (y.agentId ?? 0) || cmp(x.skillName, y.skillName) || (x.skillId ?? 0) - (y.skillId ?? 0));
}
