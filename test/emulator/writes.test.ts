import { describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import { Api, resultSetOf, resultsOf, smallTenant, start } from './helpers.js';

async function setup(options: EmulatorOptions = {}) {
  const emulator = await start({ tenant: smallTenant(), ...options });
  return { emulator, api: await Api.connect(emulator) };
}

function pairs(emulator: Awaited<ReturnType<typeof setup>>['emulator']) {
  return emulator.snapshot().assignments.map((a) => `${a.agentId}/${a.skillId}:${a.proficiency}:${a.active}`);
}

describe('POST /agents/{id}/skills', () => {
  it('adds assignments and answers one skillResult per item, in order', async () => {
    const { emulator, api } = await setup();
    const answer = await api.write('POST', '/agents/1002/skills', {
      skills: [
        { skillId: 102, proficiency: 4, isActive: false },
        { skillId: 103, proficiency: 1 },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      resultSet: {
        errorCount: 0,
        skillResults: [
          { skillId: 102, success: true },
          { skillId: 103, success: true },
        ],
      },
    });
    expect(answer.headers).not.toHaveProperty('etag');
    expect(emulator.tenant.assignment(1002, 102)).toMatchObject({ proficiency: 4, active: false });
    expect(emulator.tenant.assignment(1002, 103)).toMatchObject({ proficiency: 1, active: true });
    expect(emulator.stats()).toMatchObject({ itemsWritten: 2, itemsFailed: 0 });
  });

  it('applies the valid items and fails each invalid one with its reason (partial success)', async () => {
    const { emulator, api } = await setup();
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
        'not an item',
      ],
    });
    expect(answer.status).toBe(200);
    expect(resultSetOf(answer)).toEqual({
      errorCount: 10,
      skillResults: [
        { skillId: 102, success: true },
        { skillId: 101, success: false, error: 'agent 1001 already has skill 101' },
        { skillId: 104, success: false, error: 'skill 104 (Legacy IVR) is inactive: only active skills can be added' },
        { skillId: 999, success: false, error: 'skill 999 does not exist' },
        { skillId: 102, success: false, error: 'skill 102 is listed more than once' },
        { skillId: 103, success: false, error: 'proficiency must be an integer 1..20' },
        { skillId: 103, success: false, error: 'skill 103 is listed more than once' },
        { skillId: 'x', success: false, error: 'skillId must be a positive integer' },
        { skillId: 103, success: false, error: 'skill 103 is listed more than once' },
        { skillId: 103, success: false, error: 'skill 103 is listed more than once' },
        { success: false, error: 'item must be an object' },
      ],
    });
    expect(pairs(emulator)).toEqual(['1001/101:3:true', '1001/102:2:true', '1001/104:9:true', '1002/101:5:false']);
    expect(emulator.stats()).toMatchObject({ itemsWritten: 1, itemsFailed: 10 });
  });

  it('needs proficiency on POST and accepts ids as numeric strings', async () => {
    const { emulator, api } = await setup();
    expect(resultsOf(await api.write('POST', '/agents/1002/skills', { skills: [{ skillId: 103 }] }))).toEqual([
      { skillId: 103, success: false, error: 'proficiency is required' },
    ]);
    expect(resultsOf(await api.write('POST', '/agents/1002/skills', { skills: [{ skillId: '103', proficiency: 7 }] }))).toEqual([{ skillId: 103, success: true }]);
    expect(emulator.tenant.assignment(1002, 103)?.proficiency).toBe(7);
  });
});

describe('PUT /agents/{id}/skills', () => {
  it('changes listed assignments (merge), also on an inactive skill, and requires isActive on every item', async () => {
    const { emulator, api } = await setup();
    const answer = await api.write('PUT', '/agents/1001/skills', {
      skills: [
        { skillId: 101, proficiency: 12, isActive: true },
        { skillId: 104, isActive: false },
        { skillId: 102, proficiency: 1, isActive: true },
        { skillId: 101, proficiency: 1 },
      ],
    });
    expect(resultSetOf(answer)).toEqual({
      errorCount: 2,
      skillResults: [
        { skillId: 101, success: true },
        { skillId: 104, success: true },
        { skillId: 102, success: false, error: 'agent 1001 does not have skill 102' },
        { skillId: 101, success: false, error: 'skill 101 is listed more than once' },
      ],
    });
    expect(pairs(emulator)).toEqual(['1001/101:12:true', '1001/104:9:false', '1002/101:5:false']);
    expect(emulator.tenant.assignment(1001, 101)?.updatedAt).toBeGreaterThan(Date.UTC(2025, 0, 1));
    const missing = await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 1 }] });
    expect(resultsOf(missing)).toEqual([{ skillId: 101, success: false, error: 'isActive is required' }]);
    expect(emulator.tenant.assignment(1001, 101)?.proficiency).toBe(12);
  });
});

describe('DELETE /agents/{id}/skills', () => {
  it('removes listed assignments, and fails an item that is not assigned', async () => {
    const { emulator, api } = await setup();
    expect(resultsOf(await api.write('DELETE', '/agents/1001/skills', { skills: [{ skillId: 104 }] }))).toEqual([{ skillId: 104, success: true }]);
    expect(pairs(emulator)).toEqual(['1001/101:3:true', '1002/101:5:false']);
    const again = await api.write('DELETE', '/agents/1001/skills', { skills: [{ skillId: 104 }, { skillId: 101 }] });
    expect(resultSetOf(again)).toEqual({
      errorCount: 1,
      skillResults: [
        { skillId: 104, success: false, error: 'agent 1001 does not have skill 104' },
        { skillId: 101, success: true },
      ],
    });
    expect(pairs(emulator)).toEqual(['1002/101:5:false']);
  });
});

describe('writes on /skills/{id}/agents', () => {
  it('adds, changes and removes one skill for many agents, answering agentResults', async () => {
    const { emulator, api } = await setup();
    const added = await api.write('POST', '/skills/103/agents', { agents: [{ agentId: 1001, proficiency: 2 }, { agentId: 1003, proficiency: 6, isActive: false }] });
    expect(resultSetOf(added)).toEqual({ errorCount: 0, agentResults: [{ agentId: 1001, success: true }, { agentId: 1003, success: true }] });
    const changed = await api.write('PUT', '/skills/103/agents', { agents: [{ agentId: '1003', isActive: true }, { agentId: 1002, isActive: true }] });
    expect(resultsOf(changed)).toEqual([
      { agentId: 1003, success: true },
      { agentId: 1002, success: false, error: 'agent 1002 does not have skill 103' },
    ]);
    expect(emulator.tenant.assignment(1003, 103)).toMatchObject({ proficiency: 6, active: true });
    const removed = await api.write('DELETE', '/skills/103/agents', { agents: [{ agentId: 1001 }, { agentId: 1003 }, { agentId: 4242 }] });
    expect(resultsOf(removed)).toEqual([
      { agentId: 1001, success: true },
      { agentId: 1003, success: true },
      { agentId: 4242, success: false, error: 'agent 4242 does not exist' },
    ]);
    expect(emulator.tenant.assignmentsOfSkill(103)).toEqual([]);
  });

  it('fails every item adding an inactive skill, changing nothing', async () => {
    const { emulator, api } = await setup();
    const answer = await api.write('POST', '/skills/104/agents', { agents: [{ agentId: 1002, proficiency: 2 }, { agentId: 1003, proficiency: 2 }] });
    expect(resultSetOf(answer).errorCount).toBe(2);
    expect(resultsOf(answer).every((r) => r.success === false && r.error?.includes('inactive'))).toBe(true);
    expect(emulator.tenant.assignmentsOfSkill(104).map((a) => a.agentId)).toEqual([1001]);
  });
});

describe('POST /agents/skills (bulk upsert)', () => {
  it('adds absent pairs and modifies existing ones, one skillResult per pair in order (entry, agent, skill item, skill id)', async () => {
    const { emulator, api } = await setup();
    const answer = await api.write('POST', '/agents/skills', {
      agentAndSkillDetails: [
        { agentIds: [1001, 1002], skills: [{ skillIds: [101, 102], proficiency: 7, isActive: true }, { skillId: 103, proficiency: 2, isActive: false }] },
        { agentIds: ['1003'], skills: [{ skillIds: [104], proficiency: 1 }, { skillIds: [101], proficiency: 30 }] },
      ],
    });
    expect(resultSetOf(answer)).toEqual({
      errorCount: 2,
      skillResults: [
        { agentId: 1001, skillId: 101, success: true },
        { agentId: 1001, skillId: 102, success: true },
        { agentId: 1001, skillId: 103, success: true },
        { agentId: 1002, skillId: 101, success: true },
        { agentId: 1002, skillId: 102, success: true },
        { agentId: 1002, skillId: 103, success: true },
        { agentId: 1003, skillId: 104, success: false, error: 'skill 104 (Legacy IVR) is inactive: only active skills can be added' },
        { agentId: 1003, skillId: 101, success: false, error: 'proficiency must be an integer 1..20' },
      ],
    });
    expect(pairs(emulator)).toEqual([
      '1001/101:7:true',
      '1001/102:7:true',
      '1001/103:2:false',
      '1001/104:9:true',
      '1002/101:7:true',
      '1002/102:7:true',
      '1002/103:2:false',
    ]);
    expect(emulator.stats()).toMatchObject({ calls: { 'POST /agents/skills': 1 }, writes: 1, itemsWritten: 6, itemsFailed: 2 });
  });

  it('modifies a pair on an inactive skill, and fails unknown ids and pairs listed twice', async () => {
    const { emulator, api } = await setup();
    const answer = await api.write('POST', '/agents/skills', {
      agentAndSkillDetails: [
        { agentIds: [1001, 4242], skills: [{ skillIds: [104, 999], proficiency: 4, isActive: false }] },
        { agentIds: [1001], skills: [{ skillIds: [104], proficiency: 5 }] },
      ],
    });
    expect(resultsOf(answer)).toEqual([
      { agentId: 1001, skillId: 104, success: true },
      { agentId: 1001, skillId: 999, success: false, error: 'skill 999 does not exist' },
      { agentId: 4242, skillId: 104, success: false, error: 'agent 4242 does not exist' },
      { agentId: 4242, skillId: 999, success: false, error: 'agent 4242 does not exist' },
      { agentId: 1001, skillId: 104, success: false, error: 'agent 1001 and skill 104 are listed more than once' },
    ]);
    expect(emulator.tenant.assignment(1001, 104)).toMatchObject({ proficiency: 4, active: false });
  });

  it('counts items as agent × skill pairs over all entries against maxItems (TooManyItems)', async () => {
    const { emulator, api } = await setup({ maxItems: 6 });
    const body = (agentIds: number[]) => ({
      agentAndSkillDetails: [
        { agentIds, skills: [{ skillIds: [101, 102], proficiency: 3 }] },
        { agentIds: [1001], skills: [{ skillIds: [103], proficiency: 3 }] },
      ],
    });
    const tooMany = await api.write('POST', '/agents/skills', body([1001, 1002, 1003]));
    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toEqual({ error: 'TooManyItems', error_description: 'too many items: at most 6 per request, got 7' });
    expect(pairs(emulator)).toEqual(['1001/101:3:true', '1001/104:9:true', '1002/101:5:false']);
    const fits = await api.write('POST', '/agents/skills', body([1001, 1002]));
    expect(resultsOf(fits)).toHaveLength(5);
    expect(emulator.stats().itemsWritten).toBe(5);
  });

  it('answers 400 InvalidBody for a body it cannot take as a whole, naming the place', async () => {
    const { api } = await setup();
    const cases: [unknown, string][] = [
      [{}, '"agentAndSkillDetails" must be a non-empty array'],
      [{ agentAndSkillDetails: [{ agentIds: [], skills: [{ skillIds: [101], proficiency: 1 }] }] }, 'agentAndSkillDetails[0].agentIds must be a non-empty array'],
      [{ agentAndSkillDetails: [{ agentIds: [1001, 'x'], skills: [{ skillIds: [101], proficiency: 1 }] }] }, 'agentAndSkillDetails[0].agentIds[1] must be a positive integer'],
      [{ agentAndSkillDetails: [{ agentIds: [1001], skills: [{ proficiency: 1 }] }] }, 'agentAndSkillDetails[0].skills[0] must have "skillIds"'],
      [{ agentAndSkillDetails: [{ agentIds: [1001] }] }, 'agentAndSkillDetails[0].skills must be a non-empty array'],
    ];
    for (const [body, description] of cases) {
      const answer = await api.write('POST', '/agents/skills', body);
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ error: 'InvalidBody', error_description: description });
    }
    expect((await api.write('POST', '/agents/skills', '{')).json).toMatchObject({ error: 'InvalidJson' });
  });

  it('is 404 with upsert: false', async () => {
    const { emulator, api } = await setup({ upsert: false });
    const answer = await api.write('POST', '/agents/skills', { agentAndSkillDetails: [{ agentIds: [1001], skills: [{ skillIds: [102], proficiency: 1 }] }] });
    expect(answer.status).toBe(404);
    expect(emulator.tenant.assignment(1001, 102)).toBeUndefined();
    expect((await api.get('/agents/skills')).status).toBe(200);
  });
});

describe('request-level checks', () => {
  it('refuses more items than maxItems with TooManyItems and changes nothing', async () => {
    const { emulator, api } = await setup({ maxItems: 2 });
    const three = { agents: [{ agentId: 1001, isActive: true }, { agentId: 1002, isActive: true }, { agentId: 1003, isActive: true }] };
    const answer = await api.write('PUT', '/skills/101/agents', three);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'TooManyItems', error_description: 'too many items: at most 2 per request, got 3' });
    expect(emulator.tenant.assignment(1002, 101)?.active).toBe(false);
    expect((await api.write('PUT', '/skills/101/agents', { agents: three.agents.slice(0, 2) })).status).toBe(200);
    expect(emulator.tenant.assignment(1002, 101)?.active).toBe(true);
  });

  it('refuses 101 items by default and accepts 100', async () => {
    const emulator = await start({ tenant: { seed: 1, agents: 101, skills: 16, skillsPerAgent: 0 } });
    const api = await Api.connect(emulator);
    const agents = emulator.snapshot().agents.map((a) => ({ agentId: a.agentId, proficiency: 5 }));
    expect((await api.write('POST', '/skills/101/agents', { agents })).json).toEqual({
      error: 'TooManyItems',
      error_description: 'too many items: at most 100 per request, got 101',
    });
    expect(resultSetOf(await api.write('POST', '/skills/101/agents', { agents: agents.slice(0, 100) })).errorCount).toBe(0);
    expect(emulator.tenant.assignmentsOfSkill(101)).toHaveLength(100);
  });

  it('answers 400 for bad JSON, a missing or empty list, and 404 for an unknown path id', async () => {
    const { api } = await setup();
    expect((await api.write('POST', '/agents/1001/skills', '{nope')).json).toEqual({ error: 'InvalidJson', error_description: 'request body is not valid JSON' });
    expect((await api.write('POST', '/agents/1001/skills', { agents: [] })).json).toEqual({ error: 'InvalidBody', error_description: 'body must have a "skills" array' });
    expect((await api.write('POST', '/agents/1001/skills', { skills: [] })).json).toEqual({ error: 'InvalidBody', error_description: '"skills" must not be empty' });
    expect((await api.write('POST', '/agents/4242/skills', { skills: [{ skillId: 101, proficiency: 1 }] })).status).toBe(404);
    expect((await api.write('PUT', '/skills/4242/agents', { agents: [{ agentId: 1001, isActive: true }] })).status).toBe(404);
  });
});

describe('ETags and If-Match (option etags)', () => {
  it('ignores If-Match and sends no ETag by default', async () => {
    const { emulator, api } = await setup();
    const answer = await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 4, isActive: true }] }, { 'if-match': '"99"' });
    expect(answer.status).toBe(200);
    expect(answer.headers).not.toHaveProperty('etag');
    expect(emulator.tenant.assignment(1001, 101)?.proficiency).toBe(4);
  });

  it('with etags: true applies a write whose If-Match is current, refuses a stale or weak one with 412, and answers the new ETag', async () => {
    const { emulator, api } = await setup({ etags: true });
    const etag = (await api.get('/agents/1001/skills')).headers.etag ?? '';
    expect(etag).toBe('"1"');
    const ok = await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 4, isActive: true }] }, { 'if-match': etag });
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 8, isActive: true }] }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(stale.json).toMatchObject({ error: 'PreconditionFailed' });
    expect(stale.headers.etag).toBe('"2"');
    const weak = await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 8, isActive: true }] }, { 'if-match': 'W/"2"' });
    expect(weak.status).toBe(412);
    expect(emulator.tenant.assignment(1001, 101)?.proficiency).toBe(4);
  });

  it('with etags: true raises versions only for applied items, across both endpoints and the upsert', async () => {
    const { emulator, api } = await setup({ etags: true });
    const partial = await api.write('POST', '/agents/1002/skills', { skills: [{ skillId: 102, proficiency: 4 }, { skillId: 104, proficiency: 4 }] });
    expect(partial.headers.etag).toBe('"2"');
    expect((await api.get('/skills/102/agents')).headers.etag).toBe('"2"');
    expect((await api.get('/skills/104/agents')).headers.etag).toBe('"1"');
    const etag = (await api.get('/skills/101/agents')).headers.etag ?? '';
    expect(resultSetOf(await api.write('POST', '/agents/skills', { agentAndSkillDetails: [{ agentIds: [1002], skills: [{ skillIds: [101], proficiency: 9 }] }] })).errorCount).toBe(0);
    expect((await api.get('/agents/1002/skills')).headers.etag).toBe('"3"');
    expect((await api.write('DELETE', '/skills/101/agents', { agents: [{ agentId: 1001 }] }, { 'if-match': etag })).status).toBe(412);
    expect(emulator.tenant.skill(101)?.version).toBe(2);
  });
});
