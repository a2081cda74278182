import { afterEach, describe, expect, it } from 'vitest';
import { CxoneClient, configFromEnv } from '../../src/cxone/index.js';
import { chooseRead, describeRead, readScoped, type ReadChoice } from '../../src/cxone/read-scope.js';
import { cxoneEnv, generateTenant, startEmulator, type RunningEmulator, type TenantData } from '../../src/emulator/index.js';
import { compileSkillScope } from '../../src/model/glob.js';
import { buildPlan, type Plan } from '../../src/plan/index.js';
import type { DesiredState, LiveState } from '../../src/model/types.js';
import { desired } from '../helpers/state.js';

describe('chooseRead', () => {
  const base = { mode: 'auto' as const, tenantRows: 80_000, pageRows: 100, skills: 5 };

  it('probes the in-scope skills first when they are few against the tenant', () => {
    expect(chooseRead(base)).toEqual({ kind: 'probe' });
  });

  it('reads the in-scope skills\' lists when they are fewer pages than the tenant', () => {
    const choice = chooseRead({ ...base, skillRows: [1_250, 1_300, 1_199, 0, 100] }) as ReadChoice;
    expect(choice).toMatchObject({ kind: 'skills', pages: 13 + 13 + 12 + 1 + 1, tenantPages: 800, skills: 5 });
    expect(describeRead(choice)).toBe("read: 5 in-scope skills' lists, 40 pages, instead of the whole tenant, 800 pages");
  });

  it('reads the whole tenant when the in-scope lists are not fewer pages', () => {
    const choice = chooseRead({ ...base, tenantRows: 1_000, skills: 5, skillRows: [300, 300, 300, 300, 300] }) as ReadChoice;
    expect(choice).toMatchObject({ kind: 'tenant', pages: 10, skillPages: 15 });
    expect(describeRead(choice)).toContain("the in-scope skills' lists would have been 15 pages");
  });

  it('reads the whole tenant without probing when half its pages or more would be probes', () => {
    expect(chooseRead({ ...base, tenantRows: 900, skills: 5 })).toMatchObject({ kind: 'tenant', pages: 9 });
    expect(chooseRead({ ...base, tenantRows: 1_000, skills: 5 })).toEqual({ kind: 'probe' });
    // A scope of most of the tenant's skills is not worth a probe per skill: the lists would hold about every assignment.
    expect(chooseRead({ ...base, tenantRows: 80_000, skills: 300, tenantSkills: 300 })).toMatchObject({ kind: 'tenant', pages: 800, skillPages: undefined, reason: expect.stringContaining('300 in-scope skills of 300 skills') });
    expect(chooseRead({ ...base, tenantRows: 80_000, skills: 5, tenantSkills: 300 })).toEqual({ kind: 'probe' });
  });

  it('reads the whole tenant when asked, or when the API does not say its size', () => {
    expect(chooseRead({ ...base, mode: 'full' })).toMatchObject({ kind: 'tenant', pages: 800, reason: expect.stringContaining('--read full') });
    expect(chooseRead({ ...base, tenantRows: undefined })).toMatchObject({ kind: 'tenant', reason: expect.stringContaining('did not say') });
    expect(chooseRead({ ...base, skillRows: [10, undefined, 10, 10, 10] })).toMatchObject({ kind: 'tenant' });
  });

  it('reads nothing but agents and skills when no skill is in scope', () => {
    expect(chooseRead({ ...base, skills: 0 })).toMatchObject({ kind: 'skills', pages: 0 });
  });
});

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** A generated tenant with an inactive in-scope skill, switched-off assignments and inactive agents. */
function awkwardTenant(): TenantData {
  const data = generateTenant({ seed: 7, agents: 600, skills: 40, skillsPerAgent: 4 });
  // The first skill (in scope below) is switched off after its agents got it: inactive skills keep their assignments.
  data.skills = data.skills.map((s, i) => (i === 0 ? { ...s, isActive: false } : s));
  data.assignments = data.assignments.map((a, i) => (i % 7 === 0 ? { ...a, active: false } : a));
  return data;
}

function client(e: RunningEmulator): CxoneClient {
  return new CxoneClient(configFromEnv(cxoneEnv(e)), {});
}

function planOf(state: DesiredState, live: LiveState): Plan {
  const { plan, diagnostics } = buildPlan({ desired: state, live, createdAt: '2026-12-01T00:00:00.000Z', toolVersion: 'test' });
  if (!plan) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return plan;
}

describe('readScoped against the emulator', () => {
  it('plans the same from the in-scope skills\' lists as from the whole tenant (inactive agents and skills, isAssigned: false items)', async () => {
    const data = awkwardTenant();
    emulator = await startEmulator({ tenant: data, rateLimit: null, pageCap: 25, unassignedItems: true });
    // Three skills in scope, by name; two declared agents holding them plus every agent (agents: all) in the second state.
    const names = data.skills.slice(0, 3).map((s) => s.skillName);
    const holders = data.assignments.filter((a) => a.skillId === data.skills[0]!.skillId).slice(0, 2);
    expect(holders).toHaveLength(2);
    const userName = (id: number) => data.agents.find((a) => a.agentId === id)!.userName;
    const declared = desired({ [userName(holders[0]!.agentId)]: { [names[1]!]: 3 }, [userName(holders[1]!.agentId)]: { [names[0]!]: [5, false], [names[2]!]: 9 } }, { skills: names });
    const all = desired({ [userName(holders[0]!.agentId)]: { [names[1]!]: 3 } }, { skills: names, agents: 'all' });
    const c = client(emulator);
    try {
      const scoped = await readScoped(c, compileSkillScope(names));
      const full = await readScoped(c, compileSkillScope(names), { mode: 'full' });
      expect(scoped.read.kind).toBe('skills');
      expect(full.read.kind).toBe('tenant');
      expect(full.read.pages).toBe(Math.ceil(data.assignments.length / 25));
      // The per-skill lists hold isAssigned: false rows: none of them may become an assignment.
      const inScopeIds = new Set(data.skills.slice(0, 3).map((s) => s.skillId));
      const key = (a: { agentId: number; skillId: number; proficiency: number; active: boolean }) => `${a.agentId}/${a.skillId}=${a.proficiency}${a.active ? '' : '!'}`;
      expect(scoped.live.assignments.map(key).sort()).toEqual(full.live.assignments.filter((a) => inScopeIds.has(a.skillId)).map(key).sort());
      expect(scoped.live.agents).toEqual(full.live.agents);
      expect(scoped.live.skills).toEqual(full.live.skills);
      expect(scoped.live.skills.some((s) => inScopeIds.has(s.skillId) && !s.isActive)).toBe(true);
      expect(scoped.live.agents.some((a) => !a.isActive)).toBe(true);
      for (const state of [declared, all]) {
        const a = planOf(state, scoped.live);
        const b = planOf(state, full.live);
        expect(a.changes.length).toBeGreaterThan(0);
        expect(a).toEqual(b);
      }
      // agents: all strips every other agent's in-scope skills: the coverage findings (which read every holder) are the same.
      expect(planOf(all, scoped.live).coverage?.length).toBeGreaterThan(0);
    } finally {
      await c.close();
    }
  });

  it('costs the in-scope lists\' pages plus one first page of the tenant, besides agents and skills', async () => {
    const data = awkwardTenant();
    emulator = await startEmulator({ tenant: data, rateLimit: null, pageCap: 25, unassignedItems: true });
    const names = data.skills.slice(0, 2).map((s) => s.skillName);
    const c = client(emulator);
    try {
      const before = emulator.stats().calls;
      const scoped = await readScoped(c, compileSkillScope(names));
      const calls = emulator.stats().calls;
      const n = (route: string) => (calls[route] ?? 0) - (before[route] ?? 0);
      expect(scoped.read.kind).toBe('skills');
      expect(n('GET /skills/:id/agents')).toBe(scoped.read.pages);
      expect(n('GET /agents/skills')).toBe(1);
      expect(describeRead(scoped.read)).toMatch(/^read: 2 in-scope skills' lists, \d+ pages, instead of the whole tenant, 96 pages$/);
    } finally {
      await c.close();
    }
  });
});
