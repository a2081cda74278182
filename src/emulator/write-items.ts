/** Parsing and all-or-nothing validation of write bodies: every invalid item is reported with its index. */
import { PROFICIENCY_MAX, PROFICIENCY_MIN } from '../model/types.js';
import type { Tenant } from './tenant.js';

export type WriteMethod = 'POST' | 'PUT' | 'DELETE';
/** `agent`: `/agents/{id}/skills` (items name skills); `skill`: `/skills/{id}/agents` (items name agents). */
export type WriteTarget = 'agent' | 'skill';

export interface WriteItem {
  agentId: number;
  skillId: number;
  proficiency?: number;
  active?: boolean;
}

export interface ItemProblem {
  index: number;
  message: string;
}

export function listKey(target: WriteTarget): 'skills' | 'agents' {
  return target === 'agent' ? 'skills' : 'agents';
}

function itemIdKey(target: WriteTarget): 'skillId' | 'agentId' {
  return target === 'agent' ? 'skillId' : 'agentId';
}

/** Ids may arrive as numbers or numeric strings (a real API quirk, so tolerated on input too). */
export function parseId(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) {
    const id = Number(value);
    return id > 0 ? id : undefined;
  }
  return undefined;
}

/** The item list of a body, or a message saying why the body is not a write body. */
export function itemList(body: unknown, target: WriteTarget): unknown[] | string {
  const key = listKey(target);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `body must be a JSON object with a "${key}" array`;
  const list = (body as Record<string, unknown>)[key];
  if (!Array.isArray(list)) return `body must have a "${key}" array`;
  if (list.length === 0) return `"${key}" must not be empty`;
  return list;
}

/** The counterpart ids an item list names (for conflict detection before validation). */
export function namedIds(list: readonly unknown[], target: WriteTarget): number[] {
  const key = itemIdKey(target);
  const ids: number[] = [];
  for (const item of list) {
    const id = typeof item === 'object' && item !== null ? parseId((item as Record<string, unknown>)[key]) : undefined;
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

function isProficiency(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= PROFICIENCY_MIN && value <= PROFICIENCY_MAX;
}

interface Checked {
  item?: WriteItem;
  problem?: string;
}

function shape(method: WriteMethod, target: WriteTarget, pathId: number, raw: unknown): Checked {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problem: 'item must be an object' };
  const o = raw as Record<string, unknown>;
  const key = itemIdKey(target);
  const otherId = parseId(o[key]);
  if (otherId === undefined) return { problem: `${key} must be a positive integer` };
  const item: WriteItem = target === 'agent' ? { agentId: pathId, skillId: otherId } : { agentId: otherId, skillId: pathId };
  if (method === 'DELETE') return { item };
  if (o.proficiency !== undefined && !isProficiency(o.proficiency)) {
    return { problem: `proficiency must be an integer ${PROFICIENCY_MIN}..${PROFICIENCY_MAX}` };
  }
  if (o.isActive !== undefined && typeof o.isActive !== 'boolean') return { problem: 'isActive must be a boolean' };
  if (method === 'POST') {
    if (o.proficiency === undefined) return { problem: 'proficiency is required' };
    return { item: { ...item, proficiency: o.proficiency as number, active: (o.isActive as boolean | undefined) ?? true } };
  }
  if (o.proficiency === undefined && o.isActive === undefined) return { problem: 'nothing to change: give proficiency and/or isActive' };
  if (o.proficiency !== undefined) item.proficiency = o.proficiency as number;
  if (o.isActive !== undefined) item.active = o.isActive as boolean;
  return { item };
}

function againstTenant(tenant: Tenant, method: WriteMethod, item: WriteItem): string | undefined {
  const agent = tenant.agent(item.agentId);
  if (!agent) return `agent ${item.agentId} does not exist`;
  const skill = tenant.skill(item.skillId);
  if (!skill) return `skill ${item.skillId} does not exist`;
  const assigned = tenant.assignment(item.agentId, item.skillId) !== undefined;
  if (method === 'POST') {
    if (!skill.isActive) return `skill ${item.skillId} (${skill.skillName}) is inactive: only active skills can be added`;
    if (assigned) return `agent ${item.agentId} already has skill ${item.skillId}`;
  } else if (!assigned) {
    return `agent ${item.agentId} does not have skill ${item.skillId}`;
  }
  return undefined;
}

/** Valid items, or every problem found; a write applies only when there are none. */
export function validateItems(
  tenant: Tenant,
  method: WriteMethod,
  target: WriteTarget,
  pathId: number,
  list: readonly unknown[],
): { items: WriteItem[]; problems: ItemProblem[] } {
  const items: WriteItem[] = [];
  const problems: ItemProblem[] = [];
  const seen = new Set<number>();
  list.forEach((raw, index) => {
    const checked = shape(method, target, pathId, raw);
    let problem = checked.problem;
    if (checked.item) {
      const otherId = target === 'agent' ? checked.item.skillId : checked.item.agentId;
      problem = seen.has(otherId)
        ? `${target === 'agent' ? 'skill' : 'agent'} ${otherId} is listed more than once`
        : againstTenant(tenant, method, checked.item);
      seen.add(otherId);
      if (!problem) items.push(checked.item);
    }
    if (problem) problems.push({ index, message: problem });
  });
  return { items, problems };
}
