import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmentsFrom, skillTransitions, valueAt, type ScheduleNode } from '../../src/model/windows.js';

const RUNS = Number(process.env.CXSKILLS_PROPERTY_RUNS ?? 1) || 1;
const at = { file: 'a.yaml', line: 1, col: 1 };
const bound = fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined });
const window = fc.tuple(bound, bound).map(([a, b]) => ({ ...(a === undefined ? {} : { from: a }), ...(b === undefined ? {} : { until: b === a ? b + 1 : b }) }));
const outside = fc.constantFrom('remove' as const, 'inactive' as const);
const leaf = fc.record({ proficiency: fc.integer({ min: 1, max: 3 }), window, outside }).map(({ proficiency, window: w, outside: o }): ScheduleNode => ({
  own: { value: { proficiency, active: true }, window: w, outside: o, source: at, via: 'agent' },
  inherited: [],
}));
/** An own setting (maybe) over up to three memberships of leaves, each maybe windowed. */
const node: fc.Arbitrary<ScheduleNode> = fc.record({
  own: fc.option(leaf, { nil: undefined }),
  inherited: fc.array(fc.record({ window, outside, leaf }), { maxLength: 3 }),
}).map(({ own, inherited }) => ({ ...(own?.own ? { own: own.own } : {}), inherited: inherited.map((m) => ({ window: m.window, outside: m.outside, source: at, node: m.leaf })) }));

const show = (n: ScheduleNode, t: number) => JSON.stringify(valueAt(n, t)?.value ?? null);

describe('window schedules (random)', () => {
  it('change value exactly at the transitions they list, and nowhere else', () => {
    fc.assert(
      fc.property(node, (n) => {
        const listed = new Set(skillTransitions('a', 's', n, -1, 100).map((t) => t.at));
        for (let t = 0; t <= 70; t++) expect(show(n, t - 1) !== show(n, t), `t=${t}`).toBe(listed.has(t));
      }),
      { numRuns: 200 * RUNS },
    );
  });

  it('cut into stretches that hold the value at every instant they cover', () => {
    fc.assert(
      fc.property(node, fc.integer({ min: 0, max: 70 }), (n, from) => {
        for (const s of segmentsFrom(n, from)) {
          for (let t = Math.max(from, s.from ?? -5); t < (s.until ?? 75); t++) expect(show(n, t)).toBe(JSON.stringify(s.value));
        }
        // Every instant from `from` on with a value lies in a stretch.
        for (let t = from; t <= 70; t++) {
          if (valueAt(n, t) === undefined) continue;
          expect(segmentsFrom(n, from).some((s) => (s.from ?? -Infinity) <= t && t < (s.until ?? Infinity))).toBe(true);
        }
      }),
      { numRuns: 200 * RUNS },
    );
  });
});
