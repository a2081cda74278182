import { describe, expect, it } from 'vitest';
import { json, startStub, clientOf, TOKEN } from './stub.js';

const PAGE = { totalRecords: 0 };

describe('access tokens', () => {
  it('shares one token call among calls made at the same time', async () => {
    let tokenCalls = 0;
    const stub = await startStub(
      (_req, res) => json(res, 200, { ...PAGE, agents: [], skills: [], agentSkillAssignments: [] }),
      (_req, res) => {
        tokenCalls++;
        setTimeout(() => json(res, 200, { access_token: TOKEN, expires_in: 3600 }), 20);
      },
    );
    await clientOf(stub).readLive();
    expect(stub.seen).toHaveLength(3);
    expect(tokenCalls).toBe(1);
  });

  it('fetches one new token when the API says 401, and repeats the call with it', async () => {
    let tokenCalls = 0;
    const stub = await startStub(
      (req, res) => (req.headers.authorization === 'Bearer second' ? json(res, 200, { ...PAGE, agents: [] }) : json(res, 401, { error: 'invalid_token' })),
      (_req, res) => json(res, 200, { access_token: ++tokenCalls === 1 ? 'first' : 'second', expires_in: 3600 }),
    );
    await expect(clientOf(stub).listAgents()).resolves.toEqual([]);
    expect(tokenCalls).toBe(2);
    expect(stub.seen).toEqual(['GET /agents', 'GET /agents']);
  });
});
