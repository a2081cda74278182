import { describe, expect, it } from 'vitest';
import { createRetry } from '../../src/cxone/policy/retry.js';
import { clientOf, failure, json, startStub } from './stub.js';

const RETRYING = { throttle: <T>(fn: () => Promise<T>) => fn(), retry: createRetry({ minTimeoutMs: 300, maxTimeoutMs: 5000 }) };

describe('reading the whole tenant', () => {
  it('stops the other reads at their next attempt when one fails for good, and throws that failure', async () => {
    const stub = await startStub((req, res) => {
      if (req.url?.startsWith('/api/skills')) return json(res, 401, { error: 'invalid_token' });
      if (req.url?.startsWith('/api/agents/skills')) return res.writeHead(503, { 'content-type': 'text/html' }).end('<html>busy</html>');
      json(res, 200, { totalRecords: 0, agents: [] });
    });
    const error = await failure(clientOf(stub, { policy: RETRYING }).readLive());
    expect(error.code).toBe('CXONE_UNAUTHORIZED');
    // Nothing is left retrying behind the error (the 503s would be retried five times, about 9 s of backoff).
    const seen = stub.seen.length;
    await new Promise((r) => setTimeout(r, 900));
    expect(stub.seen.length).toBe(seen);
    expect(stub.seen.filter((s) => s === 'GET /agents/skills').length).toBeLessThanOrEqual(2);
  });

  it('stops the other page readers of a list when one page fails', async () => {
    const stub = await startStub((req, res) => {
      const skip = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('skip'));
      if (skip === 2) return json(res, 404, { error: 'gone' });
      if (skip > 2) return res.writeHead(503).end('busy');
      json(res, 200, { totalRecords: 12, agents: [{ agentId: skip + 1, userName: `a${skip}` }, { agentId: skip + 2, userName: `b${skip}` }] });
    });
    const error = await failure(clientOf(stub, { policy: RETRYING, pageSize: 2, pageConcurrency: 2 }).listAgents());
    expect(error.code).toBe('CXONE_NOT_FOUND');
    const seen = stub.seen.length;
    await new Promise((r) => setTimeout(r, 900));
    expect(stub.seen.length).toBe(seen);
  });

  it('ends calls still waiting to retry once the client is closed', async () => {
    const stub = await startStub((_req, res) => res.writeHead(503).end('busy'));
    const client = clientOf(stub, { policy: RETRYING });
    const pending = failure(client.listSkills());
    await new Promise((r) => setTimeout(r, 50));
    await client.close();
    const started = Date.now();
    const error = await pending;
    expect(error.message).toContain('stopped');
    expect(error.code).toBe('CXONE_ABORTED');
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
