import { describe, expect, it } from 'vitest';
import { callsIfGroupedBy, groupIntoCalls, type Change } from '../../src/plan/index.js';

const add = (agentId: number, skillId: number, proficiency = 5): Change => ({ kind: 'add', agentId, skillId, after: { proficiency, active: true } });
const remove = (agentId: number, skillId: number): Change => ({ kind: 'remove', agentId, skillId, before: { proficiency: 5, active: true } });

describe('groupIntoCalls', () => {
  it('uses one call per skill when many agents gain the same skill', () => {
    const changes = Array.from({ length: 250 }, (_, i) => add(1000 + i, 101));
    const calls = groupIntoCalls(changes);
    expect(calls.map((c) => [c.method, c.target, c.id, c.items.length])).toEqual([
      ['POST', 'skill', 101, 100],
      ['POST', 'skill', 101, 100],
      ['POST', 'skill', 101, 50],
    ]);
  });

  it('uses one call per agent when one agent gains many skills', () => {
    const changes = Array.from({ length: 30 }, (_, i) => add(1001, 100 + i));
    expect(groupIntoCalls(changes).map((c) => [c.target, c.id, c.items.length])).toEqual([['agent', 1001, 30]]);
  });

  it('mixes sides when that needs fewer calls than either side alone', () => {
    const changes = [...Array.from({ length: 50 }, (_, i) => add(1001, 200 + i)), ...Array.from({ length: 50 }, (_, i) => add(2000 + i, 101))];
    const calls = groupIntoCalls(changes);
    expect(calls).toHaveLength(2);
    expect(callsIfGroupedBy(changes, 'agent')).toBe(51);
    expect(callsIfGroupedBy(changes, 'skill')).toBe(51);
  });

  it('never puts more than maxItems items in a call and covers every change exactly once', () => {
    const changes: Change[] = [];
    for (let a = 0; a < 37; a++) for (let s = 0; s < 9; s++) if ((a * 7 + s * 3) % 4 !== 0) changes.push(add(1000 + a, 100 + s));
    const calls = groupIntoCalls(changes, 7);
    expect(Math.max(...calls.map((c) => c.items.length))).toBeLessThanOrEqual(7);
    const covered = calls.flatMap((c) => c.items.map((i) => `${i.agentId}/${i.skillId}`)).sort();
    expect(covered).toEqual(changes.map((c) => `${c.agentId}/${c.skillId}`).sort());
    for (const call of calls) for (const item of call.items) expect(call.target === 'agent' ? item.agentId : item.skillId).toBe(call.id);
  });

  it('orders adds before updates before removals and maps kinds to POST, PUT, DELETE', () => {
    const update: Change = { kind: 'update', agentId: 1, skillId: 2, before: { proficiency: 3, active: true }, after: { proficiency: 1, active: true } };
    const calls = groupIntoCalls([remove(1, 3), update, add(1, 4)]);
    expect(calls.map((c) => c.method)).toEqual(['POST', 'PUT', 'DELETE']);
    // A PUT carries both values: the API requires isActive, and both make the merge exact.
    expect(calls[1]!.items).toEqual([{ agentId: 1, skillId: 2, proficiency: 1, active: true }]);
    expect(calls[2]!.items).toEqual([{ agentId: 1, skillId: 3 }]);
  });

  it('never needs more calls than the better of all-by-agent and all-by-skill', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 50; round++) {
      const changes = new Map<string, Change>();
      const n = Math.floor(rand() * 400);
      for (let i = 0; i < n; i++) {
        const a = 1000 + Math.floor(rand() * 60);
        const s = 100 + Math.floor(rand() * 12);
        changes.set(`${a}/${s}`, rand() < 0.5 ? add(a, s) : remove(a, s));
      }
      const list = [...changes.values()];
      const bound = Math.min(callsIfGroupedBy(list, 'agent'), callsIfGroupedBy(list, 'skill'));
      expect(groupIntoCalls(list).length).toBeLessThanOrEqual(bound);
    }
  });
});
