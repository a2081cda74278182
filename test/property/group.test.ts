import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callsIfGroupedBy, groupIntoCalls, itemOf, type Change } from '../../src/plan/index.js';

const RUNS = Number(process.env.CXSKILLS_PROPERTY_RUNS ?? 1) || 1;
const value = fc.record({ proficiency: fc.integer({ min: 1, max: 20 }), active: fc.boolean() });

/** Random changes on distinct pairs of up to 40 agents × 12 skills (skewed, so some agents and skills are busy). */
const changes: fc.Arbitrary<Change[]> = fc
  .uniqueArray(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 12 })), { selector: ([a, s]) => `${a}/${s}`, maxLength: 250 })
  .chain((pairs) =>
    fc.tuple(...pairs.map(([agentId, skillId]) =>
      fc.oneof(
        value.map((after): Change => ({ kind: 'add', agentId, skillId, after })),
        fc.tuple(value, value).map(([before, after]): Change => ({ kind: 'update', agentId, skillId, before, after: { ...after, proficiency: before.proficiency === after.proficiency && before.active === after.active ? (after.proficiency % 20) + 1 : after.proficiency } })),
        value.map((before): Change => ({ kind: 'remove', agentId, skillId, before })),
      ),
    )),
  );

describe('grouping (random change sets)', () => {
  it('never exceeds the item limit, carries every change exactly once on its own target, and needs no more calls than one side alone', () => {
    fc.assert(
      fc.property(changes, fc.integer({ min: 1, max: 10 }), (list, maxItems) => {
        const calls = groupIntoCalls(list, maxItems);
        const method = { add: 'POST', update: 'PUT', remove: 'DELETE' } as const;
        const byPair = new Map(list.map((c) => [`${c.agentId}/${c.skillId}`, c]));
        const seen = new Set<string>();
        for (const call of calls) {
          expect(call.items.length).toBeGreaterThan(0);
          expect(call.items.length).toBeLessThanOrEqual(maxItems);
          for (const item of call.items) {
            const key = `${item.agentId}/${item.skillId}`;
            const change = byPair.get(key)!;
            expect(seen.has(key)).toBe(false);
            seen.add(key);
            expect(item).toEqual(itemOf(change));
            expect(call.method).toBe(method[change.kind]);
            expect(call.target === 'agent' ? item.agentId : item.skillId).toBe(call.id);
          }
        }
        expect(seen.size).toBe(list.length);
        // Adds first, removals last.
        const order = calls.map((c) => ['POST', 'PUT', 'DELETE'].indexOf(c.method));
        expect(order).toEqual([...order].sort((a, b) => a - b));
        expect(calls.length).toBeLessThanOrEqual(Math.min(callsIfGroupedBy(list, 'agent', maxItems), callsIfGroupedBy(list, 'skill', maxItems)));
      }),
      { numRuns: 200 * RUNS },
    );
  });
});
