/** Export rows for WFM tools: one per agent × skill assignment, from the live tenant or the desired state. */
import { compileSkillScope } from '../model/glob.js';
import type { DesiredState, LiveState } from '../model/types.js';
import { resolveDesired } from '../plan/resolve.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { desiredAt, segmentsFrom, type Segment } from '../model/windows.js';

export interface ExportRow {
  /** Null only for an offline desired export whose agent key is not an id. */
  agentId: number | null;
  /** For an offline desired export: the agent key as written (userName, emailAddress or id). */
  userName: string;
  skillId: number | null;
  skillName: string;
  proficiency: number;
  active: boolean;
  /** ISO 8601 UTC: the assignment holds from then on (a time window); null when it always does. */
  from: string | null;
  /** ISO 8601 UTC, exclusive: the assignment holds until then (a time window); null when it does not end. */
  until: string | null;
}

export const EXPORT_COLUMNS = ['agentId', 'userName', 'skillId', 'skillName', 'proficiency', 'active', 'from', 'until'] as const;

const ALWAYS = { from: null, until: null };

/** Every live assignment, or those of skills matching `patterns`. */
export function liveRows(live: LiveState, patterns?: string[]): ExportRow[] {
  const inScope = patterns === undefined ? () => true : compileSkillScope(patterns);
  const agents = new Map(live.agents.map((a) => [a.agentId, a.userName]));
  const skills = new Map(live.skills.map((s) => [s.skillId, s.skillName]));
  const rows: ExportRow[] = [];
  for (const a of live.assignments) {
    const skillName = skills.get(a.skillId);
    if (skillName === undefined || !inScope(skillName)) continue;
    rows.push({ agentId: a.agentId, userName: agents.get(a.agentId) ?? '', skillId: a.skillId, skillName, proficiency: a.proficiency, active: a.active, ...ALWAYS });
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

/**
 * The desired assignments of the managed agents, resolved to ids and userNames against the tenant (as
 * plan does): those holding at `at`, and, for skills with windows, each later stretch with its from/until.
 */
export function desiredRows(desired: DesiredState, live: LiveState, at: number = Date.now()): { rows: ExportRow[]; diagnostics: Diagnostic[] } {
  const resolved = resolveDesired(desiredAt(desired, at), live);
  const scheduled = scheduledSkills(desired);
  const agents = new Map(live.agents.map((a) => [a.agentId, a.userName]));
  const skills = new Map(live.skills.map((s) => [s.skillId, s.skillName]));
  const rows: ExportRow[] = [];
  for (const [agentKey, skillValues] of Object.entries(resolved.desired)) {
    for (const [skillKey, value] of Object.entries(skillValues)) {
      const agentId = Number(agentKey);
      const skillId = Number(skillKey);
      if (scheduled.has(`${resolved.declarations.get(agentId)?.key}\u0000${skills.get(skillId)}`)) continue;
      rows.push({ agentId, userName: agents.get(agentId) ?? '', skillId, skillName: skills.get(skillId) ?? '', proficiency: value.proficiency, active: value.active, ...ALWAYS });
    }
  }
  const skillIds = new Map(live.skills.map((s) => [s.skillName, s.skillId]));
  const byKey = new Map(desired.agents.map((a) => [a.key, a]));
  for (const [agentId, declared] of resolved.declarations) {
    for (const [skillName, skill] of byKey.get(declared.key)?.skills ?? []) {
      if (skill.schedule === undefined || !skillIds.has(skillName)) continue;
      for (const s of segmentsFrom(skill.schedule, at)) rows.push({ agentId, userName: agents.get(agentId) ?? '', skillId: skillIds.get(skillName)!, skillName, ...s.value, ...when(s) });
    }
  }
  return { rows: sortRows(rows), diagnostics: resolved.diagnostics };
}

/** The desired state as written, without the tenant: agent keys and skill names, ids only where a key is one; windows as in desiredRows. */
export function desiredRowsOffline(desired: DesiredState, at: number = Date.now()): ExportRow[] {
  const rows: ExportRow[] = [];
  for (const agent of desired.agents) {
    const agentId = /^\d+$/.test(agent.key) ? Number(agent.key) : null;
    for (const [skillName, value] of agent.skills) {
      if (value.schedule === undefined) rows.push({ agentId, userName: agent.key, skillId: null, skillName, proficiency: value.proficiency, active: value.active, ...ALWAYS });
      else for (const s of segmentsFrom(value.schedule, at)) rows.push({ agentId, userName: agent.key, skillId: null, skillName, ...s.value, ...when(s) });
    }
  }
  return sortRows(rows);
}

function when(s: Segment): Pick<ExportRow, 'from' | 'until'> {
  return { from: s.from === undefined ? null : new Date(s.from).toISOString(), until: s.until === undefined ? null : new Date(s.until).toISOString() };
}

/** `agentKey NUL skillName` of every skill whose value a window decides. */
function scheduledSkills(desired: DesiredState): Set<string> {
  const out = new Set<string>();
  for (const a of desired.agents) for (const [name, s] of a.skills) if (s.schedule !== undefined) out.add(`${a.key}\u0000${name}`);
  return out;
}

function sortRows(rows: ExportRow[]): ExportRow[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort((x, y) => cmp(x.userName, y.userName) || (x.agentId ?? 0) - (y.agentId ?? 0) || cmp(x.skillName, y.skillName) || (x.skillId ?? 0) - (y.skillId ?? 0) || cmp(x.from ?? '', y.from ?? ''));
}
