/** Verification after apply: every change the run applied is now in effect in the live tenant. */
import type { Assignment } from '../model/types.js';
import type { Change } from '../plan/types.js';

export interface VerifyResult {
  checked: number;
  /** `delta`: from the guard's reads and per-item results; `full`: every change read back. */
  method?: 'delta' | 'full';
  /** Changes taken as in effect from the API's per-item results alone (removals, in a delta verification). */
  byResults?: number;
  /** Changes that should be in effect and are not. */
  mismatches: Array<{ change: Change; live: { proficiency: number; active: boolean } | null }>;
}

export function verifyChanges(changes: readonly Change[], live: Iterable<Assignment>): VerifyResult {
  const wanted = new Map(changes.map((c) => [`${c.agentId}/${c.skillId}`, c]));
  const found = new Map<string, Assignment>();
  for (const a of live) {
    const key = `${a.agentId}/${a.skillId}`;
    if (wanted.has(key)) found.set(key, a);
  }
  const mismatches: VerifyResult['mismatches'] = [];
  for (const [key, change] of wanted) {
    const a = found.get(key);
    const liveValue = a === undefined ? null : { proficiency: a.proficiency, active: a.active };
    const ok = change.kind === 'remove' ? liveValue === null : liveValue !== null && liveValue.proficiency === change.after.proficiency && liveValue.active === change.after.active;
    if (!ok) mismatches.push({ change, live: liveValue });
  }
  return { checked: wanted.size, mismatches };
}

export type VerificationReads = { kind: 'bulk'; calls: number } | { kind: 'agents' | 'skills'; ids: number[]; calls: number };

/**
 * The cheapest way to re-read what a plan touched: the whole tenant (one call per page), each touched
 * agent's list (one call each), or each touched skill's list (one call per page of its agents). Retiring
 * one skill from 2,000 agents is verified in 20 calls (pages of 100) instead of a tenant-wide re-read.
 * `pageSize` is the page the server really serves (contract v2: often 100, whatever `top` asks).
 */
export function cheapestVerification(changes: readonly Change[], live: Iterable<Assignment>, pageSize = 100, tenantRows?: number): VerificationReads {
  const agents = new Set<number>();
  const skills = new Set<number>();
  for (const c of changes) {
    agents.add(c.agentId);
    skills.add(c.skillId);
  }
  let total = 0;
  const perSkill = new Map<number, number>();
  for (const a of live) {
    total++;
    if (skills.has(a.skillId)) perSkill.set(a.skillId, (perSkill.get(a.skillId) ?? 0) + 1);
  }
  // A touched skill's list can grow by the adds of this plan.
  for (const c of changes) if (c.kind === 'add') perSkill.set(c.skillId, (perSkill.get(c.skillId) ?? 0) + 1);
  // `live` may hold only the in-scope skills (a scoped read): the tenant's own total is what a bulk re-read costs.
  const bulk = Math.max(1, Math.ceil(Math.max(total, tenantRows ?? 0) / pageSize));
  const bySkill = [...skills].reduce((n, id) => n + Math.max(1, Math.ceil((perSkill.get(id) ?? 0) / pageSize)), 0);
  const byAgent = agents.size;
  if (bulk <= bySkill && bulk <= byAgent) return { kind: 'bulk', calls: bulk };
  if (bySkill <= byAgent) return { kind: 'skills', ids: [...skills].sort((a, b) => a - b), calls: bySkill };
  return { kind: 'agents', ids: [...agents].sort((a, b) => a - b), calls: byAgent };
}
