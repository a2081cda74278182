import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientOf, json, paged, queryOf, startStub, type PagedOptions } from './stub.js';

/** `n` assignments, agent 1000+i, skill 100 + i % 5, with isActive and isAgentActive varying. */
function assignments(n: number) {
  return Array.from({ length: n }, (_, i) => ({ agentId: 1000 + i, skillId: 100 + (i % 5), agentProficiencyValue: 1 + (i % 20), isActive: i % 3 !== 0, isAgentActive: i % 4 !== 0 }));
}
const model = (rows: ReturnType<typeof assignments>) => rows.map((r) => ({ agentId: r.agentId, skillId: r.skillId, proficiency: r.agentProficiencyValue, active: r.isActive }));

async function serve(rows: ReturnType<typeof assignments>, options: PagedOptions) {
  const queries: URLSearchParams[] = [];
  const stub = await startStub((req, res) => {
    queries.push(queryOf(req));
    paged(res, req, 'agentSkillAssignments', rows, options);
  });
  return { stub, queries };
}

describe('paging: pages may be shorter than asked; the end is only what the contract says', () => {
  it('reads every row when pages are capped at 7 while top=1000 is asked, in order and without duplicates', async () => {
    const rows = assignments(50);
    const { stub, queries } = await serve(rows, { cap: 7 });
    await expect(clientOf(stub).listAssignments()).resolves.toEqual(model(rows));
    expect(queries[0]?.get('top')).toBe('1000');
    expect(queries.map((q) => Number(q.get('skip'))).sort((a, b) => a - b)).toEqual([0, 7, 14, 21, 28, 35, 42, 49]);
    // Later pages ask for the stride the server really serves, so none overlaps the next.
    expect(queries.slice(1).every((q) => Number(q.get('top')) <= 7)).toBe(true);
  });

  it('reads 250 rows in 3 pages when the server caps pages at 100', async () => {
    const rows = assignments(250);
    const { stub, queries } = await serve(rows, { cap: 100 });
    await expect(clientOf(stub).listAssignments()).resolves.toEqual(model(rows));
    expect(queries).toHaveLength(3);
  });

  it('fills the gap a later short page leaves, reading on from where it stopped', async () => {
    const rows = assignments(40);
    const { stub, queries } = await serve(rows, { cap: 7, shortAt: { 14: 3, 17: 2 } });
    await expect(clientOf(stub).listAssignments()).resolves.toEqual(model(rows));
    const skips = queries.map((q) => Number(q.get('skip')));
    expect(skips).toContain(17);
    expect(skips).toContain(19);
  });

  it('reads on without totalRecords, one page after another, until _links has no next', async () => {
    const rows = assignments(23);
    const { stub, queries } = await serve(rows, { cap: 7, totals: false });
    await expect(clientOf(stub).listAssignments()).resolves.toEqual(model(rows));
    expect(queries.map((q) => q.get('skip'))).toEqual(['0', '7', '14', '21']);
  });

  it('reads on without totalRecords nor _links until a 204', async () => {
    const rows = assignments(20);
    const { stub, queries } = await serve(rows, { cap: 7, totals: false, links: false });
    await expect(clientOf(stub).listAssignments()).resolves.toEqual(model(rows));
    expect(queries.map((q) => q.get('skip'))).toEqual(['0', '7', '14', '20']);
  });

  it('ends on a page with no rows', async () => {
    const stub = await startStub((req, res) => {
      const skip = Number(queryOf(req).get('skip'));
      json(res, 200, { agentSkillAssignments: skip === 0 ? assignments(3) : [] });
    });
    await expect(clientOf(stub).listAssignments()).resolves.toHaveLength(3);
    expect(stub.seen).toHaveLength(2);
  });

  it('reads an empty list answered 204 as empty', async () => {
    const stub = await startStub((_req, res) => res.writeHead(204).end());
    await expect(clientOf(stub).listAgents()).resolves.toEqual([]);
  });

  it('asks top=pageSize and only the fields the mappers use', async () => {
    const queries: Record<string, URLSearchParams> = {};
    const stub = await startStub((req, res) => {
      const path = (req.url ?? '').replace(/^\/api/, '').replace(/\?.*$/, '');
      queries[path] = queryOf(req);
      json(res, 200, { totalRecords: 0, agents: [], skills: [], agentSkillAssignments: [] });
    });
    await clientOf(stub, { pageSize: 250 }).readLive();
    expect(queries['/agents']?.get('fields')).toBe('agentId,userName,firstName,lastName,emailAddress,isActive,teamId,teamName');
    expect(queries['/skills']?.get('fields')).toBe('skillId,skillName,isActive,mediaTypeId,mediaTypeName');
    expect(queries['/agents/skills']?.get('fields')).toBe('agentId,skillId,agentProficiencyValue,isActive');
    expect(Object.values(queries).map((q) => q.get('top'))).toEqual(['250', '250', '250']);
  });

  it('tells progress after every page with the total when known', async () => {
    const rows = assignments(20);
    const { stub } = await serve(rows, { cap: 7 });
    const progress: number[] = [];
    await clientOf(stub, { onPage: (p) => progress.push(p.read), pageConcurrency: 1 }).listAssignments();
    expect(progress).toEqual([7, 14, 20]);
  });

  it('reads what changed since a time with UpdatedSince, paged', async () => {
    const rows = assignments(9);
    const { stub, queries } = await serve(rows, { cap: 4 });
    await expect(clientOf(stub).listAssignmentsUpdatedSince('2026-12-01T10:00:00.000Z')).resolves.toEqual(model(rows));
    expect(queries.every((q) => q.get('UpdatedSince') === '2026-12-01T10:00:00.000Z')).toBe(true);
    expect(queries).toHaveLength(3);
  });
});

describe('/agents/skills filters, when a server requires them', () => {
  const REQUIRED = readFileSync(new URL('../fixtures/cxone/error-filters-required.json', import.meta.url), 'utf8');

  it('reads the four combinations and merges them, says so once, and remembers it', async () => {
    const rows = assignments(30);
    const queries: URLSearchParams[] = [];
    const stub = await startStub((req, res) => {
      const q = queryOf(req);
      queries.push(q);
      if (q.get('isActive') === null || q.get('isAgentActive') === null) return json(res, 400, REQUIRED);
      const matching = rows.filter((r) => String(r.isActive) === q.get('isActive') && String(r.isAgentActive) === q.get('isAgentActive'));
      paged(res, req, 'agentSkillAssignments', matching, { cap: 7 });
    });
    const notices: string[] = [];
    const client = clientOf(stub, { onNotice: (m) => notices.push(m) });
    const key = (a: { agentId: number; skillId: number }) => `${a.agentId}:${a.skillId}`;
    const first = await client.listAssignments();
    expect(first.map(key).sort()).toEqual(model(rows).map(key).sort());
    expect(first).toHaveLength(30);
    const unfiltered = queries.filter((q) => q.get('isActive') === null).length;
    expect(unfiltered).toBe(1);
    const again = await client.listAssignmentsUpdatedSince('2026-12-01T00:00:00Z');
    expect(again).toHaveLength(30);
    expect(queries.filter((q) => q.get('isActive') === null)).toHaveLength(1);
    expect(new Set(queries.filter((q) => q.get('isActive') !== null).map((q) => `${q.get('isActive')}/${q.get('isAgentActive')}`))).toEqual(new Set(['true/true', 'true/false', 'false/true', 'false/false']));
    expect(notices).toEqual(['GET /agents/skills requires the isActive and isAgentActive filters on this server: every read of it is now four filtered reads, merged']);
  });

  it('does not take another 400 for the filters being required', async () => {
    const stub = await startStub((_req, res) => json(res, 400, { error: 'InvalidParameter', error_description: 'skip must be a number' }));
    await expect(clientOf(stub).listAssignments()).rejects.toMatchObject({ code: 'CXONE_HTTP_ERROR', status: 400 });
    expect(stub.seen).toHaveLength(1);
  });
});
