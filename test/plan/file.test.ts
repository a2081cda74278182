import { describe, expect, it } from 'vitest';
import { buildPlan, withDigest, type Plan } from '../../src/plan/index.js';
import { parsePlanFile } from '../../src/run/plan-file.js';
import { agent, desired, live, skill } from '../helpers/state.js';

function savedPlan(): string {
  const { plan } = buildPlan({
    desired: desired({ ann: { 'Billing EN': 3, 'Sales EN': 1 } }),
    live: live([agent(1001, 'ann')], [skill(101, 'Billing EN'), skill(103, 'Sales EN')], [[1001, 101, 9]]),
    createdAt: '2026-01-01T00:00:00.000Z',
    toolVersion: 'test',
  });
  return JSON.stringify(plan, null, 2);
}

describe('parsePlanFile', () => {
  it('refuses a plan whose managed-slice size was edited when it carries a read (the delta check takes the size from the file)', () => {
    const plan = JSON.parse(savedPlan()) as Plan;
    const read = { kind: 'tenant' as const, pages: 1, reason: 'test', at: '2026-01-01T00:00:00.000Z', ms: 1, skillIds: [101, 103] };
    const withRead = withDigest({ ...plan, read });
    expect(parsePlanFile(JSON.stringify(withRead), 'plan.json').diagnostics).toEqual([]);
    const edited = { ...withRead, counts: { ...withRead.counts, managedAssignments: 0 } };
    expect(parsePlanFile(JSON.stringify(edited), 'plan.json').diagnostics.map((d) => d.code)).toEqual(['PLAN_TAMPERED']);
  });

  it('accepts a plan exactly as it was saved', () => {
    const { plan, diagnostics } = parsePlanFile(savedPlan(), 'plan.json');
    expect(diagnostics).toEqual([]);
    expect(plan?.changes).toHaveLength(2);
  });

  it('refuses a plan whose calls were edited', () => {
    const edited = JSON.parse(savedPlan());
    edited.calls[0].items[0].proficiency = 17;
    expect(parsePlanFile(JSON.stringify(edited), 'plan.json').diagnostics.map((d) => d.code)).toEqual(['PLAN_TAMPERED']);
  });

  it('refuses a plan whose checksum was replaced', () => {
    const edited = JSON.parse(savedPlan());
    edited.liveChecksum = 'sha256:' + '0'.repeat(64);
    expect(parsePlanFile(JSON.stringify(edited), 'plan.json').diagnostics.map((d) => d.code)).toEqual(['PLAN_TAMPERED']);
  });

  it('refuses edited calls even when the digest was recomputed to match', async () => {
    const { planDigest } = await import('../../src/plan/index.js');
    const edited = JSON.parse(savedPlan());
    edited.calls[0].items.push({ agentId: 1001, skillId: 999, proficiency: 1, active: true });
    edited.digest = planDigest(edited);
    expect(parsePlanFile(JSON.stringify(edited), 'plan.json').diagnostics.map((d) => d.code)).toEqual(['PLAN_TAMPERED']);
  });

  it('refuses other format versions and non-JSON', () => {
    const other = JSON.parse(savedPlan());
    other.formatVersion = 2;
    expect(parsePlanFile(JSON.stringify(other), 'plan.json').diagnostics[0]?.code).toBe('PLAN_FORMAT_VERSION');
    expect(parsePlanFile('{not json', 'plan.json').diagnostics[0]).toMatchObject({ code: 'PLAN_NOT_JSON', file: 'plan.json' });
  });
});

describe('planDigest', () => {
  it('does not depend on the order of keys in the saved file', async () => {
    const { planDigest } = await import('../../src/plan/index.js');
    const plan = JSON.parse(savedPlan());
    const reordered = Object.fromEntries(Object.entries(plan).reverse());
    reordered.changes = plan.changes.map((c: Record<string, unknown>) => Object.fromEntries(Object.entries(c).reverse()));
    expect(planDigest(reordered as unknown as Plan)).toBe(plan.digest);
  });
});
