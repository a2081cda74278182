import { describe, expect, it } from 'vitest';
import { Api, assignmentsOf, smallTenant, start } from './helpers.js';

async function setup(options: { maxItems?: number } = {}) {
  const emulator = await start({ tenant: smallTenant(), ...options });
  return { emulator, api: await Api.connect(emulator) };
}

function pairs(emulator: Awaited<ReturnType<typeof setup>>['emulator']) {
  return emulator.snapshot().assignments.map((a) => `${a.agentId}/${a.skillId}:${a.proficiency}:${a.active}`);
}

describe('POST /agents/{id}/skills', () => {
  it('adds assignments, answers the new items and ETag, and raises the agent’s and each skill’s version', async () => {
    const { emulator, api } = await setup();
    const answer = await api.write('POST', '/agents/1002/skills', {
      skills: [
        { skillId: 102, proficiency: 4, isActive: false },
        { skillId: 103, proficiency: 1 },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.etag).toBe('"2"');
    expect(assignmentsOf(answer).map((a) => [a.agentId, a.skillId, a.agentProficiencyValue, a.isActive, a.skillName])).toEqual([
      [1002, 102, 4, false, 'Sales EN'],
      [1002, 103, 1, true, 'Chat EN'],
    ]);
    expect(emulator.tenant.assignment(1002, 103)).toMatchObject({ proficiency: 1, active: true });
    expect((await api.get('/agents/1002/skills')).headers.etag).toBe('"2"');
    expect((await api.get('/skills/102/agents')).headers.etag).toBe('"2"');
    expect((await api.get('/skills/103/agents')).headers.etag).toBe('"2"');
    expect((await api.get('/skills/101/agents')).headers.etag).toBe('"1"');
    expect((await api.get('/agents/1001/skills')).headers.etag).toBe('"1"');
    expect(emulator.stats().itemsWritten).toBe(2);
  });

  it('refuses an already assigned pair, an inactive skill, an unknown skill and a duplicate, changing nothing', async () => {
    const { emulator, api } = await setup();
    const before = pairs(emulator);
    const answer = await api.write('POST', '/agents/1001/skills', {
      skills: [
        { skillId: 102, proficiency: 2 },
        { skillId: 101, proficiency: 2 },
        { skillId: 104, proficiency: 2 },
        { skillId: 999, proficiency: 2 },
        { skillId: 102, proficiency: 3 },
        { skillId: 103, proficiency: 21 },
        { skillId: 103 },
        { skillId: 'x', proficiency: 1 },
        { skillId: 103, proficiency: '5' },
        { skillId: 103, proficiency: 5, isActive: 'yes' },
      ],
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: 'InvalidItems',
      error_description: '9 of 10 items are invalid; nothing was changed',
      details: [
        { index: 1, message: 'agent 1001 already has skill 101' },
        { index: 2, message: 'skill 104 (Legacy IVR) is inactive: only active skills can be added' },
        { index: 3, message: 'skill 999 does not exist' },
        { index: 4, message: 'skill 102 is listed more than once' },
        { index: 5, message: 'proficiency must be an integer 1..20' },
        { index: 6, message: 'proficiency is required' },
        { index: 7, message: 'skillId must be a positive integer' },
        { index: 8, message: 'proficiency must be an integer 1..20' },
        { index: 9, message: 'isActive must be a boolean' },
      ],
    });
    expect(pairs(emulator)).toEqual(before);
    expect((await api.get('/agents/1001/skills')).headers.etag).toBe('"1"');
  });

  it('accepts ids as numeric strings', async () => {
    const { emulator, api } = await setup();
    const answer = await api.write('POST', '/agents/1002/skills', { skills: [{ skillId: '103', proficiency: 7 }] });
    expect(answer.status).toBe(200);
    expect(emulator.tenant.assignment(1002, 103)?.proficiency).toBe(7);
  });
});

describe('PUT /agents/{id}/skills', () => {
  it('changes only the listed fields of listed assignments (merge), also on an inactive skill', async () => {
    const { emulator, api } = await setup();
    const answer = await api.write('PUT', '/agents/1001/skills', {
      skills: [
        { skillId: 101, proficiency: 12 },
        { skillId: 104, isActive: false },
      ],
    });
    expect(answer.status).toBe(200);
    expect(assignmentsOf(answer).map((a) => [a.skillId, a.agentProficiencyValue, a.isActive])).toEqual([
      [101, 12, true],
      [104, 9, false],
    ]);
    expect(pairs(emulator)).toEqual(['1001/101:12:true', '1001/104:9:false', '1002/101:5:false']);
    expect(Date.parse(assignmentsOf(answer)[0]?.lastUpdateTime ?? '')).toBeGreaterThan(Date.UTC(2025, 0, 1));
  });

  it('refuses an unassigned pair and an item with nothing to change', async () => {
    const { emulator, api } = await setup();
    const answer = await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 1 }, { skillId: 102, proficiency: 1 }, { skillId: 104 }] });
    expect(answer.status).toBe(400);
    expect((answer.json as { details: unknown }).details).toEqual([
      { index: 1, message: 'agent 1001 does not have skill 102' },
      { index: 2, message: 'nothing to change: give proficiency and/or isActive' },
    ]);
    expect(emulator.tenant.assignment(1001, 101)?.proficiency).toBe(3);
  });
});

describe('DELETE /agents/{id}/skills', () => {
  it('removes listed assignments and answers the removed items', async () => {
    const { emulator, api } = await setup();
    const answer = await api.write('DELETE', '/agents/1001/skills', { skills: [{ skillId: 104 }] });
    expect(answer.status).toBe(200);
    expect(assignmentsOf(answer).map((a) => [a.agentId, a.skillId, a.agentProficiencyValue])).toEqual([[1001, 104, 9]]);
    expect(pairs(emulator)).toEqual(['1001/101:3:true', '1002/101:5:false']);
    expect(answer.headers.etag).toBe('"2"');
    expect((await api.get('/skills/104/agents')).headers.etag).toBe('"2"');
    const again = await api.write('DELETE', '/agents/1001/skills', { skills: [{ skillId: 104 }] });
    expect(again.status).toBe(400);
    expect((again.json as { details: unknown }).details).toEqual([{ index: 0, message: 'agent 1001 does not have skill 104' }]);
  });
});

describe('writes on /skills/{id}/agents', () => {
  it('adds, changes and removes one skill for many agents, raising every touched version', async () => {
    const { emulator, api } = await setup();
    const added = await api.write('POST', '/skills/103/agents', { agents: [{ agentId: 1001, proficiency: 2 }, { agentId: 1003, proficiency: 6, isActive: false }] });
    expect(added.status).toBe(200);
    expect(added.headers.etag).toBe('"2"');
    expect(assignmentsOf(added).map((a) => [a.agentId, a.skillId])).toEqual([
      [1001, 103],
      [1003, 103],
    ]);
    expect((await api.get('/agents/1001/skills')).headers.etag).toBe('"2"');
    expect((await api.get('/agents/1003/skills')).headers.etag).toBe('"2"');
    const changed = await api.write('PUT', '/skills/103/agents', { agents: [{ agentId: '1003', isActive: true }] });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe('"3"');
    expect(emulator.tenant.assignment(1003, 103)).toMatchObject({ proficiency: 6, active: true });
    const removed = await api.write('DELETE', '/skills/103/agents', { agents: [{ agentId: 1001 }, { agentId: 1003 }] });
    expect(removed.status).toBe(200);
    expect(emulator.tenant.assignmentsOfSkill(103)).toEqual([]);
    expect(emulator.tenant.agent(1003)?.version).toBe(4);
  });

  it('refuses to add an inactive skill, naming every item', async () => {
    const { api } = await setup();
    const answer = await api.write('POST', '/skills/104/agents', { agents: [{ agentId: 1002, proficiency: 2 }, { agentId: 1003, proficiency: 2 }] });
    expect(answer.status).toBe(400);
    expect((answer.json as { details: { index: number }[] }).details.map((d) => d.index)).toEqual([0, 1]);
  });
});

describe('request-level checks', () => {
  it('refuses more items than maxItems with TooManyItems', async () => {
    const { emulator, api } = await setup({ maxItems: 2 });
    const answer = await api.write('PUT', '/skills/101/agents', { agents: [{ agentId: 1001, proficiency: 1 }, { agentId: 1002, proficiency: 1 }, { agentId: 1003, proficiency: 1 }] });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: 'TooManyItems' });
    expect(emulator.tenant.assignment(1001, 101)?.proficiency).toBe(3);
    expect((await api.write('PUT', '/skills/101/agents', { agents: [{ agentId: 1001, proficiency: 1 }, { agentId: 1002, proficiency: 1 }] })).status).toBe(200);
  });

  it('refuses 101 items by default and accepts 100', async () => {
    const emulator = await start({ tenant: { seed: 1, agents: 101, skills: 16, skillsPerAgent: 0 } });
    const api = await Api.connect(emulator);
    const agents = emulator.snapshot().agents.map((a) => ({ agentId: a.agentId, proficiency: 5 }));
    expect((await api.write('POST', '/skills/101/agents', { agents })).json).toMatchObject({ error: 'TooManyItems' });
    expect((await api.write('POST', '/skills/101/agents', { agents: agents.slice(0, 100) })).status).toBe(200);
    expect(emulator.tenant.assignmentsOfSkill(101)).toHaveLength(100);
  });

  it('answers 400 for bad JSON, a missing or empty list, and 404 for an unknown path id', async () => {
    const { api } = await setup();
    expect((await api.write('POST', '/agents/1001/skills', '{nope')).json).toMatchObject({ error: 'InvalidJson' });
    expect((await api.write('POST', '/agents/1001/skills', { agents: [] })).json).toMatchObject({ error: 'InvalidBody' });
    expect((await api.write('POST', '/agents/1001/skills', { skills: [] })).json).toMatchObject({ error: 'InvalidBody' });
    expect((await api.write('POST', '/agents/4242/skills', { skills: [{ skillId: 101, proficiency: 1 }] })).status).toBe(404);
    expect((await api.write('PUT', '/skills/4242/agents', { agents: [{ agentId: 1001, proficiency: 1 }] })).status).toBe(404);
  });
});

describe('If-Match', () => {
  it('applies a write whose If-Match is the current ETag, and refuses a stale or weak one with 412', async () => {
    const { emulator, api } = await setup();
    const etag = (await api.get('/agents/1001/skills')).headers.etag ?? '';
    const ok = await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 4 }] }, { 'if-match': etag });
    expect(ok.status).toBe(200);
    const stale = await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 8 }] }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(stale.json).toMatchObject({ error: 'PreconditionFailed' });
    expect(stale.headers.etag).toBe('"2"');
    const weak = await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 8 }] }, { 'if-match': 'W/"2"' });
    expect(weak.status).toBe(412);
    expect(emulator.tenant.assignment(1001, 101)?.proficiency).toBe(4);
  });

  it('sees a version moved by a write through the other endpoint', async () => {
    const { api } = await setup();
    const etag = (await api.get('/skills/101/agents')).headers.etag ?? '';
    expect((await api.write('PUT', '/agents/1002/skills', { skills: [{ skillId: 101, isActive: true }] })).status).toBe(200);
    const answer = await api.write('DELETE', '/skills/101/agents', { agents: [{ agentId: 1001 }] }, { 'if-match': etag });
    expect(answer.status).toBe(412);
  });
});
