/** Write bodies (per agent, per skill, the upsert) and chunking under the item limit the server is learned to take. */
import type { BulkWrite, WriteItem, WriteItemResult, WriteResult } from '../model/types.js';
import { isCxoneError } from './errors.js';
import type { ResultKey } from './results.js';

/** The most items one request may carry: starts at the configured size, halves on each "too many" and stays there. */
export class ItemLimit {
  #current: number;

  constructor(initial: number) {
    if (!Number.isSafeInteger(initial) || initial < 1) throw new Error(`maxItems must be a positive integer, got ${initial}`);
    this.#current = initial;
  }

  get current(): number {
    return this.#current;
  }

  /** Halves the size of a chunk the server refused (never below 1); two writes refused at once do not halve twice over. */
  lowerFrom(refused: number): void {
    this.#current = Math.min(this.#current, Math.max(1, Math.floor(refused / 2)));
  }
}

/** A 400 for the body as a whole because it holds too many items (the emulator says "too many items: at most 100 …"). */
export function isTooMany(error: unknown): boolean {
  return isCxoneError(error) && error.status === 400 && /too\s*many/i.test(error.message);
}

export interface WireWrite {
  path: string;
  body: string;
  resultKey: ResultKey;
}

/** The body of one per-agent or per-skill write carrying `items` (a chunk of the call's items). */
export function bulkBody(call: BulkWrite, items: readonly WriteItem[]): WireWrite {
  const byAgent = call.target === 'agent';
  const list = items.map((item) => {
    const out: Record<string, number | boolean> = byAgent ? { skillId: item.skillId } : { agentId: item.agentId };
    if (call.method === 'DELETE') return out;
    if (call.method === 'PUT' && (item.proficiency === undefined || item.active === undefined)) {
      // The API requires isActive on PUT, and a PUT without a proficiency would leave the value to chance.
      throw new Error(`PUT item ${item.agentId}×${item.skillId} must carry both proficiency and active`);
    }
    if (item.proficiency !== undefined) out.proficiency = item.proficiency;
    if (item.active !== undefined) out.isActive = item.active;
    return out;
  });
  return {
    path: byAgent ? `/agents/${call.id}/skills` : `/skills/${call.id}/agents`,
    body: JSON.stringify({ [byAgent ? 'skills' : 'agents']: list }),
    resultKey: byAgent ? 'skill' : 'agent',
  };
}

export interface UpsertEntry {
  agentIds: number[];
  skills: Array<{ skillIds: number[]; proficiency: number; isActive: boolean }>;
}

/**
 * The fewest entries for `items`: per agent, skills with the same values share one skills item; agents
 * with the same set of those share one entry. `order` lists the items as the entries name them (entry,
 * agent, skill item, skill id), which is the order the server answers in.
 */
export function groupUpsert(items: readonly WriteItem[]): { entries: UpsertEntry[]; order: WriteItem[] } {
  const perAgent = new Map<number, Map<string, number[]>>();
  for (const item of items) {
    if (item.proficiency === undefined || item.active === undefined) {
      throw new Error(`upsert item ${item.agentId}×${item.skillId} must carry both proficiency and active`);
    }
    const values = perAgent.get(item.agentId) ?? new Map<string, number[]>();
    const key = `${item.proficiency}:${item.active}`;
    values.set(key, [...(values.get(key) ?? []), item.skillId]);
    perAgent.set(item.agentId, values);
  }
  const bySet = new Map<string, UpsertEntry>();
  for (const [agentId, values] of perAgent) {
    // Sorted, so that two agents given the same skills in another order still share an entry.
    const skills = [...values]
      .map(([key, skillIds]) => {
        const [proficiency, active] = key.split(':');
        return { skillIds: [...skillIds].sort((a, b) => a - b), proficiency: Number(proficiency), isActive: active === 'true' };
      })
      .sort((a, b) => a.proficiency - b.proficiency || Number(a.isActive) - Number(b.isActive));
    const signature = JSON.stringify(skills);
    const entry = bySet.get(signature);
    if (entry) entry.agentIds.push(agentId);
    else bySet.set(signature, { agentIds: [agentId], skills });
  }
  const entries = [...bySet.values()];
  const order = entries.flatMap((e) =>
    e.agentIds.flatMap((agentId) => e.skills.flatMap((s) => s.skillIds.map((skillId) => ({ agentId, skillId, proficiency: s.proficiency, active: s.isActive })))),
  );
  return { entries, order };
}

/** Pairs an entry sets: the unit the server counts against its item limit. */
export function pairsOf(entries: readonly UpsertEntry[]): number {
  return entries.reduce((n, e) => n + e.agentIds.length * e.skills.reduce((m, s) => m + s.skillIds.length, 0), 0);
}

export type SendChunk = (chunk: WriteItem[], ifMatch: string | undefined) => Promise<WriteResult>;

/**
 * Sends `items` in chunks of the current limit, one after another; a "too many" halves the limit and
 * sends the same items again in smaller chunks. The first chunk's failure is thrown as is (nothing of
 * the call happened, or as the error's outcome says). A later chunk's failure cannot be thrown without
 * losing what the earlier chunks did, so it becomes the outcome of the items it left: `unknown` for a
 * chunk that may have happened, `failed` for one refused and for items never sent.
 */
export async function sendChunked(items: readonly WriteItem[], limit: ItemLimit, send: SendChunk, ifMatch?: string): Promise<WriteResult> {
  const results: WriteItemResult[] = [];
  let etag: string | undefined;
  let condition = ifMatch;
  for (let at = 0; at < items.length; ) {
    const chunk = items.slice(at, at + limit.current);
    try {
      const reply = await send(chunk, condition);
      results.push(...reply.items);
      // The next chunk changes the resource the last one left: its new ETag, if the server sent one.
      etag = reply.etag;
      condition = reply.etag;
      at += chunk.length;
    } catch (error) {
      if (isTooMany(error) && chunk.length > 1) {
        limit.lowerFrom(chunk.length);
        continue;
      }
      if (at === 0) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      const maybe = isCxoneError(error) && error.outcome === 'unknown';
      for (const item of chunk) results.push(maybe ? { agentId: item.agentId, skillId: item.skillId, outcome: 'unknown' } : { agentId: item.agentId, skillId: item.skillId, outcome: 'failed', error: reason });
      for (const item of items.slice(at + chunk.length)) results.push({ agentId: item.agentId, skillId: item.skillId, outcome: 'failed', error: `not sent: an earlier part of this write failed (${reason})` });
      break;
    }
  }
  return { etag, items: results };
}

/** `result` (of `order`, the items as the entries named them) back in the order of `items`; an item listed twice takes its results in turn. */
export function inOrderOf(items: readonly WriteItem[], result: WriteResult): WriteResult {
  const byPair = new Map<string, WriteItemResult[]>();
  for (const r of result.items) {
    const key = `${r.agentId}:${r.skillId}`;
    byPair.set(key, [...(byPair.get(key) ?? []), r]);
  }
  return {
    etag: result.etag,
    items: items.map((item) => byPair.get(`${item.agentId}:${item.skillId}`)?.shift() ?? { agentId: item.agentId, skillId: item.skillId, outcome: 'unknown' }),
  };
}
