import { describe, expect, it } from 'vitest';
import { generateTenant } from '../../src/emulator/index.js';

describe('generateTenant', () => {
  it('yields the same tenant for the same seed and a different one for another seed', () => {
    const spec = { seed: 42, agents: 120, skills: 16, skillsPerAgent: 5 };
    const a = generateTenant(spec);
    expect(generateTenant(spec)).toEqual(a);
    const other = generateTenant({ ...spec, seed: 43 });
    expect(other.assignments).not.toEqual(a.assignments);
    expect(other.agents.map((x) => x.agentId)).toEqual(a.agents.map((x) => x.agentId));
  });

  it('names the first 16 skills as documented, then Skill 0017…, with media types, outbound and inactive flags', () => {
    const { skills } = generateTenant({ seed: 1, agents: 0, skills: 18, skillsPerAgent: 0 });
    expect(skills.map((s) => s.skillName)).toEqual([
      'Billing EN', 'Billing ES', 'Sales EN', 'Sales ES', 'Support Tier 1', 'Support Tier 2', 'Retention', 'Chat EN',
      'Email EN', 'Escalations', 'Outbound Collections', 'VIP Care', 'Callback Queue', 'Spanish Chat', 'Tech Support',
      'Legacy IVR', 'Skill 0017', 'Skill 0018',
    ]);
    expect(skills.map((s) => s.skillId)).toEqual(Array.from({ length: 18 }, (_, i) => 101 + i));
    const byName = new Map(skills.map((s) => [s.skillName, s]));
    expect(byName.get('Chat EN')).toMatchObject({ mediaTypeId: 3, mediaTypeName: 'Chat' });
    expect(byName.get('Spanish Chat')).toMatchObject({ mediaTypeId: 3 });
    expect(byName.get('Email EN')).toMatchObject({ mediaTypeId: 1, mediaTypeName: 'Email' });
    expect(byName.get('Billing EN')).toMatchObject({ mediaTypeId: 4, mediaTypeName: 'Phone Call', isOutbound: false });
    expect(byName.get('Outbound Collections')?.isOutbound).toBe(true);
    expect(skills.filter((s) => !s.isActive).map((s) => s.skillName)).toEqual(['Legacy IVR']);
  });

  it('numbers agents from 1001 with padded user names, demo emails, teams of 25 and every 50th inactive', () => {
    const { agents } = generateTenant({ seed: 3, agents: 120, skills: 4, skillsPerAgent: 1 });
    expect(agents[0]).toMatchObject({ agentId: 1001, userName: 'agent00001', emailAddress: 'agent00001@demo.cxskills.test', teamId: 1, teamName: 'Team 1' });
    expect(agents[119]).toMatchObject({ agentId: 1120, userName: 'agent00120', teamId: 5, teamName: 'Team 5' });
    expect(new Set(agents.map((a) => a.teamId))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(agents.filter((a) => !a.isActive).map((a) => a.agentId)).toEqual([1050, 1100]);
    expect(agents.every((a) => a.firstName.length > 0 && a.lastName.length > 0)).toBe(true);
  });

  it('gives 2,000 agents distinct active skills each, proficiency 1..20, about 5% switched off', () => {
    const data = generateTenant({ seed: 9, agents: 2000, skills: 20, skillsPerAgent: 6 });
    expect(data.agents).toHaveLength(2000);
    expect(data.assignments).toHaveLength(12_000);
    const inactiveSkills = new Set(data.skills.filter((s) => !s.isActive).map((s) => s.skillId));
    const perAgent = new Map<number, Set<number>>();
    const bad = data.assignments.filter((a) => inactiveSkills.has(a.skillId) || !Number.isInteger(a.proficiency) || a.proficiency < 1 || a.proficiency > 20);
    expect(bad).toEqual([]);
    for (const a of data.assignments) {
      const set = perAgent.get(a.agentId) ?? new Set<number>();
      set.add(a.skillId);
      perAgent.set(a.agentId, set);
    }
    expect([...perAgent.values()].every((s) => s.size === 6)).toBe(true);
    const off = data.assignments.filter((a) => !a.active).length / data.assignments.length;
    expect(off).toBeGreaterThan(0.03);
    expect(off).toBeLessThan(0.07);
    expect(new Set(data.assignments.map((a) => a.proficiency)).size).toBe(20);
  });

  it('caps assignments per agent at the number of active skills', () => {
    const data = generateTenant({ seed: 1, agents: 10, skills: 16, skillsPerAgent: 99 });
    expect(data.assignments).toHaveLength(10 * 15);
  });

  it('rejects a spec that is not made of non-negative integers', () => {
    expect(() => generateTenant({ seed: 1, agents: -1, skills: 1, skillsPerAgent: 1 })).toThrow('tenant spec: agents must be a non-negative integer, got -1');
    expect(() => generateTenant({ seed: 1.5, agents: 1, skills: 1, skillsPerAgent: 1 })).toThrow('tenant spec: seed must be an integer, got 1.5');
  });
});
