import { describe, expect, it } from 'vitest';
import { buildPlan, checkAgainstCommitted, planDigest, revalidateSavedPlan, type Plan, type PlanTarget } from '../../src/plan/index.js';
import { parsePlanFile } from '../../src/run/plan-file.js';
import { renderJsonView, renderMarkdown, renderText } from '../../src/render/index.js';
import { serializePlan } from '../../src/plan/serialize.js';
import { expectGolden } from '../render/golden.js';
import { agent, desired, live, skill } from '../helpers/state.js';

const skills = [skill(101, 'Billing EN'), skill(102, 'Billing ES'), skill(103, 'Sales EN'), skill(111, 'Outbound Collections')];
const agents = [agent(1001, 'ann'), agent(1002, 'bob'), agent(1003, 'cy')];
const l = live(agents, skills, [
  [1001, 101, 5],
  [1001, 103, 2],
  [1002, 101, 6],
  [1002, 102, 7],
  [1003, 103, 4],
]);
const limits = { maxRemoveRatio: 0.25, maxChangeRatio: 0.5, minManaged: 1 };
const state = desired({ ann: { 'Billing EN': 3, 'Sales EN': 1 }, bob: { 'Billing EN': 6 }, cy: { 'Sales EN': 9 } }, { skills: ['Billing *', 'Sales *'] }, limits);

function planWith(target?: PlanTarget): ReturnType<typeof buildPlan> {
  return buildPlan({ desired: state, live: l, createdAt: '2026-01-01T00:00:00.000Z', toolVersion: 'test', ...(target ? { target } : {}) });
}

function narrowed(target: PlanTarget): Plan {
  const { plan, diagnostics } = planWith(target);
  if (!plan) throw new Error(diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return plan;
}

describe('plan narrowing (--agents, --skills)', () => {
  it('plans only the listed agents, found by userName, emailAddress or id', () => {
    const full = narrowed({ agents: [], skills: [] });
    expect(new Set(full.changes.map((c) => c.agentId))).toEqual(new Set([1001, 1002, 1003]));
    expect(full.target).toBeUndefined();
    for (const key of ['bob', 'bob@example.test', '1002']) {
      const p = narrowed({ agents: [key], skills: [] });
      expect(p.changes).toEqual([{ kind: 'remove', agentId: 1002, skillId: 102, before: { proficiency: 7, active: true } }]);
      expect(p.managedAgentIds).toEqual([1002]);
      expect(p.target).toEqual({ agents: [key], skills: [] });
    }
  });

  it('plans only the in-scope skills matching the globs, and both filters together', () => {
    expect(narrowed({ agents: [], skills: ['Sales *'] }).changes.map((c) => `${c.agentId}/${c.skillId}`)).toEqual(['1001/103', '1003/103']);
    expect(narrowed({ agents: ['ann'], skills: ['Billing ?N'] }).changes.map((c) => `${c.kind} ${c.agentId}/${c.skillId}`)).toEqual(['update 1001/101']);
  });

  it('judges safety on the narrowed slice: counts and ratios are those of the targeted assignments', () => {
    const bob = narrowed({ agents: ['bob'], skills: [] });
    expect(bob.counts).toMatchObject({ managedAgents: 1, managedAssignments: 2, remove: 1 });
    expect(bob.safety.map((f) => f.code)).toEqual(['TOO_MANY_REMOVALS']);
    const cy = narrowed({ agents: ['cy'], skills: [] });
    expect(cy.counts).toMatchObject({ managedAgents: 1, managedAssignments: 1, update: 1 });
    expect(cy.safety.map((f) => f.code)).toEqual(['TOO_MANY_CHANGES']);
  });

  it('refuses a key or glob that matches nothing, with a code and a did-you-mean', () => {
    const { plan, diagnostics } = planWith({ agents: ['bbo'], skills: ['Biling *'] });
    expect(plan).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.suggestions])).toEqual([
      ['TARGET_NO_MATCH', ['bob']],
      ['TARGET_NO_MATCH', ['Billing *']],
    ]);
    expect(diagnostics[0]!.message).toBe('--agents "bbo" matches no agent of the tenant (by agentId, userName or emailAddress).');
  });

  it('refuses an agent that exists but is not managed, a skill outside the scope, and a bad glob', () => {
    const extra = live([...agents, agent(1004, 'dee')], skills, []);
    const { diagnostics } = buildPlan({ desired: state, live: extra, createdAt: 't', toolVersion: 't', target: { agents: ['dee'], skills: ['Outbound *', '[z-a]'] } });
    expect(diagnostics.map((d) => d.code)).toEqual(['TARGET_NO_MATCH', 'TARGET_NO_MATCH', 'TARGET_INVALID']);
    expect(diagnostics[0]!.message).toContain('is not a managed agent');
  });

  it('still checks the whole state against the tenant: an unknown skill outside the target is an error', () => {
    const typo = desired({ ann: { 'Billing EN': 3 }, bob: { 'Bilng EN': 6 } }, { skills: ['Billing *', 'Sales *', 'Bilng *'] }, limits);
    const { diagnostics } = buildPlan({ desired: typo, live: l, createdAt: 't', toolVersion: 't', target: { agents: ['ann'], skills: [] } });
    expect(diagnostics.map((d) => d.code)).toContain('UNKNOWN_SKILL');
  });

  it('puts the narrowing in the digest, and a saved narrowed plan passes every saved-plan check', () => {
    const p = narrowed({ agents: ['ann'], skills: ['Billing *'] });
    expect(planDigest({ ...p, target: { agents: ['ann', 'bob'], skills: ['Billing *'] } })).not.toBe(p.digest);
    expect(planDigest({ ...p, target: undefined })).not.toBe(p.digest);
    const parsed = parsePlanFile(serializePlan(p), 'plan.json');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.plan?.target).toEqual({ agents: ['ann'], skills: ['Billing *'] });
    expect(checkAgainstCommitted(parsed.plan!, state, 'cxskills.yaml')).toEqual([]);
    const checked = revalidateSavedPlan(parsed.plan!, l);
    expect(checked.diagnostics).toEqual([]);
    expect(checked.plan?.counts).toEqual(p.counts);
    // A change elsewhere in the tenant does not make the narrowed plan stale; one inside its slice does.
    const elsewhere = live(agents, skills, [...l.assignments.map((a) => [a.agentId, a.skillId, a.proficiency] as [number, number, number]), [1003, 101, 9]]);
    expect(revalidateSavedPlan(parsed.plan!, elsewhere).diagnostics).toEqual([]);
    const inside = live(agents, skills, [[1001, 101, 4], [1001, 103, 2]]);
    expect(revalidateSavedPlan(parsed.plan!, inside).diagnostics.map((d) => d.code)).toEqual(['PLAN_STALE']);
  });

  it('refuses a saved plan whose narrowing was edited into a bad shape', () => {
    const p = narrowed({ agents: ['ann'], skills: [] });
    const edited = JSON.parse(serializePlan(p)) as Record<string, unknown>;
    edited.target = { agents: 'ann', skills: [] };
    expect(parsePlanFile(JSON.stringify(edited), 'plan.json').diagnostics.map((d) => d.code)).toEqual(['PLAN_INVALID']);
  });

  it('says it is narrowed in every rendering (golden files)', () => {
    const p = narrowed({ agents: ['ann', 'bob'], skills: ['Billing *'] });
    const text = renderText(p, { color: false });
    const lines = text.trimEnd().split('\n');
    for (const line of [lines[0]!, lines.at(-1)!]) expect(line).toContain('NARROWED to agents "ann", "bob"; skills "Billing *"');
    expectGolden('narrowed.txt', text);
    const md = renderMarkdown(p);
    expect(md).toContain(String.raw`NARROWED to agents "ann", "bob"; skills "Billing \*"`);
    expectGolden('narrowed.md', md);
    const view = renderJsonView(p);
    expect(JSON.parse(view).target).toEqual({ agents: ['ann', 'bob'], skills: ['Billing *'] });
    expectGolden('narrowed-view.json', view);
    const empty = narrowed({ agents: ['cy'], skills: ['Billing *'] });
    expect(renderText(empty, { color: false })).toContain('No changes.');
    expect(renderText(empty, { color: false })).toContain('NARROWED to agents "cy"');
  });
});
