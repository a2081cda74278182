/**
 * Settling an interrupted run: an intent line with no outcome line after it is a write that was sent (or
 * about to be) when the run died. The next apply and rollback settle each from the live state: in effect →
 * applied; not in effect → failed (APPLY_INTERRUPTED), left for the re-run's plan. Pure.
 */
import type { AssignmentValue, LiveState } from '../model/types.js';
import { readAuditLines, type LoggedEntry } from './audit-read.js';

export type { LoggedEntry } from './audit-read.js';
import { pairKey } from './execute-slices.js';
import { sameValue } from './reconcile.js';

export const INTERRUPTED = 'APPLY_INTERRUPTED';

/** The intents of `text` (an audit log) that no later outcome line of the same run and pair answers; lines the reader refuses are not intents. */
export function unsettledIntents(text: string): LoggedEntry[] {
  const open = new Map<string, LoggedEntry>();
  for (const { line: _line, ...entry } of readAuditLines(text, '').entries) {
    const key = `${entry.runId} ${pairKey(entry.agentId, entry.skillId)}`;
    if (entry.outcome === 'intent') open.set(key, entry);
    else open.delete(key);
  }
  return [...open.values()];
}

/** The outcome line for each unsettled intent, judged from what is live now. */
export function settleIntents(intents: readonly LoggedEntry[], live: Pick<LiveState, 'assignments'>, now: Date): LoggedEntry[] {
  const wanted = new Set(intents.map((i) => pairKey(i.agentId, i.skillId)));
  const values = new Map<string, AssignmentValue>();
  for (const a of live.assignments) {
    const key = pairKey(a.agentId, a.skillId);
    if (wanted.has(key)) values.set(key, { proficiency: a.proficiency, active: a.active });
  }
  return intents.map((intent) => {
    const inEffect = sameValue(values.get(pairKey(intent.agentId, intent.skillId)), intent.after ?? undefined);
    const base: LoggedEntry = { ...intent, time: now.toISOString(), settled: true, outcome: inEffect ? 'applied' : 'failed' };
    return inEffect ? base : { ...base, error: { code: INTERRUPTED, message: 'the run stopped between sending this write and its answer, and it is not in effect; the next plan includes it' } };
  });
}
