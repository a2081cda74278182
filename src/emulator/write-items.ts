/** Parsing and per-item validation of per-agent and per-skill write bodies: each item is valid or fails with its reason. */
import { PROFICIENCY_MAX, PROFICIENCY_MIN } from '../model/types.js';
import type { Tenant } from './tenant.js';

export type WriteMethod = 'POST' | 'PUT' | 'DELETE';
/** `agent`: `/agents/{id}/skills` (items name skills); `skill`: `/skills/{id}/agents` (items name agents). */
export type WriteTarget = 'agent' | 'skill';
/** What a valid item does to its pair. */
export type WriteOp = 'add' | 'update' | 'remove';

export interface WriteItem {
  agentId: number;
  skillId: number;
  op: WriteOp;
  proficiency?: number;
  active?: boolean;
}

/** One item as the reply names it: the ids as sent (raw when they did not parse), and either the item or why it fails. */
export interface CheckedItem {
  agentId: unknown;
  skillId: unknown;
  item?: WriteItem;
  problem?: string;
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

/** The item list of a body, or a message saying why the body is not a write body (a whole-body 400). */
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

export function isProficiency(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= PROFICIENCY_MIN && value <= PROFICIENCY_MAX;
}

export const PROFICIENCY_PROBLEM = `proficiency must be an integer ${PROFICIENCY_MIN}..${PROFICIENCY_MAX}`;

const OPS: Readonly<Record<WriteMethod, WriteOp>> = { POST: 'add', PUT: 'update', DELETE: 'remove' };

/** POST: proficiency required, isActive defaults true. PUT: isActive required, proficiency optional. DELETE: the id only. */
function shape(method: WriteMethod, o: Record<string, unknown>, pair: { agentId: number; skillId: number }): WriteItem | string {
  const item: WriteItem = { ...pair, op: OPS[method] };
  if (method === 'DELETE') return item;
  if (o.proficiency !== undefined && !isProficiency(o.proficiency)) return PROFICIENCY_PROBLEM;
  if (o.isActive !== undefined && typeof o.isActive !== 'boolean') return 'isActive must be a boolean';
  if (method === 'POST') {
    if (o.proficiency === undefined) return 'proficiency is required';
    return { ...item, proficiency: o.proficiency as number, active: (o.isActive as boolean | undefined) ?? true };
  }
  if (o.isActive === undefined) return 'isActive is required';
  item.active = o.isActive as boolean;
  if (o.proficiency !== undefined) item.proficiency = o.proficiency as number;
  return item;
}

/** Why this pair cannot take this op in the tenant as it is, or undefined. */
export function againstTenant(tenant: Tenant, item: WriteItem): string | undefined {
  const agent = tenant.agent(item.agentId);
  if (!agent) return `agent ${item.agentId} does not exist`;
  const skill = tenant.skill(item.skillId);
  if (!skill) return `skill ${item.skillId} does not exist`;
  const assigned = tenant.assignment(item.agentId, item.skillId) !== undefined;
  if (item.op === 'add') {
    if (!skill.isActive) return `skill ${item.skillId} (${skill.skillName}) is inactive: only active skills can be added`;
    if (assigned) return `agent ${item.agentId} already has skill ${item.skillId}`;
  } else if (!assigned) {
    return `agent ${item.agentId} does not have skill ${item.skillId}`;
  }
  return undefined;
}

/** Every item, in order: valid ones carry their item, invalid ones the first problem found. */
export function checkItems(tenant: Tenant, method: WriteMethod, target: WriteTarget, pathId: number, list: readonly unknown[]): CheckedItem[] {
  const key = itemIdKey(target);
  const seen = new Set<number>();
  return list.map((raw): CheckedItem => {
    const o = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
    const rawId = o?.[key];
    const named = target === 'agent' ? { agentId: pathId, skillId: rawId } : { agentId: rawId, skillId: pathId };
    if (!o) return { ...named, problem: 'item must be an object' };
    const otherId = parseId(rawId);
    if (otherId === undefined) return { ...named, problem: `${key} must be a positive integer` };
    const pair = target === 'agent' ? { agentId: pathId, skillId: otherId } : { agentId: otherId, skillId: pathId };
    const ids = { agentId: pair.agentId, skillId: pair.skillId };
    // Only the second and later copies fail: the first is judged on its own.
    if (seen.has(otherId)) return { ...ids, problem: `${target === 'agent' ? 'skill' : 'agent'} ${otherId} is listed more than once` };
    seen.add(otherId);
    const item = shape(method, o, pair);
    if (typeof item === 'string') return { ...ids, problem: item };
    const problem = againstTenant(tenant, item);
    return problem === undefined ? { ...ids, item } : { ...ids, problem };
  });
}
