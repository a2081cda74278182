import { describe, expect, it } from 'vitest';
import { createRetry } from '../../src/cxone/policy/retry.js';
import { clientOf, failure, json, startStub } from './stub.js';

const PLAN_CALL = { method: 'POST' as const, target: 'agent' as const, id: 1001, items: [{ agentId: 1001, skillId: 101, proficiency: 3, active: true }] };
const ASSIGNMENT = { agentId: 1001, skillId: 101, agentProficiencyValue: 3, isActive: true };

describe('malformed answers from the API: a clear error naming the call, never a crash or a guess', () => {
  it('refuses a 200 whose body is not JSON, naming method, path, status and an excerpt', async () => {
    const stub = await startStub((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>'));
    const error = await failure(clientOf(stub).listAgents());
    expect(error.code).toBe('CXONE_BAD_RESPONSE');
    expect(error.message).toContain('GET /agents → 200');
    expect(error.message).toContain('not JSON');
    expect(error.message).toContain('<html>maintenance</html>');
  });

  it('refuses a 200 read with an empty body instead of taking it for an empty page (only 204 means empty)', async () => {
    const stub = await startStub((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end());
    const error = await failure(clientOf(stub).listAssignments());
    expect(error.code).toBe('CXONE_BAD_RESPONSE');
    expect(error.message).toContain('GET /agents/skills → 200');
  });

  it('refuses a page that lacks its list instead of reading it as "no assignments"', async () => {
    const stub = await startStub((_req, res) => json(res, 200, { totalRecords: 3 }));
    const error = await failure(clientOf(stub).listAssignments());
    expect(error.code).toBe('CXONE_BAD_RESPONSE');
    expect(error.message).toMatch(/GET \/agents\/skills: malformed response: agentSkillAssignments is missing/);
  });

  it('still reads a page without its list when totalRecords says 0', async () => {
    const stub = await startStub((_req, res) => json(res, 200, { totalRecords: 0 }));
    await expect(clientOf(stub).listAssignments()).resolves.toEqual([]);
  });

  it.each([
    ['a missing skillId', { agentId: 1001, agentProficiencyValue: 3 }, /assignment\.skillId is not an integer id \(got undefined\)/],
    ['a proficiency of the wrong type', { ...ASSIGNMENT, agentProficiencyValue: 'high' }, /agentProficiencyValue is not an integer 1\.\.20 \(got "high"\)/],
    ['a proficiency out of range', { ...ASSIGNMENT, agentProficiencyValue: 0 }, /agentProficiencyValue is not an integer 1\.\.20 \(got 0\)/],
    ['a non-boolean isActive', { ...ASSIGNMENT, isActive: 'yes' }, /assignment\.isActive is not a boolean \(got "yes"\)/],
    ['an item that is not an object', 42, /assignment is not an object/],
  ])('refuses an assignment with %s', async (_name, item, message) => {
    const stub = await startStub((_req, res) => json(res, 200, { totalRecords: 1, agentSkillAssignments: [item] }));
    const error = await failure(clientOf(stub).listAssignments());
    expect(error.code).toBe('CXONE_BAD_RESPONSE');
    expect(error.message).toContain('GET /agents/skills');
    expect(error.message).toMatch(message);
  });

  it('refuses a list of the wrong type', async () => {
    const stub = await startStub((_req, res) => json(res, 200, { totalRecords: 1, agents: { agentId: 1 } }));
    expect((await failure(clientOf(stub).listAgents())).message).toContain('agents is not an array');
  });

  it('reports a truncated body (connection closed mid-body) as a network error on that call', async () => {
    const stub = await startStub((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"totalRecords": 1, "agentSkillAssignments": [{"agentId": 10');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const error = await failure(clientOf(stub).listAssignments());
    expect(error.code).toBe('CXONE_NETWORK');
    expect(error.message).toContain('GET /agents/skills → 200');
  });

  it('retries a read whose body was truncated once, and returns the full answer', async () => {
    let calls = 0;
    const stub = await startStub((_req, res) => {
      if (calls++ === 0) {
        res.writeHead(200, { 'content-length': '500' }).write('{"agentSkillAssignments": [');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      json(res, 200, { totalRecords: 1, agentSkillAssignments: [ASSIGNMENT] });
    });
    const policy = { throttle: <T>(fn: () => Promise<T>) => fn(), retry: createRetry({ minTimeoutMs: 10, maxTimeoutMs: 20 }) };
    await expect(clientOf(stub, { policy }).listAssignments()).resolves.toEqual([{ agentId: 1001, skillId: 101, proficiency: 3, active: true }]);
    expect(calls).toBe(2);
  });

  it('reports an HTML 502 from a gateway with a short excerpt, and an unknown outcome for a write', async () => {
    const stub = await startStub((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>'));
    const error = await failure(clientOf(stub).write(PLAN_CALL));
    expect(error.code).toBe('CXONE_SERVER_ERROR');
    expect(error.outcome).toBe('unknown');
    expect(error.message).toContain('POST /agents/1001/skills → 502');
    expect(error.message).toContain('502 Bad Gateway');
  });

  it('takes a write answered 200 with a garbled body for "maybe applied" (every item unknown: re-read), not for refused', async () => {
    for (const body of ['{"resultSet": "oops"}', '{"resultSet": {"skillResults": [{"skillId": "x", "success": true}]}}', '{"agentSkillAssignments": []}', 'not json at all']) {
      const stub = await startStub((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
      await expect(clientOf(stub).write(PLAN_CALL)).resolves.toEqual({ etag: undefined, items: [{ agentId: 1001, skillId: 101, outcome: 'unknown' }] });
    }
  });

  it('takes a write answered 200 with no body at all for "maybe applied" too (no per-item results to trust)', async () => {
    const stub = await startStub((_req, res) => res.writeHead(200, { etag: '"4"' }).end());
    await expect(clientOf(stub).write(PLAN_CALL)).resolves.toEqual({ etag: '"4"', items: [{ agentId: 1001, skillId: 101, outcome: 'unknown' }] });
  });
});

describe('paging that never ends', () => {
  it('refuses pages that repeat (a server ignoring skip) instead of reading forever', async () => {
    const stub = await startStub((_req, res) => json(res, 200, { agents: [{ agentId: 1, userName: 'a' }, { agentId: 2, userName: 'b' }] }));
    const error = await failure(clientOf(stub, { pageSize: 2 }).listAgents());
    expect(error.code).toBe('CXONE_BAD_RESPONSE');
    expect(error.message).toContain('GET /agents: malformed response: the page at skip=2 repeats the page at skip=0');
    expect(stub.seen).toHaveLength(2);
  });

  it('refuses repeated pages when the total is known too (they would read as duplicates)', async () => {
    const stub = await startStub((_req, res) => json(res, 200, { totalRecords: 6, agents: [{ agentId: 1, userName: 'a' }, { agentId: 2, userName: 'b' }] }));
    const error = await failure(clientOf(stub, { pageSize: 2 }).listAgents());
    expect(error.message).toMatch(/repeats the page at skip=0/);
  });

  it('stops reading an endless body at the size limit instead of growing the process, with a clear error', async () => {
    let sent = 0;
    const stub = await startStub((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"agents": [');
      const chunk = `${'{"agentId": 1, "userName": "x"},'.repeat(1000)}`;
      const pump = () => {
        // Endless, until the client hangs up.
        while (!res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) break;
        }
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => undefined);
      pump();
    });
    const before = process.memoryUsage().rss;
    const error = await failure(clientOf(stub, { maxBodyBytes: 2 * 1024 * 1024 }).listAgents());
    expect(error.code).toBe('CXONE_BAD_RESPONSE');
    expect(error.message).toContain('GET /agents → 200: response body is larger than 2 MiB: stopped reading it');
    expect(sent).toBeGreaterThan(2 * 1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });
});
