import { describe, expect, it } from 'vitest';
import { buildPlan, revalidateSavedPlan, type Plan } from '../../src/plan/index.js';
import { agent, desired, live, skill } from '../helpers/state.js';

const skills = [skill(101, 'Billing EN'), skill(102, 'Billing ES'), skill(111, 'Outbound Collections')];
const agents = Array.from({ length: 4 }, (_, i) => agent(1001 + i, `a${i + 1}`));
const l = live(agents, skills, [
  [1001, 101, 5],
  [1002, 101, 6],
  [1003, 102, 7],
  [1004, 111, 1],
]);
const limits = { maxRemoveRatio: 0.25, maxChangeRatio: 0.5, minManaged: 1 };

function made(): Plan {
  const { plan } = buildPlan({ desired: desired({ a1: { 'Billing EN': 5 }, a2: {}, a3: {} }, { skills: ['Billing *'] }, limits), live: l, createdAt: 't', toolVersion: 't' });
  return plan!;
}

describe('revalidateSavedPlan', () => {
  it('recomputes counts, names and safety findings instead of trusting the file', () => {
    const plan = made();
    expect(plan.safety.map((f) => f.code)).toEqual(['TOO_MANY_REMOVALS', 'TOO_MANY_CHANGES']);
    const edited: Plan = { ...plan, safety: [], counts: { ...plan.counts, remove: 0 }, names: { agents: {}, skills: {} } };
    const { plan: checked } = revalidateSavedPlan(edited, l);
    expect(checked?.safety.map((f) => f.code)).toEqual(['TOO_MANY_REMOVALS', 'TOO_MANY_CHANGES']);
    expect(checked?.counts).toEqual(plan.counts);
    expect(checked?.names).toEqual(plan.names);
  });

  it('refuses a change outside the scope or the managed agents', () => {
    const plan = made();
    const outside: Plan = { ...plan, changes: [...plan.changes, { kind: 'remove', agentId: 1004, skillId: 111, before: { proficiency: 1, active: true } }] };
    expect(revalidateSavedPlan(outside, l).diagnostics.map((d) => d.code)).toEqual(['PLAN_OUT_OF_SCOPE']);
  });

  it('refuses a change that does not start from the live value', () => {
    const plan = made();
    const wrong: Plan = { ...plan, changes: plan.changes.map((c) => (c.kind === 'remove' && c.agentId === 1002 ? { ...c, before: { proficiency: 9, active: true } } : c)) };
    expect(revalidateSavedPlan(wrong, l).diagnostics.map((d) => d.code)).toEqual(['PLAN_INCONSISTENT']);
  });

  it('refuses a stale plan', () => {
    const moved = { ...l, assignments: l.assignments.map((a) => (a.agentId === 1001 ? { ...a, proficiency: 4 } : a)) };
    expect(revalidateSavedPlan(made(), moved).diagnostics.map((d) => d.code)).toEqual(['PLAN_STALE']);
  });
});
