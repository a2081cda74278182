import { describe, expect, it } from 'vitest';
import { buildPlan, type Plan } from '../../src/plan/index.js';
import { allowCoverage, checkCoverage, coverageErrors } from '../../src/plan/coverage.js';
import { renderMarkdown, renderText } from '../../src/render/index.js';
import { serializePlan } from '../../src/plan/serialize.js';
import { expectGolden } from '../render/golden.js';
import { agent, desired, live, skill } from '../helpers/state.js';

const skills = [skill(101, 'Billing EN'), skill(102, 'Billing ES'), skill(103, 'Sales EN'), skill(111, 'Outbound Collections'), skill(116, 'Legacy IVR', { isActive: false })];
const agents = [agent(1001, 'ann'), agent(1002, 'bob'), agent(1003, 'cy'), agent(1004, 'dee', { isActive: false })];

function plan(d: ReturnType<typeof desired>, l: ReturnType<typeof live>): Plan {
  const result = buildPlan({ desired: d, live: l, createdAt: '2026-01-01T00:00:00.000Z', toolVersion: 'test' });
  if (!result.plan) throw new Error(result.diagnostics.map((x) => `${x.code} ${x.message}`).join('\n'));
  return result.plan;
}

const codes = (p: Plan) => (p.coverage ?? []).map((f) => `${f.code} ${f.name}`);

describe('checkCoverage', () => {
  it('reports an active in-scope skill whose last active agent loses it', () => {
    const l = live(agents, skills, [
      [1001, 101, 5],
      [1001, 103, 2],
      [1002, 103, 4],
    ]);
    const p = plan(desired({ ann: { 'Sales EN': 2 }, bob: { 'Sales EN': 4 } }), l);
    expect(codes(p)).toEqual(['SKILL_UNCOVERED Billing EN']);
    expect(p.coverage?.[0]).toMatchObject({ severity: 'error', skillId: 101 });
  });

  it('reports an active managed agent left with no active in-scope skill, also when its last skill is switched off', () => {
    const l = live(agents, skills, [
      [1001, 101, 5],
      [1002, 103, 4],
      [1003, 101, 3],
      [1003, 103, 3],
    ]);
    const p = plan(desired({ ann: {}, bob: { 'Sales EN': [4, false] }, cy: { 'Billing EN': 3, 'Sales EN': 3 } }), l);
    expect(codes(p)).toEqual(['AGENT_UNCOVERED ann', 'AGENT_UNCOVERED bob']);
  });

  it('keeps a skill covered when the plan moves it from one agent to another, but not when the new one is switched off', () => {
    const l = live(agents, skills, [
      [1001, 101, 5],
      [1001, 103, 1],
      [1002, 103, 4],
    ]);
    expect(codes(plan(desired({ ann: { 'Sales EN': 1 }, bob: { 'Sales EN': 4, 'Billing EN': 2 } }), l))).toEqual([]);
    expect(codes(plan(desired({ ann: { 'Sales EN': 1 }, bob: { 'Sales EN': 4, 'Billing EN': [2, false] } }), l))).toEqual(['SKILL_UNCOVERED Billing EN']);
  });

  it('counts agents outside the managed set as coverage of a skill', () => {
    const l = live(agents, skills, [
      [1001, 101, 5],
      [1003, 101, 1],
      [1001, 103, 1],
    ]);
    // cy is not declared (unmanaged) and still has Billing EN, so routing for Billing EN survives.
    expect(codes(plan(desired({ ann: { 'Sales EN': 1 } }), l))).toEqual([]);
  });

  it('does not count inactive agents, switched-off assignments or inactive skills as coverage', () => {
    const l = live(agents, skills, [
      [1001, 101, 5],
      [1002, 101, 5, false],
      [1004, 101, 5],
      [1001, 116, 3],
      [1001, 103, 1],
    ]);
    const p = plan(desired({ ann: { 'Sales EN': 1, 'Legacy IVR': 3 } }), l);
    expect(codes(p)).toEqual(['SKILL_UNCOVERED Billing EN']);
  });

  it('does not report what the plan did not cause: a skill nobody had, an agent who had nothing', () => {
    const l = live(agents, skills, [[1002, 103, 4]]);
    // Billing ES was never covered; ann had no skill before; the plan only adds.
    expect(codes(plan(desired({ ann: {}, bob: { 'Sales EN': 4, 'Billing EN': 2 } }), l))).toEqual([]);
  });

  it('ignores skills outside the scope', () => {
    const l = live(agents, skills, [
      [1001, 111, 2],
      [1001, 101, 1],
    ]);
    const p = plan(desired({ ann: {} }, { skills: ['Billing *'] }), l);
    // Outbound Collections is out of scope and is left alone; ann keeps no in-scope skill.
    expect(codes(p)).toEqual(['SKILL_UNCOVERED Billing EN', 'AGENT_UNCOVERED ann']);
  });

  it('works on any change list (saved plans, rollback plans) and is empty without changes', () => {
    const l = live(agents, skills, [[1001, 101, 5]]);
    expect(checkCoverage({ scope: { skills: ['*'] }, live: l, plan: { changes: [], managedAgentIds: [1001] } })).toEqual([]);
    const changes = [{ kind: 'remove' as const, agentId: 1001, skillId: 101, before: { proficiency: 5, active: true } }];
    expect(checkCoverage({ scope: { skills: ['*'] }, live: l, plan: { changes, managedAgentIds: [] } }).map((f) => f.code)).toEqual(['SKILL_UNCOVERED']);
  });

  it('turns findings into warnings when allowed, and only errors block', () => {
    const l = live(agents, skills, [[1001, 101, 5]]);
    const p = plan(desired({ ann: {} }), l);
    expect(coverageErrors(p.coverage)).toHaveLength(2);
    const allowed = allowCoverage(p.coverage ?? []);
    expect(allowed.map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(coverageErrors(allowed)).toEqual([]);
    expect(coverageErrors(undefined)).toEqual([]);
  });
});

describe('coverage findings in every renderer', () => {
  const l = live(agents, skills, [
    [1001, 101, 5],
    [1002, 103, 4],
  ]);
  const uncovered = plan(desired({ ann: {}, bob: { 'Sales EN': 4 } }), l);
  const allowed = { ...uncovered, coverage: allowCoverage(uncovered.coverage ?? []) };

  it('text: a red error box, or a warning box when allowed', () => {
    expectGolden('coverage.txt', renderText(uncovered, { color: false }));
    expectGolden('coverage-allowed.txt', renderText(allowed, { color: false }));
    expect(renderText(uncovered, { color: false })).toContain('Error: routing coverage: refused without --force or --allow-uncovered');
  });

  it('markdown: a caution block, or a warning block when allowed, kept when the comment is truncated', () => {
    expectGolden('coverage.md', renderMarkdown(uncovered));
    expect(renderMarkdown(allowed)).toContain('> [!WARNING]\n> **Warning: routing coverage (allowed');
    const tiny = renderMarkdown(uncovered, { maxChars: 900 });
    expect(tiny).toContain('SKILL\\_UNCOVERED');
  });

  it('json: a coverage array after safety', () => {
    const json = serializePlan(uncovered);
    expect(JSON.parse(json).coverage).toEqual(uncovered.coverage);
    expect(json.indexOf('"safety"')).toBeLessThan(json.indexOf('"coverage"'));
    expect(json.indexOf('"coverage"')).toBeLessThan(json.indexOf('"diagnostics"'));
  });
});

describe('coverage exceptions from cxskills.yaml', () => {
  it('turns findings for allowed skills and agents into warnings, and keeps the others as errors', () => {
    const l = live(agents, skills, [
      [1001, 101, 5],
      [1001, 103, 2],
      [1002, 102, 4],
      [1003, 103, 3],
    ]);
    const d = { ...desired({ ann: { 'Sales EN': 2 }, bob: {} }), coverage: { allowUncoveredSkills: ['Billing E[N]'], allowUncoveredAgents: ['bob@example.test'] } };
    const p = plan(d, l);
    expect((p.coverage ?? []).map((f) => `${f.severity} ${f.code} ${f.name}`)).toEqual(['warning SKILL_UNCOVERED Billing EN', 'error SKILL_UNCOVERED Billing ES', 'warning AGENT_UNCOVERED bob']);
    expect(p.coverageAllowance).toEqual(d.coverage);
    expect(coverageErrors(p.coverage).map((f) => f.name)).toEqual(['Billing ES']);
  });
});
