import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CxoneError } from '../../src/cxone/errors.js';
import { groupUpsert, pairsOf, type UpsertEntry } from '../../src/cxone/writes.js';
import type { BulkWrite, WriteItem } from '../../src/model/types.js';
import { TOKEN, clientOf, failure, json, startStub } from './stub.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cxone/${name}.json`, import.meta.url), 'utf8');
const TOO_MANY = fixture('error-too-many');

interface Served {
  path: string;
  body: Record<string, unknown>;
  items: number;
  ifMatch: string | undefined;
}

/**
 * Answers writes the way the contract does: 400 "too many" above `maxItems` (pairs for the upsert),
 * otherwise one result per item, failing the ids `fails` names, leaving the last out when `omitLast`.
 */
async function writeServer(options: { maxItems?: number; fails?: Set<number>; omitLast?: boolean; upsert?: boolean } = {}) {
  const served: Served[] = [];
  const stub = await startStub((req: IncomingMessage, res: ServerResponse, raw: string) => {
    const path = (req.url ?? '').replace(/^\/api/, '');
    const body = JSON.parse(raw) as Record<string, unknown>;
    const ifMatch = typeof req.headers['if-match'] === 'string' ? req.headers['if-match'] : undefined;
    let results: Array<Record<string, unknown>>;
    let listKey: string;
    if (path === '/agents/skills') {
      if (options.upsert === false) return json(res, 404, { error: 'NotFound' });
      const entries = body.agentAndSkillDetails as UpsertEntry[];
      results = entries.flatMap((e) => e.agentIds.flatMap((agentId) => e.skills.flatMap((s) => s.skillIds.map((skillId) => ({ agentId, skillId })))));
      listKey = 'skillResults';
    } else {
      const list = (body.skills ?? body.agents) as Array<Record<string, unknown>>;
      listKey = body.skills ? 'skillResults' : 'agentResults';
      results = list.map((item) => (body.skills ? { skillId: item.skillId } : { agentId: item.agentId }));
    }
    served.push({ path, body, items: results.length, ifMatch });
    if (results.length > (options.maxItems ?? 100)) return json(res, 400, TOO_MANY);
    const answered = results.map((r) => {
      const id = Number(r.skillId ?? r.agentId);
      return options.fails?.has(id) ? { ...r, success: false, error: `item ${id} refused` } : { ...r, success: true };
    });
    if (options.omitLast) answered.pop();
    json(res, 200, { resultSet: { errorCount: String(answered.filter((r) => !r.success).length), [listKey]: answered } });
  });
  return { stub, served };
}

const agentCall = (method: BulkWrite['method'], skillIds: number[]): BulkWrite => ({
  method,
  target: 'agent',
  id: 1001,
  items: skillIds.map((skillId) => ({ agentId: 1001, skillId, ...(method === 'DELETE' ? {} : { proficiency: 4, active: true }) })),
});

describe('bulk writes answer one result per item', () => {
  it('sends the contract body and reads partial success: applied items, failed ones with the reason', async () => {
    const { stub, served } = await writeServer({ fails: new Set([102]) });
    const result = await clientOf(stub).write(agentCall('POST', [101, 102, 103]));
    expect(served[0]?.path).toBe('/agents/1001/skills');
    expect(served[0]?.body).toEqual({ skills: [101, 102, 103].map((skillId) => ({ skillId, proficiency: 4, isActive: true })) });
    expect(result).toEqual({
      etag: undefined,
      items: [
        { agentId: 1001, skillId: 101, outcome: 'applied' },
        { agentId: 1001, skillId: 102, outcome: 'failed', error: 'item 102 refused' },
        { agentId: 1001, skillId: 103, outcome: 'applied' },
      ],
    });
  });

  it('takes an item the reply leaves out for unknown', async () => {
    const { stub } = await writeServer({ omitLast: true });
    const result = await clientOf(stub).write(agentCall('PUT', [101, 102]));
    expect(result.items.map((i) => i.outcome)).toEqual(['applied', 'unknown']);
  });

  it('reads the published per-agent reply (errorCount as a string, ids as strings)', async () => {
    const stub = await startStub((_req, res) => json(res, 200, fixture('write-agent-reply')));
    const result = await clientOf(stub).write(agentCall('POST', [101, 102, 103, 104]));
    expect(result.items).toEqual([
      { agentId: 1001, skillId: 101, outcome: 'applied' },
      { agentId: 1001, skillId: 102, outcome: 'failed', error: 'skill is inactive: cannot add' },
      { agentId: 1001, skillId: 103, outcome: 'failed', error: 'already assigned' },
      { agentId: 1001, skillId: 104, outcome: 'unknown' },
    ]);
  });

  it('writes per skill with agents items; a DELETE carries only the ids', async () => {
    const { stub, served } = await writeServer({ fails: new Set([1002]) });
    const result = await clientOf(stub).write({ method: 'DELETE', target: 'skill', id: 301, items: [{ agentId: 1001, skillId: 301 }, { agentId: 1002, skillId: 301 }] });
    expect(served[0]).toMatchObject({ path: '/skills/301/agents', body: { agents: [{ agentId: 1001 }, { agentId: 1002 }] } });
    expect(result.items.map((i) => i.outcome)).toEqual(['applied', 'failed']);
  });

  it('refuses a PUT item without both values before anything is sent (a bug of the caller, not an API error)', async () => {
    const { stub, served } = await writeServer();
    const error = await failure(clientOf(stub).write({ method: 'PUT', target: 'agent', id: 1001, items: [{ agentId: 1001, skillId: 101, proficiency: 3 }] }));
    expect(error).not.toBeInstanceOf(CxoneError);
    expect(error.message).toBe('PUT item 1001×101 must carry both proficiency and active');
    expect(served).toEqual([]);
  });

  it('throws a whole-body 400 as a refusal that changed nothing, with the API error text', async () => {
    const stub = await startStub((_req, res) => json(res, 400, fixture('error-description-camel')));
    const error = await failure(clientOf(stub).write(agentCall('POST', [101])));
    expect(error).toMatchObject({ code: 'CXONE_HTTP_ERROR', outcome: 'not-applied', status: 400 });
    expect(error.message).toContain('POST /agents/1001/skills → 400: InvalidBody: skills must be an array');
  });

  it('sends If-Match only when given one', async () => {
    const { stub, served } = await writeServer();
    const client = clientOf(stub);
    await client.write(agentCall('PUT', [101]));
    await client.write(agentCall('PUT', [101]), '"5"');
    expect(served.map((s) => s.ifMatch)).toEqual([undefined, '"5"']);
  });
});

describe('the item limit, learned from the server', () => {
  it('halves the chunk on "too many", keeps the working size for the life of the client, and merges results in order', async () => {
    const { stub, served } = await writeServer({ maxItems: 30, fails: new Set([150]) });
    const client = clientOf(stub);
    const skills = Array.from({ length: 100 }, (_, i) => 100 + i);
    const result = await client.write(agentCall('POST', skills));
    expect(served.map((s) => s.items)).toEqual([100, 50, 25, 25, 25, 25]);
    expect(client.itemLimit).toBe(25);
    expect(result.items.map((i) => i.skillId)).toEqual(skills);
    expect(result.items.filter((i) => i.outcome !== 'applied')).toEqual([{ agentId: 1001, skillId: 150, outcome: 'failed', error: 'item 150 refused' }]);
    served.length = 0;
    await client.write(agentCall('PUT', skills.slice(0, 60)));
    expect(served.map((s) => s.items)).toEqual([25, 25, 10]);
  });

  it('starts from maxItems and stops halving at 1, then throws the refusal', async () => {
    const { stub, served } = await writeServer({ maxItems: 0 });
    const error = await failure(clientOf(stub, { maxItems: 4 }).write(agentCall('POST', [1, 2, 3, 4])));
    expect(served.map((s) => s.items)).toEqual([4, 2, 1]);
    expect(error).toMatchObject({ code: 'CXONE_HTTP_ERROR', status: 400, outcome: 'not-applied' });
    expect(error.message).toContain('TooManyItems: too many items');
  });

  it('keeps what earlier chunks did when a later one fails: unknown for a chunk that may have happened, failed for items never sent', async () => {
    let calls = 0;
    const stub = await startStub((_req, res, raw) => {
      if (++calls === 2) return res.writeHead(503, { 'content-type': 'text/html' }).end('<html>busy</html>');
      const skills = (JSON.parse(raw) as { skills: Array<{ skillId: number }> }).skills;
      json(res, 200, { resultSet: { errorCount: 0, skillResults: skills.map((s) => ({ skillId: s.skillId, success: true })) } });
    });
    const result = await clientOf(stub, { maxItems: 2 }).write(agentCall('POST', [1, 2, 3, 4, 5]));
    expect(result.items.map((i) => i.outcome)).toEqual(['applied', 'applied', 'unknown', 'unknown', 'failed']);
    expect(result.items[4]?.error).toMatch(/^not sent: an earlier part of this write failed \(POST \/agents\/1001\/skills → 503: server error/);
    expect(calls).toBe(2);
  });
});

describe('upsert: POST /agents/skills', () => {
  const items = (agentIds: number[], skillIds: number[], proficiency = 5, active = true): WriteItem[] =>
    agentIds.flatMap((agentId) => skillIds.map((skillId) => ({ agentId, skillId, proficiency, active })));

  it('groups skills with the same values into one item and agents with the same skills into one entry', () => {
    const { entries } = groupUpsert([...items([1, 2], [102, 101]), ...items([3], [101, 102]), ...items([4], [101]), ...items([4], [103], 2, false)]);
    expect(entries).toEqual([
      { agentIds: [1, 2, 3], skills: [{ skillIds: [101, 102], proficiency: 5, isActive: true }] },
      { agentIds: [4], skills: [{ skillIds: [103], proficiency: 2, isActive: false }, { skillIds: [101], proficiency: 5, isActive: true }] },
    ]);
    expect(pairsOf(entries)).toBe(8);
  });

  it('sends compact entries and answers in the order of the items given', async () => {
    const { stub, served } = await writeServer({ fails: new Set([102]) });
    const given = [...items([7], [101]), ...items([5, 6], [102, 101])];
    const result = await clientOf(stub).upsert(given);
    expect(served).toHaveLength(1);
    expect(served[0]?.body).toEqual({ agentAndSkillDetails: [{ agentIds: [7], skills: [{ skillIds: [101], proficiency: 5, isActive: true }] }, { agentIds: [5, 6], skills: [{ skillIds: [101, 102], proficiency: 5, isActive: true }] }] });
    expect(result.items).toEqual([
      { agentId: 7, skillId: 101, outcome: 'applied' },
      { agentId: 5, skillId: 102, outcome: 'failed', error: 'item 102 refused' },
      { agentId: 5, skillId: 101, outcome: 'applied' },
      { agentId: 6, skillId: 102, outcome: 'failed', error: 'item 102 refused' },
      { agentId: 6, skillId: 101, outcome: 'applied' },
    ]);
  });

  it('counts pairs against the item limit, and halves it on "too many"', async () => {
    const { stub, served } = await writeServer({ maxItems: 5 });
    const client = clientOf(stub, { maxItems: 12 });
    const result = await client.upsert(items([1, 2, 3, 4, 5], [101, 102]));
    expect(served.map((s) => s.items)).toEqual([10, 5, 5]);
    expect(served.slice(1).map((s) => pairsOf((s.body as { agentAndSkillDetails: UpsertEntry[] }).agentAndSkillDetails))).toEqual([5, 5]);
    expect(client.itemLimit).toBe(5);
    expect(result.items.every((i) => i.outcome === 'applied')).toBe(true);
    expect(result.items).toHaveLength(10);
  });

  it('takes a missing pair in the reply for unknown', async () => {
    const { stub } = await writeServer({ omitLast: true });
    const result = await clientOf(stub).upsert(items([1], [101, 102]));
    expect(result.items.map((i) => i.outcome)).toEqual(['applied', 'unknown']);
  });

  it.each([404, 405])('throws CXONE_UPSERT_UNSUPPORTED when the server answers %i for the route', async (status) => {
    const stub = await startStub((_req, res) => json(res, status, { error: 'NotFound' }));
    const error = await failure(clientOf(stub).upsert(items([1], [101])));
    expect(error).toMatchObject({ code: 'CXONE_UPSERT_UNSUPPORTED', status, outcome: 'not-applied' });
    expect(error.message).toContain('POST /agents/skills');
  });

  it('refuses an item without both values', async () => {
    const { stub, served } = await writeServer();
    await expect(clientOf(stub).upsert([{ agentId: 1, skillId: 101, proficiency: 3 }])).rejects.toThrow('upsert item 1×101 must carry both proficiency and active');
    expect(served).toEqual([]);
  });
});

describe('probe', () => {
  it('makes one GET and answers any status with its headers and body, the token blanked out', async () => {
    const stub = await startStub((req, res) =>
      req.headers.accept === 'application/json' ? res.writeHead(406, { 'content-type': 'text/html', 'x-seen': String(req.headers.authorization) }).end(`<html><body>No known way to render data ${TOKEN}</body></html>`) : json(res, 200, {}),
    );
    const probe = await clientOf(stub).probe('/agents', { top: '1000', skip: '0' });
    expect(probe.status).toBe(406);
    expect(probe.text).toBe('<html><body>No known way to render data ***</body></html>');
    expect(probe.body).toBeUndefined();
    expect(probe.headers['content-type']).toBe('text/html');
    expect(probe.headers['x-seen']).toBe('Bearer ***');
    expect(probe.ms).toBeGreaterThanOrEqual(0);
    expect(stub.requests.at(-1)?.url).toBe('/api/agents?top=1000&skip=0');
    expect(stub.seen).toEqual(['GET /agents']);
  });

  it('parses a JSON body', async () => {
    const stub = await startStub((_req, res) => json(res, 200, { totalRecords: 1, agents: [{ agentId: 1 }] }, { etag: '"1"' }));
    const probe = await clientOf(stub).probe('/agents');
    expect(probe).toMatchObject({ status: 200, body: { totalRecords: 1, agents: [{ agentId: 1 }] }, headers: { etag: '"1"' } });
  });
});
