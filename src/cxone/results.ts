/** Per-item results of a write reply (`resultSet`): applied, failed with the API's reason, or unknown when the reply does not say. */
import type { WriteItem, WriteItemResult } from '../model/types.js';

/** Which id a result names: per-agent writes name skills, per-skill writes name agents, the upsert names both. */
export type ResultKey = 'skill' | 'agent' | 'pair';

type Obj = Record<string, unknown>;

const LIST: Record<ResultKey, string> = { skill: 'skillResults', agent: 'agentResults', pair: 'skillResults' };

/**
 * One result per item sent, in the order sent. A result is matched to its item by id (not by position:
 * a reply may leave items out); an item listed twice takes the results naming it in order. Anything the
 * reply does not say clearly — no resultSet, no list, an item without a result, a result without a
 * readable `success` — is `unknown`: the write most likely happened in part, so the caller re-reads.
 * `errorCount` (a number or a numeric string) is not needed: each result says whether it failed.
 */
export function itemResults(body: unknown, sent: readonly WriteItem[], key: ResultKey): WriteItemResult[] {
  const unknown = (item: WriteItem): WriteItemResult => ({ agentId: item.agentId, skillId: item.skillId, outcome: 'unknown' });
  const list = resultList(body, key);
  if (list === undefined) return sent.map(unknown);
  const byKey = new Map<string, Obj[]>();
  for (const entry of list) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    const o = entry as Obj;
    const k = resultKeyOf(o, key, sent);
    if (k === undefined) continue;
    const queue = byKey.get(k) ?? [];
    queue.push(o);
    byKey.set(k, queue);
  }
  return sent.map((item) => {
    const result = byKey.get(itemKeyOf(item, key))?.shift();
    const success = result === undefined ? undefined : flag(result.success);
    if (result === undefined || success === undefined) return unknown(item);
    if (success) return { agentId: item.agentId, skillId: item.skillId, outcome: 'applied' };
    return { agentId: item.agentId, skillId: item.skillId, outcome: 'failed', error: reasonOf(result) };
  });
}

function resultSet(body: unknown): Obj | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const set = (body as Obj).resultSet;
  return typeof set === 'object' && set !== null && !Array.isArray(set) ? (set as Obj) : undefined;
}

function resultList(body: unknown, key: ResultKey): unknown[] | undefined {
  const list = resultSet(body)?.[LIST[key]];
  return Array.isArray(list) ? list : undefined;
}

function itemKeyOf(item: WriteItem, key: ResultKey): string {
  return key === 'skill' ? String(item.skillId) : key === 'agent' ? String(item.agentId) : `${item.agentId}:${item.skillId}`;
}

/** A per-agent write's results name only the skill, a per-skill write's only the agent; the rest comes from the call. */
function resultKeyOf(o: Obj, key: ResultKey, sent: readonly WriteItem[]): string | undefined {
  const skillId = idOf(o.skillId);
  const agentId = idOf(o.agentId);
  if (key === 'skill') return skillId === undefined ? undefined : String(skillId);
  if (key === 'agent') return agentId === undefined ? undefined : String(agentId);
  // An upsert touching a single agent might name only the skill: take the agent from what was sent.
  const agents = new Set(sent.map((i) => i.agentId));
  const agent = agentId ?? (agents.size === 1 ? sent[0]?.agentId : undefined);
  return agent === undefined || skillId === undefined ? undefined : `${agent}:${skillId}`;
}

function idOf(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function flag(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  return undefined;
}

function reasonOf(o: Obj): string {
  for (const k of ['error', 'error_description', 'errorDescription', 'message']) {
    const v = o[k];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return 'failed (the API gave no reason)';
}
