/**
 * Writes that an earlier run sent but never heard back from (it was killed) are settled from what is
 * live now, in its audit log, before anything else: in effect → applied; else → failed, for this plan.
 */
import { readFile } from 'node:fs/promises';
import { appendEntries } from '../apply/audit.js';
import { settleIntents, unsettledIntents } from '../apply/settle.js';
import type { LiveState } from '../model/types.js';

export interface Settled {
  settled: number;
  inEffect: number;
}

export async function settleInterrupted(auditFile: string, live: LiveState, now: () => Date = () => new Date()): Promise<Settled> {
  let text: string;
  try {
    text = await readFile(auditFile, 'utf8');
  } catch {
    return { settled: 0, inEffect: 0 }; // no audit log yet
  }
  const settled = settleIntents(unsettledIntents(text), live, now());
  if (settled.length > 0) appendEntries(auditFile, settled);
  return { settled: settled.length, inEffect: settled.filter((e) => e.outcome === 'applied').length };
}
