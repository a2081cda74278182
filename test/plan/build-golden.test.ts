import { describe, expect, it } from 'vitest';
import { buildPlan, type BuildPlanInput, type Plan } from '../../src/plan/index.js';
import { serializePlan } from '../../src/plan/serialize.js';
import { renderText } from '../../src/render/index.js';
import { agent, desired, live, skill } from '../helpers/state.js';
import { expectGolden } from '../render/golden.js';

const skills = [skill(101, 'Billing EN'), skill(102, 'Billing ES'), skill(103, 'Sales EN'), skill(104, 'Sales ES'), skill(111, 'Outbound Collections'), skill(116, 'Legacy IVR', { isActive: false })];
const agents = [agent(1001, 'ann'), agent(1002, 'bob'), agent(1003, 'cy'), agent(1004, 'dee'), agent(1005, 'eve', { isActive: false })];
const tenant = live(agents, skills, [
  [1001, 101, 5],
  [1001, 102, 7],
  [1001, 111, 2],
  [1002, 101, 6, false],
  [1002, 103, 4],
  [1003, 104, 9],
  [1004, 101, 3],
  [1004, 103, 8],
]);

/** Adds, updates (one an active flip), removals, an agent by e-mail, an out-of-scope skill left alone, safety findings, an estimate at 8 requests/s. */
function build(extra: Partial<BuildPlanInput> = {}): Plan {
  const state = desired(
    {
      ann: { 'Billing EN': 3, 'Sales EN': 4 },
      bob: { 'Billing EN': [6, true], 'Sales EN': 4 },
      'cy@example.test': { 'Sales ES': 9, 'Billing ES': 12 },
      dee: { 'Billing EN': 3 },
    },
    { skills: ['Billing *', 'Sales *'] },
    // Limits low enough for this small tenant that the plan carries its safety findings.
    { maxRemoveRatio: 0.25, maxChangeRatio: 0.5, minManaged: 1 },
  );
  const result = buildPlan({
    desired: state,
    live: tenant,
    createdAt: '2026-11-23T16:40:00.000Z',
    toolVersion: '0.1.0',
    cost: { ratePerSecond: 8, pagesRead: 3, pageRows: 100, waveCalls: 16 },
    ...extra,
  });
  if (result.plan === undefined) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return result.plan;
}

describe('buildPlan output (golden)', () => {
  it('writes the same plan file for the same inputs: changes, calls, patch, counts, names, safety, coverage, estimate, digest', () => {
    const plan = build();
    expect(plan.changes.length).toBeGreaterThan(0);
    expectGolden('build-plan.json', serializePlan(plan));
    expectGolden('build-plan.txt', renderText(plan, { color: false }));
  });

  it('writes per-list calls where the server has no bulk upsert', () => {
    expectGolden('build-plan-per-list.json', serializePlan(build({ upsert: false })));
  });

  it('narrows to --agents and --skills, the target recorded in the plan', () => {
    expectGolden('build-plan-narrowed.json', serializePlan(build({ target: { agents: ['ann', 'dee'], skills: ['Billing *'] } })));
  });
});
