import { describe, expect, it } from 'vitest';
import { Api, assignmentsOf, call, smallTenant, start, type WireAssignment } from './helpers.js';

interface Page<T> {
  totalRecords: number;
  agents?: T[];
  skills?: T[];
}

describe('paging', () => {
  it('pages /agents with skip and top, and answers 204 with no body past the end', async () => {
    const api = await Api.connect(await start());
    const first = await api.get('/agents?top=15');
    expect(first.status).toBe(200);
    const page = first.json as Page<{ agentId: number; userName: string }>;
    expect(page.totalRecords).toBe(40);
    expect(page.agents?.map((a) => a.agentId)).toEqual(Array.from({ length: 15 }, (_, i) => 1001 + i));
    const last = (await api.get('/agents?skip=35&top=15')).json as Page<{ agentId: number }>;
    expect(last.agents?.map((a) => a.agentId)).toEqual([1036, 1037, 1038, 1039, 1040]);
    const past = await api.get('/agents?skip=40');
    expect(past.status).toBe(204);
    expect(past.text).toBe('');
  });

  it('defaults top to 100 and refuses top above 1000, top 0 and non-integers with 400', async () => {
    const api = await Api.connect(await start({ tenant: { seed: 2, agents: 150, skills: 4, skillsPerAgent: 1 } }));
    expect(((await api.get('/agents')).json as Page<unknown>).agents).toHaveLength(100);
    expect(((await api.get('/agents?top=1000')).json as Page<unknown>).agents).toHaveLength(150);
    const tooBig = await api.get('/agents?top=1001');
    expect(tooBig.status).toBe(400);
    expect(tooBig.json).toEqual({ error: 'InvalidParameter', error_description: 'top must be an integer 1..1000, got "1001"' });
    expect((await api.get('/agents/skills?top=5000')).status).toBe(400);
    expect((await api.get('/skills?top=0')).status).toBe(400);
    expect((await api.get('/skills?skip=-1')).status).toBe(400);
    expect((await api.get('/skills?skip=abc')).status).toBe(400);
  });

  it('serves any API version in the path and 404s unknown routes', async () => {
    const emulator = await start();
    const api = await Api.connect(emulator);
    const other = await call(emulator.apiBase.replace('v31.0', 'v2.0') + '/skills', { headers: { authorization: `Bearer ${api.bearer}` } });
    expect(other.status).toBe(200);
    expect((await api.get('/teams')).status).toBe(404);
    expect((await call(emulator.apiBase.replace('/incontactapi', '/nothing'))).status).toBe(404);
    const wrongMethod = await api.write('PUT', '/agents', {});
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET');
  });
});

describe('filters', () => {
  it('filters agents by isActive, searchString and updatedSince', async () => {
    const emulator = await start({ tenant: { seed: 5, agents: 120, skills: 4, skillsPerAgent: 1 } });
    const api = await Api.connect(emulator);
    const inactive = (await api.get('/agents?isActive=false')).json as Page<{ agentId: number }>;
    expect(inactive.agents?.map((a) => a.agentId)).toEqual([1050, 1100]);
    expect(((await api.get('/agents?isActive=true')).json as Page<unknown>).totalRecords).toBe(118);
    const search = (await api.get('/agents?searchString=AGENT0011')).json as Page<{ userName: string }>;
    expect(search.agents?.map((a) => a.userName)).toEqual(Array.from({ length: 10 }, (_, i) => `agent0011${i}`));
    const snapshot = emulator.snapshot();
    const since = snapshot.agents.map((a) => a.lastUpdated ?? '').sort()[60] ?? '';
    const expected = snapshot.agents.filter((a) => (a.lastUpdated ?? '') >= since).length;
    const recent = (await api.get(`/agents?updatedSince=${encodeURIComponent(since)}`)).json as Page<unknown>;
    expect(recent.totalRecords).toBe(expected);
    expect((await api.get('/agents?isActive=maybe')).status).toBe(400);
    expect((await api.get('/agents?updatedSince=yesterday')).status).toBe(400);
  });

  it('filters skills by isActive, mediaTypeId and searchString', async () => {
    const api = await Api.connect(await start());
    const chat = (await api.get('/skills?mediaTypeId=3')).json as Page<{ skillName: string }>;
    expect(chat.skills?.map((s) => s.skillName)).toEqual(['Chat EN', 'Spanish Chat']);
    const inactive = (await api.get('/skills?isActive=false')).json as Page<{ skillName: string; isOutbound: boolean }>;
    expect(inactive.skills?.map((s) => s.skillName)).toEqual(['Legacy IVR']);
    const search = (await api.get('/skills?searchString=billing')).json as Page<{ skillName: string }>;
    expect(search.skills?.map((s) => s.skillName)).toEqual(['Billing EN', 'Billing ES']);
    expect((await api.get('/skills?searchString=nothing-like-this')).status).toBe(204);
  });
});

describe('/agents/skills', () => {
  it('returns every assignment ordered by agentId then skillId, with totals, across pages', async () => {
    const emulator = await start({ tenant: { seed: 11, agents: 600, skills: 16, skillsPerAgent: 4 } });
    const api = await Api.connect(emulator);
    const seen: WireAssignment[] = [];
    for (let skip = 0; ; skip += 1000) {
      const answer = await api.get(`/agents/skills?skip=${skip}&top=1000`);
      if (answer.status === 204) break;
      expect((answer.json as { totalRecords: number }).totalRecords).toBe(2400);
      seen.push(...assignmentsOf(answer));
    }
    expect(seen).toHaveLength(2400);
    const keys = seen.map((a) => [a.agentId, a.skillId] as const);
    const sorted = [...keys].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    expect(keys).toEqual(sorted);
    const expected = emulator.snapshot().assignments;
    expect(seen.map((a) => ({ agentId: a.agentId, skillId: a.skillId, proficiency: a.agentProficiencyValue, active: a.isActive }))).toEqual(
      expected.map((a) => ({ agentId: a.agentId, skillId: a.skillId, proficiency: a.proficiency, active: a.active })),
    );
    expect(seen[0]).toMatchObject({ skillName: expect.any(String), agentProficiencyName: expect.any(String), lastUpdateTime: expect.any(String) });
  });

  it('with updatedSince returns only assignments changed since then, including new ones', async () => {
    const emulator = await start({ tenant: smallTenant() });
    const api = await Api.connect(emulator);
    const since = new Date().toISOString();
    expect((await api.get(`/agents/skills?updatedSince=${since}`)).status).toBe(204);
    expect((await api.write('POST', '/agents/1002/skills', { skills: [{ skillId: 103, proficiency: 2 }] })).status).toBe(200);
    const changed = await api.get(`/agents/skills?updatedSince=${since}`);
    expect(assignmentsOf(changed).map((a) => [a.agentId, a.skillId])).toEqual([[1002, 103]]);
    expect(((await api.get('/agents/skills?updatedSince=2024-02-15')).json as { totalRecords: number }).totalRecords).toBe(2);
  });
});

describe('per-agent and per-skill reads', () => {
  it('lists one agent’s skills with a strong ETag, filters isSkillActive, and accepts padded numeric ids', async () => {
    const api = await Api.connect(await start({ tenant: smallTenant() }));
    const answer = await api.get('/agents/1001/skills');
    expect(answer.status).toBe(200);
    expect(answer.headers.etag).toBe('"1"');
    expect(assignmentsOf(answer).map((a) => [a.skillId, a.skillName, a.agentProficiencyValue])).toEqual([
      [101, 'Billing EN', 3],
      [104, 'Legacy IVR', 9],
    ]);
    const active = await api.get('/agents/1001/skills?isSkillActive=true');
    expect(assignmentsOf(active).map((a) => a.skillId)).toEqual([101]);
    expect(assignmentsOf(await api.get('/agents/01001/skills')).map((a) => a.skillId)).toEqual([101, 104]);
    const none = await api.get('/agents/1003/skills');
    expect(none.status).toBe(204);
    expect(none.headers.etag).toBe('"1"');
  });

  it('lists one skill’s agents with its ETag', async () => {
    const api = await Api.connect(await start({ tenant: smallTenant() }));
    const answer = await api.get('/skills/101/agents');
    expect(answer.headers.etag).toBe('"1"');
    expect(assignmentsOf(answer).map((a) => [a.agentId, a.isActive])).toEqual([
      [1001, true],
      [1002, false],
    ]);
    expect((answer.json as { totalRecords: number }).totalRecords).toBe(2);
    expect(assignmentsOf(await api.get('/skills/101/agents?skip=1&top=1')).map((a) => a.agentId)).toEqual([1002]);
  });

  it('answers 404 for unknown or non-numeric ids', async () => {
    const api = await Api.connect(await start({ tenant: smallTenant() }));
    const unknownAgent = await api.get('/agents/999/skills');
    expect(unknownAgent.status).toBe(404);
    expect(unknownAgent.json).toMatchObject({ error: 'NotFound' });
    expect((await api.get('/skills/999/agents')).status).toBe(404);
    expect((await api.get('/agents/abc/skills')).status).toBe(404);
  });
});

describe('quirks mode', () => {
  it('sends ids as numeric strings, an unknown field, and no totalRecords on the last page', async () => {
    const emulator = await start({ tenant: smallTenant(), quirks: true });
    const api = await Api.connect(emulator);
    const first = (await api.get('/agents/skills?top=2')).json as { totalRecords?: number; agentSkillAssignments: Record<string, unknown>[] };
    expect(first.totalRecords).toBe(3);
    expect(first.agentSkillAssignments[0]).toMatchObject({ agentId: '1001', skillId: '101', agentProficiencyValue: 3, unknownField: expect.any(String) });
    const last = (await api.get('/agents/skills?skip=2&top=2')).json as Record<string, unknown>;
    expect(last).not.toHaveProperty('totalRecords');
    expect(last.agentSkillAssignments).toHaveLength(1);
    const skills = (await api.get('/skills?top=1')).json as { totalRecords: number; skills: Record<string, unknown>[] };
    expect(skills.skills[0]).toMatchObject({ skillId: '101', mediaTypeId: '4' });
    const written = await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 2 }] });
    expect(assignmentsOf(written)[0]).toMatchObject({ agentId: '1001', skillId: '101' });
  });
});
