import { describe, expect, it } from 'vitest';
import { createRetry } from '../../src/cxone/policy/retry.js';
import { ACCESS_KEY, ACCESS_KEY_PATH, CLAIMS, CREDENTIALS, DISCOVERY_PATH, TOKEN, clientOf, failure, json, jwt, startStub } from './stub.js';

const EMPTY = { totalRecords: 0, agents: [], skills: [], agentSkillAssignments: [] };
const WRITE = { method: 'POST' as const, target: 'agent' as const, id: 1001, items: [{ agentId: 1001, skillId: 101, proficiency: 3, active: true }] };

describe('tokens by either grant', () => {
  it('takes the access-key grant without a client id: JSON to the access-key endpoint, no Basic', async () => {
    const stub = await startStub((_req, res) => json(res, 200, EMPTY));
    await clientOf(stub, {}, { ...stub.accessKeyConfig, apiBase: `${stub.origin}/api` }).listAgents();
    const token = stub.requests.find((r) => r.url === ACCESS_KEY_PATH);
    expect(token?.method).toBe('POST');
    expect(token?.headers['content-type']).toBe('application/json');
    expect(token?.headers.authorization).toBeUndefined();
    expect(JSON.parse(token?.body ?? '')).toEqual(ACCESS_KEY);
    expect(stub.seen).toEqual(['GET /agents']);
  });

  it('takes the registered-app grant with a client id: the password form with HTTP Basic of the app', async () => {
    const stub = await startStub((_req, res) => json(res, 200, EMPTY));
    await clientOf(stub).listAgents();
    const token = stub.requests.find((r) => r.url === '/auth/token');
    expect(token?.headers.authorization).toBe(`Basic ${Buffer.from(`${CREDENTIALS.clientId}:${CREDENTIALS.clientSecret}`).toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(token?.body))).toEqual({ grant_type: 'password', username: CREDENTIALS.accessKeyId, password: CREDENTIALS.accessKeySecret });
  });

  it('says which step failed and what to set when the access key is refused', async () => {
    const stub = await startStub(
      () => undefined,
      (_req, res) => json(res, 401, { error: 'invalid_grant', error_description: 'bad key' }),
    );
    const error = await failure(clientOf(stub, {}, stub.accessKeyConfig).listAgents());
    expect(error.code).toBe('CXONE_AUTH_FAILED');
    expect(error.message).toContain(`POST ${ACCESS_KEY_PATH} → 401: token: authentication failed (access-key grant): check CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET`);
    expect(error.message).toContain('invalid_grant');
  });

  it('points at CXONE_AUTH_URL when there is no token endpoint at that URL', async () => {
    const stub = await startStub(
      () => undefined,
      (_req, res) => json(res, 404, { error: 'NotFound' }),
    );
    const error = await failure(clientOf(stub).listAgents());
    expect(error.message).toContain('token: no token endpoint at this URL (registered-app grant): check CXONE_AUTH_URL');
  });
});

describe('discovery of the API base', () => {
  it('discovers the base from the id_token tenant after the first token, and reports the connection', async () => {
    const stub = await startStub((_req, res) => json(res, 200, EMPTY));
    const client = clientOf(stub, {}, stub.accessKeyConfig);
    await expect(client.listSkills()).resolves.toEqual([]);
    expect(stub.requests.map((r) => `${r.method} ${r.url.replace(/\?.*$/, '')}`)).toEqual([`POST ${ACCESS_KEY_PATH}`, `GET ${DISCOVERY_PATH}`, 'GET /incontactapi/services/v31.0/skills']);
    expect(stub.requests[1]?.url).toBe(`${DISCOVERY_PATH}?tenantId=${CLAIMS.tenantId}`);
    expect(stub.requests[1]?.headers.authorization).toBeUndefined();
    // Exactly these fields: no other claim of the token is kept.
    await expect(client.connection()).resolves.toEqual({
      grant: 'access-key',
      apiBase: `${stub.origin}/incontactapi/services/v31.0`,
      discovered: true,
      fallback: false,
      tenantId: CLAIMS.tenantId,
      businessUnit: CLAIMS.icBUId,
      cluster: CLAIMS.icClusterId,
    });
  });

  it('shares one discovery among the first calls made at the same time, and uses CXONE_API_VERSION', async () => {
    const stub = await startStub((_req, res) => json(res, 200, EMPTY));
    await clientOf(stub, {}, { ...stub.accessKeyConfig, apiVersion: 'v33.0' }).readLive();
    expect(stub.requests.filter((r) => r.url.startsWith(DISCOVERY_PATH))).toHaveLength(1);
    expect(stub.requests.filter((r) => r.url.startsWith('/incontactapi/services/v33.0/'))).toHaveLength(3);
  });

  it('reads the tenant from the access token when the id_token lacks it', async () => {
    const stub = await startStub(
      (_req, res) => json(res, 200, EMPTY),
      (_req, res) => json(res, 200, { access_token: jwt(CLAIMS), token_type: 'Bearer', expires_in: 3600, id_token: jwt({ icBUId: 1 }) }),
    );
    const connection = await clientOf(stub, {}, stub.accessKeyConfig).connection();
    expect(connection).toMatchObject({ discovered: true, fallback: false, tenantId: CLAIMS.tenantId, businessUnit: 1, cluster: 'C32' });
  });

  it('skips discovery when the API base is set', async () => {
    const stub = await startStub((_req, res) => json(res, 200, EMPTY));
    const connection = await clientOf(stub).connection();
    expect(connection).toEqual({ grant: 'registered-app', apiBase: `${stub.origin}/api`, discovered: false, fallback: false, tenantId: CLAIMS.tenantId, businessUnit: CLAIMS.icBUId, cluster: 'C32' });
    expect(stub.requests.some((r) => r.url.startsWith(DISCOVERY_PATH))).toBe(false);
  });

  it("falls back on the token's cluster when discovery fails, and says so", async () => {
    const notices: string[] = [];
    const stub = await startStub(
      () => undefined,
      undefined,
      { discovery: (_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<html>no</html>') },
    );
    const connection = await clientOf(stub, { onNotice: (m) => notices.push(m) }, stub.accessKeyConfig).connection();
    expect(connection).toMatchObject({ apiBase: 'https://api-c32.nice-incontact.com/incontactapi/services/v31.0', discovered: true, fallback: true });
    expect(notices).toEqual([
      `discovery: GET ${DISCOVERY_PATH} answered 404; using https://api-c32.nice-incontact.com/incontactapi/services/v31.0, derived from the token's cluster C32 (set CXONE_API_BASE to skip discovery, or to choose another base)`,
    ]);
  });

  it.each([
    ['discovery answers 404', CLAIMS, [404, '{"error": "NotFound", "error_description": "unknown tenant"}'], `discovery: GET ${DISCOVERY_PATH} answered 404`],
    ['the token has no tenantId', {}, undefined, 'discovery: the token carries no tenantId claim'],
    ['the answer is not JSON', CLAIMS, [200, '<html>maintenance</html>'], 'discovery: the discovery answer is not JSON'],
    ['the answer has no api_endpoint', CLAIMS, [200, '{"area": "na1"}'], 'discovery: the discovery answer has no api_endpoint'],
    ['the endpoint is plain http on a public host', CLAIMS, [200, '{"api_endpoint": "http://api-c32.nice-incontact.com"}'], 'the discovered api_endpoint must use https://'],
  ] as const)('fails with CXONE_DISCOVERY_FAILED naming the step when %s and the token names no cluster', async (_name, claims, answer, step) => {
    const noCluster = Object.fromEntries(Object.entries(claims).filter(([k]) => k !== 'icClusterId'));
    const stub = await startStub(() => undefined, undefined, {
      claims: noCluster,
      ...(answer === undefined ? {} : { discovery: (_req, res) => res.writeHead(answer[0], { 'content-type': 'application/json' }).end(answer[1]) }),
    });
    const error = await failure(clientOf(stub, {}, stub.accessKeyConfig).listAgents());
    expect(error.code).toBe('CXONE_DISCOVERY_FAILED');
    expect(error.message).toContain(step);
    expect(error.message).toContain('set CXONE_API_BASE to skip discovery');
    expect(stub.seen).toEqual([]);
  });

  it('takes a failed discovery call (connection refused) for a failed step too', async () => {
    const stub = await startStub(() => undefined, undefined, { claims: { tenantId: CLAIMS.tenantId } });
    const error = await failure(clientOf(stub, {}, { ...stub.accessKeyConfig, discoveryUrl: 'http://127.0.0.1:9/.well-known/cxone-configuration' }).listAgents());
    expect(error.code).toBe('CXONE_DISCOVERY_FAILED');
    expect(error.message).toMatch(/discovery: GET \/\.well-known\/cxone-configuration failed \(CXONE_NETWORK: .*ECONNREFUSED/);
  });
});

describe('Accept: application/json', () => {
  it('is sent on every request: both token calls, discovery, reads and writes', async () => {
    const stub = await startStub((req, res) =>
      req.method === 'GET' ? json(res, 200, EMPTY) : json(res, 200, { resultSet: { errorCount: 0, skillResults: [{ skillId: 101, success: true }] } }),
    );
    const accessKey = clientOf(stub, {}, stub.accessKeyConfig);
    await accessKey.readLive();
    await expect(accessKey.write(WRITE)).resolves.toEqual({ etag: undefined, items: [{ agentId: 1001, skillId: 101, outcome: 'applied' }] });
    await clientOf(stub).getAgentSkills(1001);
    const kinds = new Set(stub.requests.map((r) => r.url.replace(/\?.*$/, '')));
    expect(kinds).toEqual(
      new Set([ACCESS_KEY_PATH, DISCOVERY_PATH, '/incontactapi/services/v31.0/agents', '/incontactapi/services/v31.0/skills', '/incontactapi/services/v31.0/agents/skills', '/incontactapi/services/v31.0/agents/1001/skills', '/auth/token', '/api/agents/1001/skills']),
    );
    expect(stub.requests.filter((r) => r.headers.accept !== 'application/json')).toEqual([]);
    expect(stub.requests.filter((r) => r.headers.authorization?.startsWith('Bearer ')).every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });
});

describe('discovery under faults', () => {
  it('repeats a discovery answered 503 under the retry policy, then uses the base it gives', async () => {
    let calls = 0;
    const stub = await startStub((_req, res) => json(res, 200, EMPTY), undefined, {
      discovery: (_req, res) => (++calls === 1 ? res.writeHead(503, { 'content-type': 'text/html' }).end('<html>busy</html>') : json(res, 200, { api_endpoint: stub.origin })),
    });
    const policy = { throttle: <T>(fn: () => Promise<T>) => fn(), retry: createRetry({ minTimeoutMs: 10, maxTimeoutMs: 20 }) };
    const client = clientOf(stub, { policy }, stub.accessKeyConfig);
    await expect(client.listAgents()).resolves.toEqual([]);
    expect(calls).toBe(2);
    await expect(client.connection()).resolves.toMatchObject({ fallback: false, apiBase: `${stub.origin}/incontactapi/services/v31.0` });
  });

  it('names the 5xx in the notice when it falls back without retrying', async () => {
    const notices: string[] = [];
    const stub = await startStub(() => undefined, undefined, { discovery: (_req, res) => res.writeHead(502).end('bad gateway') });
    await clientOf(stub, { onNotice: (m) => notices.push(m) }, stub.accessKeyConfig).connection();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^discovery: GET \/\.well-known\/cxone-configuration failed \(CXONE_SERVER_ERROR: .*→ 502: server error/);
  });
});
