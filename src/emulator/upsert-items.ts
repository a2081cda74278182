/** `POST /agents/skills` bodies: entries of agents × skill items expanded into pairs, each added or modified (upsert). */
import type { Tenant } from './tenant.js';
import { againstTenant, isProficiency, parseId, PROFICIENCY_PROBLEM, type CheckedItem, type WriteItem } from './write-items.js';

const LIST = 'agentAndSkillDetails';

/** One skill item of an entry: its ids and the raw values every pair of it gets. */
interface SkillGroup {
  skillIds: number[];
  proficiency: unknown;
  isActive: unknown;
}

interface Entry {
  agentIds: number[];
  skills: SkillGroup[];
}

function object(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Ids must parse here: a pair result names both ids, so a bad id spoils the body, not one item. */
function ids(value: unknown, path: string): number[] | string {
  if (!Array.isArray(value) || value.length === 0) return `${path} must be a non-empty array`;
  const out: number[] = [];
  for (const [i, raw] of value.entries()) {
    const id = parseId(raw);
    if (id === undefined) return `${path}[${i}] must be a positive integer`;
    out.push(id);
  }
  return out;
}

function skillGroup(value: unknown, path: string): SkillGroup | string {
  const o = object(value);
  if (!o) return `${path} must be an object`;
  // Integrations send `skillIds`; a single `skillId` is taken too (unverified on real tenants).
  const skillIds = o.skillIds !== undefined ? ids(o.skillIds, `${path}.skillIds`) : o.skillId !== undefined ? ids([o.skillId], `${path}.skillId`) : `${path} must have "skillIds"`;
  if (typeof skillIds === 'string') return skillIds;
  return { skillIds, proficiency: o.proficiency, isActive: o.isActive };
}

/** The entries of a body, or why the body is not an upsert body (a whole-body 400). */
export function upsertEntries(body: unknown): Entry[] | string {
  const o = object(body);
  if (!o) return `body must be a JSON object with an "${LIST}" array`;
  const list = o[LIST];
  if (!Array.isArray(list) || list.length === 0) return `"${LIST}" must be a non-empty array`;
  const entries: Entry[] = [];
  for (const [i, raw] of list.entries()) {
    const path = `${LIST}[${i}]`;
    const e = object(raw);
    if (!e) return `${path} must be an object`;
    const agentIds = ids(e.agentIds, `${path}.agentIds`);
    if (typeof agentIds === 'string') return agentIds;
    if (!Array.isArray(e.skills) || e.skills.length === 0) return `${path}.skills must be a non-empty array`;
    const skills: SkillGroup[] = [];
    for (const [j, s] of e.skills.entries()) {
      const group = skillGroup(s, `${path}.skills[${j}]`);
      if (typeof group === 'string') return group;
      skills.push(group);
    }
    entries.push({ agentIds, skills });
  }
  return entries;
}

/** Items counted against maxItems: one per agent × skill pair, over all entries. */
export function pairCount(entries: readonly Entry[]): number {
  return entries.reduce((sum, e) => sum + e.agentIds.length * e.skills.reduce((n, s) => n + s.skillIds.length, 0), 0);
}

export function upsertNamedIds(entries: readonly Entry[]): { agentIds: number[]; skillIds: number[] } {
  return { agentIds: entries.flatMap((e) => e.agentIds), skillIds: entries.flatMap((e) => e.skills.flatMap((s) => s.skillIds)) };
}

function valuesProblem(group: SkillGroup): string | undefined {
  if (group.proficiency === undefined) return 'proficiency is required';
  if (!isProficiency(group.proficiency)) return PROFICIENCY_PROBLEM;
  if (group.isActive !== undefined && typeof group.isActive !== 'boolean') return 'isActive must be a boolean';
  return undefined;
}

/** Every pair in order (entry, agent, skill item, skill id): an existing pair is modified, an absent one added. */
export function checkUpsert(tenant: Tenant, entries: readonly Entry[]): CheckedItem[] {
  const seen = new Set<string>();
  const out: CheckedItem[] = [];
  for (const entry of entries) {
    for (const agentId of entry.agentIds) {
      for (const group of entry.skills) {
        const problem = valuesProblem(group);
        for (const skillId of group.skillIds) {
          const key = `${agentId}/${skillId}`;
          const twice = seen.has(key);
          seen.add(key);
          if (twice) {
            out.push({ agentId, skillId, problem: `agent ${agentId} and skill ${skillId} are listed more than once` });
            continue;
          }
          if (problem) {
            out.push({ agentId, skillId, problem });
            continue;
          }
          const op = tenant.assignment(agentId, skillId) ? 'update' : 'add';
          // isActive defaults to true, as on POST: an upsert says what the pair is to be.
          const item: WriteItem = { agentId, skillId, op, proficiency: group.proficiency as number, active: (group.isActive as boolean | undefined) ?? true };
          const invalid = againstTenant(tenant, item);
          out.push(invalid === undefined ? { agentId, skillId, item } : { agentId, skillId, problem: invalid });
        }
      }
    }
  }
  return out;
}
