import { describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../src/config/index.js';
import { generateTenant } from '../../src/emulator/index.js';
import { importState, type ImportOptions } from '../../src/importer/index.js';
import { agentKeys } from '../../src/importer/keys.js';
import type { LiveState } from '../../src/model/types.js';
import { buildPlan } from '../../src/plan/index.js';
import { agent, live, skill } from '../helpers/state.js';

const OPTIONS: ImportOptions = { skills: ['*'], minShared: 3, includeEmpty: false };

/** Imports `l`, loads the written files as a skills-state directory, and plans them against `l`. */
function roundTrip(l: LiveState, options: Partial<ImportOptions> = {}) {
  const result = importState(l, { ...OPTIONS, ...options });
  const loaded = parseDesiredState('state', result.files);
  expect(loaded.diagnostics).toEqual([]);
  const planned = buildPlan({ desired: loaded.state!, live: l, createdAt: '2026-01-01T00:00:00.000Z', toolVersion: 'test' });
  expect(planned.diagnostics).toEqual([]);
  return { result, plan: planned.plan!, files: Object.fromEntries(result.files.map((f) => [f.path, f.text])) };
}

function fromTenant(spec: Parameters<typeof generateTenant>[0]): LiveState {
  const t = generateTenant(spec);
  return { agents: t.agents, skills: t.skills, assignments: t.assignments.map(({ agentId, skillId, proficiency, active }) => ({ agentId, skillId, proficiency, active })) };
}

describe('importState', () => {
  it('writes a directory that plans no changes for a generated tenant of 1,000 agents', () => {
    const { plan, result, files } = roundTrip(fromTenant({ seed: 11, agents: 1000, skills: 16, skillsPerAgent: 4 }));
    expect(plan.changes).toEqual([]);
    expect(plan.counts.managedAgents).toBe(1000);
    expect(result.summary).toMatchObject({ agents: 1000, assignments: 4000, teamFiles: 40 });
    expect(Object.keys(files).filter((p) => p.startsWith('teams/'))).toHaveLength(40);
    expect(files['cxskills.yaml']).toContain('version: 1\nscope:\n  skills: ["*"]\n  agents: declared\n');
  });

  it('turns identical skill sets of at least --min-shared agents into profiles, and still plans no changes', () => {
    const l = fromTenant({ seed: 5, agents: 1000, skills: 4, skillsPerAgent: 1 });
    const { plan, result, files } = roundTrip(l);
    expect(plan.changes).toEqual([]);
    expect(result.summary.profiles).toBeGreaterThan(10);
    expect(files['profiles.yaml']).toMatch(/\n {2}billing-en-\d+: # \d+ agents had exactly these skills at import\n {4}skills:\n {6}Billing EN: \d+\n/);
    expect(roundTrip(l, { minShared: 0 }).files['profiles.yaml']).toBeUndefined();
  });

  it('is deterministic: the same tenant read in another order gives byte-identical files', () => {
    const l = fromTenant({ seed: 2, agents: 120, skills: 6, skillsPerAgent: 2 });
    const shuffled: LiveState = { agents: [...l.agents].reverse(), skills: [...l.skills].reverse(), assignments: [...l.assignments].reverse() };
    expect(importState(shuffled, OPTIONS).files).toEqual(importState(l, OPTIONS).files);
  });

  it('imports only skills matching --skills, and the scope it writes keeps other skills out of the plan', () => {
    const l = live([agent(1, 'ann'), agent(2, 'bob')], [skill(101, 'Billing EN'), skill(102, 'Sales EN')], [
      [1, 101, 3],
      [1, 102, 4],
      [2, 102, 5],
    ]);
    const { plan, files, result } = roundTrip(l, { skills: ['Billing *'] });
    expect(plan.changes).toEqual([]);
    expect(result.summary.agents).toBe(1);
    expect(files['cxskills.yaml']).toContain('skills: [Billing *]');
    expect(files['teams/no-team.yaml']).not.toContain('Sales EN');
  });

  it('declares agents without in-scope skills only with includeEmpty, as empty', () => {
    const l = live([agent(1, 'ann'), agent(2, 'bob')], [skill(101, 'Billing EN')], [[1, 101, 3]]);
    expect(roundTrip(l).files['teams/no-team.yaml']).not.toContain('bob');
    const { files, plan } = roundTrip(l, { includeEmpty: true });
    expect(files['teams/no-team.yaml']).toContain('\n  bob: {} # F L\n');
    expect(plan.managedAgentIds).toEqual([1, 2]);
  });

  it('quotes names YAML would misread, writes switched-off assignments in the long form, and marks inactive agents', () => {
    const names = ['yes', '#hash', 'Billing: EN', '"quoted"', '1042', 'Soporte Técnico', 'x\ny', ' padded '];
    const skills = names.map((n, i) => skill(201 + i, n));
    const agents = [agent(1, 'ann', { isActive: false, firstName: 'Ann\nEvil', lastName: '' }), agent(2, 'bob')];
    const l = live(agents, skills, [...names.map((_, i): [number, number, number, boolean] => [1, 201 + i, i + 1, i % 2 === 0]), [2, 201, 20]]);
    const { plan, files } = roundTrip(l);
    expect(plan.changes).toEqual([]);
    const team = files['teams/no-team.yaml']!;
    expect(team).toContain('  ann: # Ann Evil (inactive in CXone)\n');
    expect(team).toContain('"#hash": {proficiency: 2, active: false}');
    expect(team).toContain('"1042": 5');
  });

  it('files agents by team, with colliding team slugs told apart by teamId, and agents without a team in no-team.yaml', () => {
    const agents = [
      agent(1, 'ann', { teamId: 7, teamName: 'Billing A' }),
      agent(2, 'bob', { teamId: 8, teamName: 'billing-a' }),
      agent(3, 'cy', { teamId: 9, teamName: '***' }),
      agent(4, 'dee', { teamId: undefined, teamName: undefined }),
    ];
    const l = live(agents, [skill(101, 'Billing EN')], agents.map((a): [number, number, number] => [a.agentId, 101, 2]));
    const { files, plan } = roundTrip(l);
    expect(plan.changes).toEqual([]);
    expect(Object.keys(files).sort()).toEqual(['cxskills.yaml', 'profiles.yaml', 'teams/billing-a-7.yaml', 'teams/billing-a-8.yaml', 'teams/no-team.yaml', 'teams/team-9.yaml']);
    expect(files['teams/billing-a-7.yaml']!.split('\n')[0]).toBe('# Billing A (teamId 7): imported by `cxskills import`.');
    expect(files['teams/billing-a-7.yaml']).toContain('  ann: # F L\n    profiles: [billing-en]\n');
  });

  it('keys agents by agentId when their userName is shared, is someone\'s email, or is another agent\'s id', () => {
    const agents = [
      agent(1, 'dup'),
      agent(2, 'dup'),
      agent(3, 'mail@x.test'),
      agent(4, 'other', { emailAddress: 'mail@x.test' }),
      agent(5, '6'),
      agent(6, 'six'),
      agent(7, '7'),
      agent(8, 'fine'),
    ];
    expect([...agentKeys(agents).values()]).toEqual(['1', '2', '3', 'other', '5', 'six', '7', 'fine']);
    const l = live(agents, [skill(101, 'Billing EN')], agents.map((a): [number, number, number] => [a.agentId, 101, a.agentId]));
    expect(roundTrip(l).plan.changes).toEqual([]);
  });
});
