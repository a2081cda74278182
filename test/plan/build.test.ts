import { describe, expect, it } from 'vitest';
import { buildPlan, type Plan } from '../../src/plan/index.js';
import { agent, desired, live, skill } from '../helpers/state.js';

const skills = [skill(101, 'Billing EN'), skill(102, 'Billing ES'), skill(103, 'Sales EN'), skill(111, 'Outbound Collections'), skill(116, 'Legacy IVR', { isActive: false })];
const agents = [agent(1001, 'ann'), agent(1002, 'bob'), agent(1003, 'cy')];

function plan(d: ReturnType<typeof desired>, l: ReturnType<typeof live>): Plan {
  const result = buildPlan({ desired: d, live: l, createdAt: '2026-01-01T00:00:00.000Z', toolVersion: 'test' });
  if (!result.plan) throw new Error(result.diagnostics.map((x) => x.code + ' ' + x.message).join('\n'));
  return result.plan;
}

describe('buildPlan', () => {
  it('adds, updates and removes so that a managed agent has exactly the declared in-scope skills', () => {
    const l = live(agents, skills, [
      [1001, 101, 5],
      [1001, 102, 7],
      [1001, 111, 2],
    ]);
    const p = plan(desired({ ann: { 'Billing EN': 3, 'Sales EN': 4 } }, { skills: ['Billing *', 'Sales *'] }), l);
    expect(p.changes).toEqual([
      { kind: 'update', agentId: 1001, skillId: 101, before: { proficiency: 5, active: true }, after: { proficiency: 3, active: true } },
      { kind: 'remove', agentId: 1001, skillId: 102, before: { proficiency: 7, active: true } },
      { kind: 'add', agentId: 1001, skillId: 103, after: { proficiency: 4, active: true } },
    ]);
    expect(p.counts).toMatchObject({ managedAgents: 1, managedAssignments: 2, add: 1, update: 1, remove: 1 });
    // Outbound Collections is out of scope: never part of the diff.
    expect(p.changes.some((c) => c.skillId === 111)).toBe(false);
    expect(p.patch.map((op) => `${op.op} ${op.path}`).sort()).toEqual(['add /1001/103', 'remove /1001/102', 'replace /1001/101/proficiency']);
  });

  it('leaves undeclared agents alone with agents: declared, and strips them with agents: all', () => {
    const l = live(agents, skills, [
      [1001, 101, 5],
      [1002, 101, 6],
      [1002, 111, 1],
    ]);
    const declared = plan(desired({ ann: { 'Billing EN': 5 } }, { skills: ['Billing *'] }), l);
    expect(declared.changes).toEqual([]);
    const all = plan(desired({ ann: { 'Billing EN': 5 } }, { skills: ['Billing *'], agents: 'all' }), l);
    expect(all.changes).toEqual([{ kind: 'remove', agentId: 1002, skillId: 101, before: { proficiency: 6, active: true } }]);
    expect(all.managedAgentIds).toEqual([1001, 1002, 1003]);
  });

  it('merges a proficiency and an active flip of one pair into one update', () => {
    const l = live(agents, skills, [[1001, 101, 5, true]]);
    const p = plan(desired({ ann: { 'Billing EN': [2, false] } }), l);
    expect(p.changes).toEqual([{ kind: 'update', agentId: 1001, skillId: 101, before: { proficiency: 5, active: true }, after: { proficiency: 2, active: false } }]);
    // One upsert carries it (adds and changes go that way by default) …
    expect(p.calls).toEqual([{ method: 'POST', target: 'upsert', id: 0, items: [{ agentId: 1001, skillId: 101, proficiency: 2, active: false }] }]);
    // … or one PUT with both values, where the server has no upsert.
    const perList = buildPlan({ desired: desired({ ann: { 'Billing EN': [2, false] } }), live: l, createdAt: '2026-01-01T00:00:00Z', toolVersion: 'test', upsert: false }).plan!;
    expect(perList.calls).toEqual([{ method: 'PUT', target: 'agent', id: 1001, items: [{ agentId: 1001, skillId: 101, proficiency: 2, active: false }] }]);
  });

  it('resolves agents by numeric id, userName and emailAddress', () => {
    const l = live(agents, skills, []);
    const p = plan(desired({ '1001': { 'Billing EN': 1 }, bob: { 'Billing EN': 2 }, 'cy@example.test': { 'Billing EN': 3 } }), l);
    expect(p.changes.map((c) => c.agentId)).toEqual([1001, 1002, 1003]);
  });

  it('reports an agent declared twice under different keys', () => {
    const result = buildPlan({ desired: desired({ '1001': { 'Billing EN': 1 }, 'ann@example.test': { 'Billing EN': 2 } }), live: live(agents, skills, []), createdAt: 'x', toolVersion: 't' });
    expect(result.plan).toBeUndefined();
    expect(result.diagnostics).toMatchObject([{ code: 'AGENT_DUPLICATE', severity: 'error', file: 'skills-state/agents.yaml' }]);
  });

  it('reports unknown skills and agents with suggestions, all at once', () => {
    const result = buildPlan({ desired: desired({ ann: { 'billing en': 1, 'Sales EM': 2 }, anne: { 'Billing EN': 1 } }), live: live(agents, skills, []), createdAt: 'x', toolVersion: 't' });
    expect(result.plan).toBeUndefined();
    const byCode = result.diagnostics.map((d) => [d.code, d.suggestions?.[0]]);
    expect(byCode).toEqual([
      ['UNKNOWN_AGENT', 'ann'],
      ['UNKNOWN_SKILL', 'Billing EN'],
      ['UNKNOWN_SKILL', 'Sales EN'],
    ]);
    expect(result.diagnostics[1]).toMatchObject({ line: 2, path: '/agents/ann/skills/billing en' });
  });

  it('refuses to newly assign an inactive skill but lets its existing assignments change', () => {
    const adding = buildPlan({ desired: desired({ ann: { 'Legacy IVR': 3 } }), live: live(agents, skills, []), createdAt: 'x', toolVersion: 't' });
    expect(adding.diagnostics.map((d) => d.code)).toEqual(['SKILL_INACTIVE']);
    expect(adding.diagnostics[0]).toMatchObject({ file: 'skills-state/agents.yaml', line: 2, col: 5, path: '/agents/ann/skills/Legacy IVR' });
    const changing = plan(desired({ ann: { 'Legacy IVR': 3 } }), live(agents, skills, [[1001, 116, 9]]));
    expect(changing.changes.map((c) => c.kind)).toEqual(['update']);
  });

  it('computes the same checksum for the same live slice and another when it moves', () => {
    const d = desired({ ann: { 'Billing EN': 3 } }, { skills: ['Billing *'] });
    const a = plan(d, live(agents, skills, [[1001, 101, 5], [1002, 101, 1]]));
    const outsideSlice = plan(d, live(agents, skills, [[1001, 101, 5], [1002, 101, 9], [1001, 111, 4]]));
    const insideSlice = plan(d, live(agents, skills, [[1001, 101, 6]]));
    expect(outsideSlice.liveChecksum).toBe(a.liveChecksum);
    expect(insideSlice.liveChecksum).not.toBe(a.liveChecksum);
    expect(a.liveChecksum).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('shows names for every id in changes', () => {
    const p = plan(desired({ ann: { 'Billing EN': 3 } }), live(agents, skills, []));
    expect(p.names).toEqual({ agents: { '1001': 'ann' }, skills: { '101': 'Billing EN' } });
  });

  it('raises safety findings when removals cross the threshold of managed assignments', () => {
    const many = Array.from({ length: 30 }, (_, i) => agent(2000 + i, `a${i}`));
    const rows: Array<[number, number, number]> = many.map((a) => [a.agentId, 101, 5]);
    const keepTwenty = Object.fromEntries(many.slice(0, 20).map((a) => [a.userName, { 'Billing EN': 5 }]));
    const dropTen = Object.fromEntries(many.slice(20).map((a) => [a.userName, {}]));
    const p = plan(desired({ ...keepTwenty, ...dropTen }), live(many, skills, rows));
    expect(p.counts.remove).toBe(10);
    expect(p.safety.map((f) => f.code)).toEqual(['TOO_MANY_REMOVALS']);
    const fine = plan(desired({ ...keepTwenty, ...Object.fromEntries(many.slice(20).map((a) => [a.userName, { 'Billing EN': 5 }])) }), live(many, skills, rows));
    expect(fine.safety).toEqual([]);
  });

  it('guards an empty desired state that would remove everything', () => {
    const p = plan(desired({}, { agents: 'all', skills: ['Billing *'] }), live(agents, skills, [[1001, 101, 5]]));
    expect(p.safety.map((f) => f.code)).toEqual(['REMOVES_ALL']);
  });
});
