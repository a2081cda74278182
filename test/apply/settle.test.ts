import { describe, expect, it } from 'vitest';
import { settleIntents, unsettledIntents, type LoggedEntry } from '../../src/apply/settle.js';

const intent = (runId: string, agentId: number, skillId: number, after: { proficiency: number; active: boolean } | null, before: { proficiency: number; active: boolean } | null = null): LoggedEntry => ({
  runId,
  time: '2026-12-01T10:00:00.000Z',
  outcome: 'intent',
  kind: before === null ? 'add' : after === null ? 'remove' : 'update',
  agentId,
  skillId,
  before,
  after,
  call: { method: 'POST', path: '/agents/skills', attempt: 1 },
});
const line = (e: LoggedEntry) => JSON.stringify(e);

describe('settling an interrupted run', () => {
  it('finds the intents no outcome line answers, per run and pair, and ignores a last line cut short', () => {
    const a = intent('r1', 1001, 101, { proficiency: 3, active: true });
    const b = intent('r1', 1002, 101, { proficiency: 4, active: true });
    const text = [line(a), line({ ...a, outcome: 'applied' }), line(b), line(intent('r2', 1001, 101, { proficiency: 5, active: true })), '{"runId":"r2","outc'].join('\n');
    expect(unsettledIntents(text).map((e) => `${e.runId} ${e.agentId}`)).toEqual(['r1 1002', 'r2 1001']);
  });

  it('settles from the live state: in effect → applied; not in effect → failed (APPLY_INTERRUPTED); a removal is in effect when the pair is gone', () => {
    const landed = intent('r1', 1001, 101, { proficiency: 3, active: true });
    const lost = intent('r1', 1002, 101, { proficiency: 4, active: true });
    const removed = intent('r1', 1003, 102, null, { proficiency: 9, active: true });
    const live = { assignments: [{ agentId: 1001, skillId: 101, proficiency: 3, active: true }, { agentId: 1002, skillId: 101, proficiency: 8, active: true }] };
    const settled = settleIntents([landed, lost, removed], live, new Date('2026-12-01T11:00:00Z'));
    expect(settled.map((e) => [e.agentId, e.outcome, e.error?.code ?? null, e.settled])).toEqual([
      [1001, 'applied', null, true],
      [1002, 'failed', 'APPLY_INTERRUPTED', true],
      [1003, 'applied', null, true],
    ]);
    expect(settled.every((e) => e.runId === 'r1' && e.time === '2026-12-01T11:00:00.000Z')).toBe(true);
    expect(unsettledIntents([landed, lost, removed, ...settled].map(line).join('\n'))).toEqual([]);
  });
});
