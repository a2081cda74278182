import { describe, expect, it } from 'vitest';
import { Api, assignmentsOf, call, smallTenant, start, type Answer, type WireAssignment } from './helpers.js';

interface Links {
  self: string;
  next?: string;
  previous?: string;
}

interface Page<T> {
  totalRecords: number;
  _links: Links;
  agents?: T[];
  skills?: T[];
  agentSkillAssignments?: T[];
}

function pageOf<T>(answer: Answer): Page<T> {
  expect(answer.status).toBe(200);
  return answer.json as Page<T>;
}

/** The query of a link, as an object (the origin and path are checked apart). */
function linkQuery(url: string | undefined): Record<string, string> {
  return Object.fromEntries(new URL(url ?? 'http://x/').searchParams);
}

describe('paging', () => {
  it('pages /agents with skip and top, and answers 204 with no body past the end', async () => {
    const api = await Api.connect(await start());
    const page = pageOf<{ agentId: number }>(await api.get('/agents?top=15'));
    expect(page.totalRecords).toBe(40);
    expect(page.agents?.map((a) => a.agentId)).toEqual(Array.from({ length: 15 }, (_, i) => 1001 + i));
    const last = pageOf<{ agentId: number }>(await api.get('/agents?skip=35&top=15'));
    expect(last.agents?.map((a) => a.agentId)).toEqual([1036, 1037, 1038, 1039, 1040]);
    const past = await api.get('/agents?skip=40');
    expect(past.status).toBe(204);
    expect(past.text).toBe('');
  });

  it('serves at most pageCap (default 100) rows whatever top asks, even top=1000', async () => {
    const api = await Api.connect(await start({ tenant: { seed: 2, agents: 250, skills: 4, skillsPerAgent: 1 } }));
    expect(pageOf(await api.get('/agents')).agents).toHaveLength(100);
    const big = pageOf<{ agentId: number }>(await api.get('/agents?top=1000'));
    expect(big.agents).toHaveLength(100);
    expect(big.totalRecords).toBe(250);
    expect(linkQuery(big._links.next)).toEqual({ skip: '100', top: '1000' });
    expect(pageOf(await api.get('/agents?top=1000&skip=200')).agents).toHaveLength(50);
  });

  it('honours a pageCap option, and a top below it', async () => {
    const api = await Api.connect(await start({ pageCap: 7 }));
    expect(pageOf(await api.get('/agents?top=1000')).agents).toHaveLength(7);
    expect(pageOf(await api.get('/agents?top=3')).agents).toHaveLength(3);
    expect(pageOf(await api.get('/skills?top=1000')).skills).toHaveLength(7);
  });

  it('links self, next (iff rows remain) and previous (iff skip > 0), keeping the other parameters', async () => {
    const emulator = await start({ pageCap: 10 });
    const api = await Api.connect(emulator);
    const first = pageOf(await api.get('/agents?isActive=true&top=1000'));
    expect(first._links.self).toBe(`${emulator.apiBase}/agents?isActive=true&top=1000`);
    expect(first._links.next?.startsWith(`${emulator.apiBase}/agents?`)).toBe(true);
    expect(linkQuery(first._links.next)).toEqual({ isActive: 'true', skip: '10', top: '1000' });
    expect(first._links).not.toHaveProperty('previous');
    const middle = pageOf(await api.get('/agents?isActive=true&SKIP=10&Top=1000'));
    expect(linkQuery(middle._links.previous)).toEqual({ isActive: 'true', skip: '0', top: '1000' });
    expect(linkQuery(middle._links.next)).toEqual({ isActive: 'true', skip: '20', top: '1000' });
    const last = pageOf(await api.get('/agents?isActive=true&skip=30&top=1000'));
    expect(last.agents).toHaveLength(10);
    expect(last._links).not.toHaveProperty('next');
    expect(linkQuery(last._links.previous)).toEqual({ isActive: 'true', skip: '20', top: '1000' });
  });

  it('reads a whole list by following next until it is absent', async () => {
    const emulator = await start({ tenant: { seed: 3, agents: 95, skills: 8, skillsPerAgent: 3 }, pageCap: 40 });
    const api = await Api.connect(emulator);
    const seen: WireAssignment[] = [];
    let url: string | undefined = `${emulator.apiBase}/agents/skills?top=1000`;
    let calls = 0;
    while (url) {
      const page: Page<WireAssignment> = pageOf(await call(url, { headers: { authorization: `Bearer ${api.bearer}`, accept: 'application/json' } }));
      seen.push(...(page.agentSkillAssignments ?? []));
      url = page._links.next;
      calls++;
    }
    expect(seen).toHaveLength(285);
    expect(calls).toBe(8);
  });

  it('refuses top above 1000, top 0 and non-integers with 400', async () => {
    const api = await Api.connect(await start());
    const tooBig = await api.get('/agents?top=1001');
    expect(tooBig.status).toBe(400);
    expect(tooBig.json).toEqual({ error: 'InvalidParameter', error_description: 'top must be an integer 1..1000, got "1001"' });
    expect((await api.get('/agents/skills?top=5000')).status).toBe(400);
    expect((await api.get('/skills?top=0')).status).toBe(400);
    expect((await api.get('/skills?skip=-1')).status).toBe(400);
    expect((await api.get('/skills?skip=abc')).status).toBe(400);
  });

  it('serves any vNN.N version prefix in any letter case and 404s unknown routes', async () => {
    const emulator = await start();
    const api = await Api.connect(emulator);
    const headers = { authorization: `Bearer ${api.bearer}`, accept: 'application/json' };
    for (const prefix of ['/incontactapi/services/v2.0', '/inContactAPI/services/v31.0', '/INCONTACTAPI/SERVICES/V33.1']) {
      expect((await call(`${emulator.origin}${prefix}/skills`, { headers })).status).toBe(200);
    }
    expect((await call(`${emulator.origin}/inContactAPI/services/v31.0/Agents/1001/Skills`, { headers })).status).toBe(200);
    expect((await api.get('/teams')).status).toBe(404);
    expect((await call(emulator.apiBase.replace('/incontactapi', '/nothing'), { headers })).status).toBe(404);
    const wrongMethod = await api.write('PUT', '/agents', {});
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET');
  });
});

describe('fields', () => {
  it('restricts every item to the named fields (any case), ignoring unknown names, on every read', async () => {
    const api = await Api.connect(await start({ tenant: smallTenant() }));
    const agents = pageOf<Record<string, unknown>>(await api.get('/agents?fields=agentId,USERNAME,noSuchField'));
    expect(agents.agents?.[0]).toEqual({ agentId: 1001, userName: 'ana' });
    const skills = pageOf<Record<string, unknown>>(await api.get('/skills?fields=skillId,isActive&top=2'));
    expect(skills.skills).toEqual([
      { skillId: 101, isActive: true },
      { skillId: 102, isActive: true },
    ]);
    const all = pageOf<Record<string, unknown>>(await api.get('/agents/skills?fields=agentId,skillId,agentProficiencyValue&top=1'));
    expect(all.agentSkillAssignments).toEqual([{ agentId: 1001, skillId: 101, agentProficiencyValue: 3 }]);
    const mine = assignmentsOf(await api.get('/agents/1001/skills?fields=agentID_alt,skillId'));
    expect(mine).toEqual([
      { agentID_alt: 1001, skillId: 101 },
      { agentID_alt: 1001, skillId: 104 },
    ]);
    const ofSkill = assignmentsOf(await api.get('/skills/101/agents?fields=agentId,isAssigned'));
    expect(ofSkill).toEqual([
      { agentId: 1001, isAssigned: true },
      { agentId: 1002, isAssigned: true },
    ]);
  });
});

describe('filters on /agents and /skills', () => {
  it('filters agents by isActive, searchString and updateSince / updatedSince', async () => {
    const emulator = await start({ tenant: { seed: 5, agents: 120, skills: 4, skillsPerAgent: 1 } });
    const api = await Api.connect(emulator);
    expect(pageOf<{ agentId: number }>(await api.get('/agents?isActive=false')).agents?.map((a) => a.agentId)).toEqual([1050, 1100]);
    expect(pageOf(await api.get('/agents?ISACTIVE=true')).totalRecords).toBe(118);
    const search = pageOf<{ userName: string }>(await api.get('/agents?searchString=AGENT0011'));
    expect(search.agents?.map((a) => a.userName)).toEqual(Array.from({ length: 10 }, (_, i) => `agent0011${i}`));
    const snapshot = emulator.snapshot();
    const since = snapshot.agents.map((a) => a.lastUpdated ?? '').sort()[60] ?? '';
    const expected = snapshot.agents.filter((a) => (a.lastUpdated ?? '') >= since).length;
    expect(pageOf(await api.get(`/agents?updateSince=${encodeURIComponent(since)}`)).totalRecords).toBe(expected);
    expect(pageOf(await api.get(`/agents?updatedSince=${encodeURIComponent(since)}`)).totalRecords).toBe(expected);
    expect((await api.get('/agents?isActive=maybe')).status).toBe(400);
    expect((await api.get('/agents?updatedSince=yesterday')).status).toBe(400);
  });

  it('filters skills by isActive, mediaTypeId and searchString', async () => {
    const api = await Api.connect(await start());
    expect(pageOf<{ skillName: string }>(await api.get('/skills?mediaTypeId=3')).skills?.map((s) => s.skillName)).toEqual(['Chat EN', 'Spanish Chat']);
    expect(pageOf<{ skillName: string }>(await api.get('/skills?isActive=false')).skills?.map((s) => s.skillName)).toEqual(['Legacy IVR']);
    expect(pageOf<{ skillName: string }>(await api.get('/skills?searchString=billing')).skills?.map((s) => s.skillName)).toEqual(['Billing EN', 'Billing ES']);
    expect((await api.get('/skills?searchString=nothing-like-this')).status).toBe(204);
  });
});

describe('/agents/skills', () => {
  it('returns every assignment ordered by agentId then skillId, stepping skip by the rows received', async () => {
    const emulator = await start({ tenant: { seed: 11, agents: 600, skills: 16, skillsPerAgent: 4 } });
    const api = await Api.connect(emulator);
    const seen: WireAssignment[] = [];
    for (let skip = 0; ; ) {
      const answer = await api.get(`/agents/skills?skip=${skip}&top=1000`);
      if (answer.status === 204) break;
      const page = pageOf<WireAssignment>(answer);
      expect(page.totalRecords).toBe(2400);
      const rows = page.agentSkillAssignments ?? [];
      expect(rows).toHaveLength(100);
      seen.push(...rows);
      skip += rows.length;
    }
    expect(seen).toHaveLength(2400);
    const keys = seen.map((a) => [a.agentId, a.skillId] as const);
    expect(keys).toEqual([...keys].sort((x, y) => x[0] - y[0] || x[1] - y[1]));
    const expected = emulator.snapshot().assignments;
    expect(seen.map((a) => ({ agentId: a.agentId, skillId: a.skillId, proficiency: a.agentProficiencyValue, active: a.isActive }))).toEqual(
      expected.map((a) => ({ agentId: a.agentId, skillId: a.skillId, proficiency: a.proficiency, active: a.active })),
    );
    expect(seen[0]).toMatchObject({ skillName: expect.any(String), agentProficiencyName: expect.any(String), lastUpdateTime: expect.any(String) });
  });

  it('filters by isActive, isAgentActive, isSkillActive, mediaTypeId and searchString', async () => {
    const api = await Api.connect(await start({ tenant: smallTenant() }));
    const pairs = async (query: string) => {
      const answer = await api.get(`/agents/skills?${query}`);
      return answer.status === 204 ? [] : assignmentsOf(answer).map((a) => `${a.agentId}/${a.skillId}`);
    };
    expect(await pairs('isActive=false')).toEqual(['1002/101']);
    expect(await pairs('isActive=true')).toEqual(['1001/101', '1001/104']);
    expect(await pairs('isAgentActive=false')).toEqual([]);
    expect(await pairs('isagentactive=true&isActive=true')).toEqual(['1001/101', '1001/104']);
    expect(await pairs('isSkillActive=false')).toEqual(['1001/104']);
    expect(await pairs('ISSKILLACTIVE=true')).toEqual(['1001/101', '1002/101']);
    expect(await pairs('mediaTypeId=3')).toEqual([]);
    expect(await pairs('searchString=legacy')).toEqual(['1001/104']);
    expect(await pairs('searchString=BEN')).toEqual(['1002/101']);
    expect((await api.get('/agents/skills?isSkillActive=sometimes')).status).toBe(400);
  });

  it('keeps a filtered view cached while paging, and sees a write at once', async () => {
    const emulator = await start({ tenant: { seed: 8, agents: 300, skills: 10, skillsPerAgent: 3 }, pageCap: 50 });
    const api = await Api.connect(emulator);
    const expected = emulator.snapshot().assignments.filter((a) => a.active).length;
    let read = 0;
    for (let skip = 0; ; ) {
      const answer = await api.get(`/agents/skills?isActive=true&skip=${skip}`);
      if (answer.status === 204) break;
      const rows = assignmentsOf(answer);
      expect(rows.every((r) => r.isActive)).toBe(true);
      read += rows.length;
      skip += rows.length;
    }
    expect(read).toBe(expected);
    const first = assignmentsOf(await api.get('/agents/skills?isActive=true&top=1'))[0];
    if (!first) throw new Error('no active assignment');
    expect((await api.write('PUT', `/agents/${first.agentId}/skills`, { skills: [{ skillId: first.skillId, isActive: false }] })).status).toBe(200);
    expect(pageOf(await api.get('/agents/skills?isActive=true')).totalRecords).toBe(expected - 1);
  });

  it('with UpdatedSince (any case) returns only assignments changed since then, including new ones', async () => {
    const emulator = await start({ tenant: smallTenant() });
    const api = await Api.connect(emulator);
    const since = new Date().toISOString();
    expect((await api.get(`/agents/skills?UpdatedSince=${since}`)).status).toBe(204);
    expect((await api.write('POST', '/agents/1002/skills', { skills: [{ skillId: 103, proficiency: 2 }] })).status).toBe(200);
    expect(assignmentsOf(await api.get(`/agents/skills?UpdatedSince=${since}`)).map((a) => [a.agentId, a.skillId])).toEqual([[1002, 103]]);
    expect(pageOf(await api.get('/agents/skills?updatedsince=2024-02-15')).totalRecords).toBe(2);
    expect((await api.get('/agents/skills?UpdatedSince=last-week')).json).toEqual({
      error: 'InvalidParameter',
      error_description: 'UpdatedSince must be an ISO 8601 date, got "last-week"',
    });
  });

  it('reads without filters by default, and with requireFilters answers 400 naming what is missing', async () => {
    expect((await (await Api.connect(await start({ tenant: smallTenant() }))).get('/agents/skills')).status).toBe(200);
    const api = await Api.connect(await start({ tenant: smallTenant(), requireFilters: true }));
    expect((await api.get('/agents/skills')).json).toEqual({ error: 'InvalidParameter', error_description: 'isActive and isAgentActive are required' });
    expect((await api.get('/agents/skills?isActive=true')).json).toEqual({ error: 'InvalidParameter', error_description: 'isAgentActive is required' });
    const noActive = await api.get('/agents/skills?isAgentActive=true');
    expect(noActive.status).toBe(400);
    expect(noActive.json).toEqual({ error: 'InvalidParameter', error_description: 'isActive is required' });
    const merged: string[] = [];
    for (const isActive of [true, false]) {
      for (const isAgentActive of [true, false]) {
        const answer = await api.get(`/agents/skills?isActive=${isActive}&isAgentActive=${isAgentActive}`);
        if (answer.status !== 204) merged.push(...assignmentsOf(answer).map((a) => `${a.agentId}/${a.skillId}`));
      }
    }
    expect(merged.sort()).toEqual(['1001/101', '1001/104', '1002/101']);
  });
});

describe('GET /agents/{id}/skills', () => {
  it('lists every assignment of the agent without paging, naming the agent agentID_alt', async () => {
    const emulator = await start({ tenant: { seed: 4, agents: 5, skills: 16, skillsPerAgent: 12 }, pageCap: 5 });
    const api = await Api.connect(emulator);
    const answer = await api.get('/agents/1001/skills?top=2&skip=3');
    expect(answer.status).toBe(200);
    const body = answer.json as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['agentSkillAssignments']);
    const items = assignmentsOf(answer);
    expect(items).toHaveLength(12);
    expect(items.every((a) => a.agentID_alt === 1001 && !('agentId' in a))).toBe(true);
    expect(answer.headers).not.toHaveProperty('etag');
  });

  it('filters isAssignedSkillActive (and isSkillActive), answers 204 for none, and accepts padded numeric ids', async () => {
    const api = await Api.connect(await start({ tenant: smallTenant() }));
    expect(assignmentsOf(await api.get('/agents/1001/skills')).map((a) => [a.skillId, a.skillName, a.agentProficiencyValue])).toEqual([
      [101, 'Billing EN', 3],
      [104, 'Legacy IVR', 9],
    ]);
    expect(assignmentsOf(await api.get('/agents/1001/skills?isAssignedSkillActive=true')).map((a) => a.skillId)).toEqual([101]);
    expect(assignmentsOf(await api.get('/agents/1001/skills?isSkillActive=false')).map((a) => a.skillId)).toEqual([104]);
    expect(assignmentsOf(await api.get('/agents/01001/skills')).map((a) => a.skillId)).toEqual([101, 104]);
    const none = await api.get('/agents/1003/skills');
    expect(none.status).toBe(204);
    expect(none.text).toBe('');
  });
});

describe('GET /skills/{id}/agents', () => {
  it('marks every item isAssigned and lists isAssigned: false items for agents with id % 10 === 0 lacking the skill', async () => {
    const emulator = await start({ tenant: { seed: 6, agents: 40, skills: 16, skillsPerAgent: 3 } });
    const api = await Api.connect(emulator);
    const assigned = emulator.tenant.assignmentsOfSkill(101).map((a) => a.agentId);
    const unassigned = [1010, 1020, 1030, 1040].filter((id) => !assigned.includes(id));
    const expected = [...assigned, ...unassigned].sort((a, b) => a - b);
    const page = pageOf<WireAssignment>(await api.get('/skills/101/agents'));
    expect(page.totalRecords).toBe(expected.length);
    const items = page.agentSkillAssignments ?? [];
    expect(items.map((a) => a.agentId)).toEqual(expected);
    expect(items.filter((a) => a.isAssigned === false).map((a) => a.agentId)).toEqual(unassigned);
    expect(items.filter((a) => a.isAssigned === true).map((a) => a.agentId)).toEqual(assigned);
    expect(unassigned.length).toBeGreaterThan(0);
    expect(items.find((a) => a.isAssigned === false)).toMatchObject({ skillId: 101, agentProficiencyValue: expect.any(Number), isActive: true });
  });

  it('lists only assignments with unassignedItems false, paged with _links', async () => {
    const api = await Api.connect(await start({ tenant: smallTenant(), unassignedItems: false }));
    const page = pageOf<WireAssignment>(await api.get('/skills/101/agents'));
    expect(page.agentSkillAssignments?.map((a) => [a.agentId, a.isActive, a.isAssigned])).toEqual([
      [1001, true, true],
      [1002, false, true],
    ]);
    expect(page.totalRecords).toBe(2);
    const second = pageOf<WireAssignment>(await api.get('/skills/101/agents?skip=1&top=1'));
    expect(second.agentSkillAssignments?.map((a) => a.agentId)).toEqual([1002]);
    expect(second._links).not.toHaveProperty('next');
    expect(linkQuery(second._links.previous)).toEqual({ skip: '0', top: '1' });
    expect((await api.get('/skills/103/agents')).status).toBe(204);
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

describe('ETags on reads (option etags)', () => {
  it('sends no ETag by default, and a strong one per agent and skill list with etags: true (also on 204)', async () => {
    const plain = await Api.connect(await start({ tenant: smallTenant() }));
    expect((await plain.get('/agents/1001/skills')).headers).not.toHaveProperty('etag');
    expect((await plain.get('/skills/101/agents')).headers).not.toHaveProperty('etag');
    const api = await Api.connect(await start({ tenant: smallTenant(), etags: true }));
    expect((await api.get('/agents/1001/skills')).headers.etag).toBe('"1"');
    expect((await api.get('/skills/101/agents')).headers.etag).toBe('"1"');
    const none = await api.get('/agents/1003/skills');
    expect(none.status).toBe(204);
    expect(none.headers.etag).toBe('"1"');
    expect((await api.get('/agents/skills')).headers).not.toHaveProperty('etag');
  });
});

describe('quirks mode', () => {
  it('sends ids as numeric strings, an unknown field, and no totalRecords on the last page', async () => {
    const emulator = await start({ tenant: smallTenant(), quirks: true });
    const api = await Api.connect(emulator);
    const first = (await api.get('/agents/skills?top=2')).json as { totalRecords?: number; _links: Links; agentSkillAssignments: Record<string, unknown>[] };
    expect(first.totalRecords).toBe(3);
    expect(first.agentSkillAssignments[0]).toMatchObject({ agentId: '1001', skillId: '101', agentProficiencyValue: 3, unknownField: expect.any(String) });
    const last = (await api.get('/agents/skills?skip=2&top=2')).json as Record<string, unknown>;
    expect(last).not.toHaveProperty('totalRecords');
    expect(last).toHaveProperty('_links');
    expect(last.agentSkillAssignments).toHaveLength(1);
    const skills = (await api.get('/skills?top=1')).json as { skills: Record<string, unknown>[] };
    expect(skills.skills[0]).toMatchObject({ skillId: '101', mediaTypeId: '4' });
    expect(assignmentsOf(await api.get('/agents/1001/skills'))[0]).toMatchObject({ agentID_alt: '1001', skillId: '101' });
    const written = await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 2, isActive: true }, { skillId: 102, isActive: true }] });
    expect(written.json).toEqual({
      resultSet: {
        errorCount: '1',
        skillResults: [
          { skillId: '101', success: true },
          { skillId: '102', success: false, error: 'agent 1001 does not have skill 102' },
        ],
      },
    });
  });
});
