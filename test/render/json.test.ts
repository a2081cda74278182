import { describe, expect, it } from 'vitest';
import { diffDocuments } from '../../src/plan/diff.js';
import { withDigest } from '../../src/plan/file.js';
import { parsePlanFile } from '../../src/run/plan-file.js';
import type { Plan } from '../../src/plan/types.js';
import { serializePlan } from '../../src/plan/serialize.js';
import { makePlan } from '../fixtures/plans/build.js';
import { smallPlan } from '../fixtures/plans/small.js';
import { expectGolden } from './golden.js';

/** The same plan with every object's keys inserted in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).reverse()) out[key] = reversedKeys((value as Record<string, unknown>)[key]);
  return out;
}

describe('renderJson', () => {
  it('matches the golden JSON of a small plan', () => {
    expectGolden('plan.json', serializePlan(smallPlan));
  });

  it('is the plan itself: parsing it gives the plan back', () => {
    expect(JSON.parse(serializePlan(smallPlan))).toEqual(smallPlan);
  });

  it('is pretty-printed with two spaces, formatVersion first, and ends with a newline', () => {
    const json = serializePlan(smallPlan);
    expect(json.startsWith('{\n  "formatVersion": 1,\n  "tool": {\n    "name": "cxskills",')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('orders keys the same way whatever order the plan was built in', () => {
    expect(serializePlan(reversedKeys(smallPlan) as Plan)).toBe(serializePlan(smallPlan));
  });

  it('keeps fields it does not know, sorted after the known ones', () => {
    const extended = { ...smallPlan, zeta: 1, alpha: { b: 2, a: 1 } } as Plan;
    const json = serializePlan(extended);
    expect(JSON.parse(json)).toEqual(extended);
    expect(json.indexOf('"diagnostics"')).toBeLessThan(json.indexOf('"alpha"'));
    expect(json.indexOf('"alpha"')).toBeLessThan(json.indexOf('"zeta"'));
    expect(json).toContain('"alpha": {\n    "a": 1,\n    "b": 2\n  }');
  });
});

describe('renderJson as the saved plan file', () => {
  it('keeps the key order the planner builds, so the digest still matches when apply reads the file back', () => {
    const live = { '1': { '10': { proficiency: 5, active: true }, '11': { proficiency: 3, active: true } }, '2': {} };
    const desired = { '1': { '10': { proficiency: 2, active: false }, '12': { proficiency: 1, active: true } }, '2': { '11': { proficiency: 4, active: true } } };
    const { changes } = diffDocuments(live, desired);
    const plan = withDigest(
      makePlan({ changes, managedAgents: 2, managedAssignments: 2, managedAgentIds: [1, 2] }),
    );
    const read = parsePlanFile(serializePlan(plan), 'plan.json');
    expect(read.diagnostics).toEqual([]);
    expect(read.plan).toEqual(plan);
  });
});
