import { describe, expect, it } from 'vitest';
import { checkAgainstCommitted, withDigest, type Plan } from '../../src/plan/index.js';
import { parsePlanFile } from '../../src/run/plan-file.js';
import { serializePlan } from '../../src/plan/serialize.js';
import { smallPlan } from '../fixtures/plans/small.js';

/** The saved file with `edit` applied and its digest recomputed, as a careful forger would. */
function forged(edit: (plan: Record<string, unknown>) => void): string {
  const raw = JSON.parse(serializePlan(smallPlan)) as Record<string, unknown>;
  edit(raw);
  return JSON.stringify(withDigest(raw as unknown as Plan));
}

const codeOf = (text: string) => parsePlanFile(text, 'plan.json').diagnostics.map((d) => d.code);

describe('hand-edited plan files end in PLAN_INVALID, never a crash', () => {
  it.each([
    ['a bad glob in the scope', (p: Record<string, unknown>) => (p.scope = { skills: ['Billing ['], agents: 'declared' })],
    ['a string scope', (p: Record<string, unknown>) => (p.scope = '*')],
    ['a call without items', (p: Record<string, unknown>) => delete (p.calls as Record<string, unknown>[])[0]!.items],
    ['a change without a kind', (p: Record<string, unknown>) => delete (p.changes as Record<string, unknown>[])[0]!.kind],
    ['calls that are not a list', (p: Record<string, unknown>) => (p.calls = { 0: {} })],
    ['safety limits as text', (p: Record<string, unknown>) => (p.safetyLimits = 'none')],
    ['an agent id as text', (p: Record<string, unknown>) => (p.managedAgentIds = ['1001'])],
    ['names that are not text', (p: Record<string, unknown>) => (p.names = { agents: { 1: 5 }, skills: {} })],
  ])('%s', (_, edit) => {
    expect(codeOf(forged(edit))).toEqual(['PLAN_INVALID']);
  });

  it('refuses a proficiency outside 1..20 in a change and its call, digest recomputed, so it never reaches the API', () => {
    const text = forged((p) => {
      const changes = p.changes as { kind: string; after?: { proficiency: number } }[];
      const add = changes.find((c) => c.kind === 'add')!;
      add.after!.proficiency = 25;
      for (const call of p.calls as { items: { proficiency?: number }[] }[]) for (const item of call.items) if (item.proficiency !== undefined) item.proficiency = 25;
    });
    expect(codeOf(text)).toEqual(['PLAN_INVALID']);
  });

  it('refuses a JSON list or a number instead of an object', () => {
    expect(codeOf('[]')).toEqual(['PLAN_INVALID']);
    expect(codeOf('7')).toEqual(['PLAN_INVALID']);
  });

  it('reads a plan file that starts with a byte-order mark', () => {
    expect(codeOf(`\uFEFF${serializePlan(withDigest(smallPlan))}`)).toEqual([]);
  });
});

describe('a saved plan against the committed cxskills.yaml', () => {
  const committed = { scope: smallPlan.scope, safety: smallPlan.safetyLimits };

  it('accepts the plan made from it', () => {
    expect(checkAgainstCommitted(smallPlan, committed, 'cxskills.yaml')).toEqual([]);
  });

  it('refuses a plan that widens its scope to "*"', () => {
    const wide = { ...smallPlan, scope: { skills: ['*'], agents: smallPlan.scope.agents } };
    expect(checkAgainstCommitted(wide, committed, 'cxskills.yaml').map((d) => d.code)).toEqual(['PLAN_SCOPE_MISMATCH']);
  });

  it('refuses a plan that manages all agents where cxskills.yaml says declared', () => {
    const all = { ...smallPlan, scope: { ...smallPlan.scope, agents: 'all' as const } };
    expect(checkAgainstCommitted(all, { ...committed, scope: { ...smallPlan.scope, agents: 'declared' } }, 'cxskills.yaml').map((d) => d.code)).toEqual(['PLAN_SCOPE_MISMATCH']);
  });

  it('refuses loosened safety limits and a wider coverage allowance', () => {
    const loose = { ...smallPlan, safetyLimits: { maxRemoveRatio: 1, maxChangeRatio: 1, minManaged: 1_000_000 }, coverageAllowance: { allowUncoveredSkills: ['*'], allowUncoveredAgents: [] } };
    expect(checkAgainstCommitted(loose, committed, 'cxskills.yaml').map((d) => d.code)).toEqual(['PLAN_LIMITS_MISMATCH', 'PLAN_LIMITS_MISMATCH']);
  });

  it('accepts a scope narrowed to single names inside it (a rollback plan), refuses one outside it', () => {
    const scope = { skills: ['Billing *'], agents: 'declared' as const };
    const narrowed = { ...smallPlan, scope: { skills: ['Billing EN', 'Billing \\*x'], agents: 'declared' as const } };
    expect(checkAgainstCommitted(narrowed, { scope, safety: smallPlan.safetyLimits }, 'cxskills.yaml')).toEqual([]);
    const outside = { ...smallPlan, scope: { skills: ['Billing EN', 'Payroll'], agents: 'declared' as const } };
    expect(checkAgainstCommitted(outside, { scope, safety: smallPlan.safetyLimits }, 'cxskills.yaml').map((d) => d.code)).toEqual(['PLAN_SCOPE_MISMATCH']);
  });
});
