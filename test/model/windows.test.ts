import { describe, expect, it } from 'vitest';
import { boundaries, firstDisagreement, segmentsFrom, skillTransitions, valueAt, type ScheduleNode } from '../../src/model/windows.js';

const at = { file: 'a.yaml', line: 1, col: 1 };
const own = (proficiency: number, window?: { from?: number; until?: number }, outside: 'remove' | 'inactive' = 'remove'): ScheduleNode => ({
  own: { value: { proficiency, active: true }, ...(window ? { window } : {}), outside, source: at, via: 'agent' },
  inherited: [],
});
const show = (node: ScheduleNode, t: number) => {
  const v = valueAt(node, t)?.value;
  return v === undefined ? '-' : `${v.proficiency}${v.active ? '' : '/off'}`;
};

describe('schedule evaluation', () => {
  it('holds a window from `from` inclusive until `until` exclusive', () => {
    const n = own(3, { from: 10, until: 20 });
    expect([9, 10, 19, 20].map((t) => show(n, t))).toEqual(['-', '3', '3', '-']);
    expect(boundaries(n)).toEqual([10, 20]);
  });

  it('keeps an outside: inactive assignment switched off before and after its window', () => {
    const n = own(3, { from: 10, until: 20 }, 'inactive');
    expect([9, 10, 20].map((t) => show(n, t))).toEqual(['3/off', '3', '3/off']);
  });

  it('lets an own window override an included value only while it says something', () => {
    const n: ScheduleNode = { ...own(2, { from: 10, until: 20 }), inherited: [{ source: at, node: own(8) }] };
    expect([5, 15, 25].map((t) => show(n, t))).toEqual(['8', '2', '8']);
  });

  it('switches an included profile\'s skills off outside a membership with outside: inactive', () => {
    const n: ScheduleNode = { inherited: [{ window: { from: 10 }, outside: 'inactive', source: at, node: own(4) }] };
    expect([5, 10].map((t) => show(n, t))).toEqual(['4/off', '4']);
  });

  it('finds the first instant two memberships disagree, and none when windows only meet', () => {
    const overlap: ScheduleNode = { inherited: [{ window: { until: 20 }, source: at, node: own(3) }, { window: { from: 15 }, source: at, node: own(6) }] };
    expect(firstDisagreement(overlap)).toBe(15);
    const meet: ScheduleNode = { inherited: [{ window: { until: 20 }, source: at, node: own(3) }, { window: { from: 20 }, source: at, node: own(6) }] };
    expect(firstDisagreement(meet)).toBeUndefined();
  });

  it('lists transitions in (from, to] only where the value changes', () => {
    const meet: ScheduleNode = { inherited: [{ window: { from: 5, until: 20 }, source: at, node: own(3) }, { window: { from: 20, until: 30 }, source: at, node: own(3) }, { window: { from: 30 }, source: at, node: own(6) }] };
    expect(skillTransitions('ann', 'S', meet, 0, 100).map((t) => `${t.at} ${t.kind}`)).toEqual(['5 add', '30 update']);
    expect(skillTransitions('ann', 'S', meet, 5, 29)).toEqual([]);
  });

  it('cuts the stretches of a pair from an instant on, merging equal neighbours', () => {
    const n: ScheduleNode = { inherited: [{ window: { from: 5, until: 20 }, source: at, node: own(3) }, { window: { from: 20, until: 30 }, source: at, node: own(3) }, { window: { from: 40 }, source: at, node: own(6) }] };
    expect(segmentsFrom(n, 0)).toEqual([
      { from: 5, until: 30, value: { proficiency: 3, active: true } },
      { from: 40, value: { proficiency: 6, active: true } },
    ]);
    expect(segmentsFrom(n, 35)).toEqual([{ from: 40, value: { proficiency: 6, active: true } }]);
  });
});
