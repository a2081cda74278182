import { describe, expect, it } from 'vitest';
import { BUSINESS_UNIT_ID, DEFAULT_TENANT_ID, decodeJwtPayload } from '../../src/emulator/index.js';
import { accessKeyRequest, Api, call, start, token, tokenRequest } from './helpers.js';

interface TokenAnswer {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
  id_token: string;
}

describe('access-key token endpoint (POST /authentication/v1/token/access-key)', () => {
  it('issues JWT access and id tokens with the tenant claims, and a refresh token', async () => {
    const emulator = await start();
    const answer = await accessKeyRequest(emulator);
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    const body = answer.json as TokenAnswer;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, refresh_token: expect.any(String) });
    expect(body.access_token.split('.')).toHaveLength(3);
    const claims = { tenantId: DEFAULT_TENANT_ID, icBUId: BUSINESS_UNIT_ID, icClusterId: 'C32' };
    const access = decodeJwtPayload(body.access_token);
    expect(access).toMatchObject({ ...claims, jti: expect.any(String) });
    expect((access?.exp as number) - (access?.iat as number)).toBe(3600);
    expect(decodeJwtPayload(body.id_token)).toMatchObject(claims);
    expect(body.access_token).not.toBe(await token(emulator));
    expect(emulator.stats()).toMatchObject({ tokensIssued: 2, tokenRequests: 2 });
  });

  it('puts the configured tenantId and cluster in the claims', async () => {
    const emulator = await start({ tenantId: 'tenant-42', cluster: 'B7' });
    expect(emulator.tenantId).toBe('tenant-42');
    const body = (await accessKeyRequest(emulator)).json as TokenAnswer;
    expect(decodeJwtPayload(body.id_token)).toMatchObject({ tenantId: 'tenant-42', icClusterId: 'B7' });
  });

  it('answers 401 invalid_grant for a wrong key and 400 for a body that is not JSON or lacks a field', async () => {
    const emulator = await start();
    const wrong = await accessKeyRequest(emulator, { accessKeyId: 'demo-access-key', accessKeySecret: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ error: 'invalid_grant', error_description: 'access key id or secret is wrong' });
    const notJson = await accessKeyRequest(emulator, 'accessKeyId=demo-access-key');
    expect(notJson.status).toBe(400);
    expect(notJson.json).toMatchObject({ error: 'invalid_request' });
    const missing = await accessKeyRequest(emulator, { accessKeyId: 'demo-access-key' });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({ error: 'invalid_request', error_description: 'accessKeyId and accessKeySecret are required strings' });
    expect(emulator.stats().tokensIssued).toBe(0);
  });
});

describe('registered-app token endpoint (POST /auth/token)', () => {
  it('issues the same JWT-shaped answer for the right client and access key', async () => {
    const emulator = await start();
    const answer = await tokenRequest(emulator);
    expect(answer.status).toBe(200);
    const body = answer.json as TokenAnswer;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, refresh_token: expect.any(String) });
    expect(decodeJwtPayload(body.access_token)).toMatchObject({ tenantId: DEFAULT_TENANT_ID, icClusterId: 'C32' });
    expect(decodeJwtPayload(body.id_token)).toMatchObject({ tenantId: DEFAULT_TENANT_ID });
    expect((await new Api(emulator, body.access_token).get('/skills')).status).toBe(200);
  });

  it('answers 401 invalid_client for a wrong client secret and 400 invalid_grant for a wrong access key', async () => {
    const emulator = await start();
    const wrongClient = await tokenRequest(emulator, { basic: Buffer.from('cxskills-demo:nope').toString('base64') });
    expect(wrongClient.status).toBe(401);
    expect(wrongClient.json).toMatchObject({ error: 'invalid_client' });
    const wrongKey = await tokenRequest(emulator, { body: 'grant_type=password&username=demo-access-key&password=wrong' });
    expect(wrongKey.status).toBe(400);
    expect(wrongKey.json).toMatchObject({ error: 'invalid_grant' });
    const wrongGrant = await tokenRequest(emulator, { body: 'grant_type=client_credentials' });
    expect(wrongGrant.status).toBe(400);
    expect(wrongGrant.json).toMatchObject({ error: 'unsupported_grant_type' });
    const json = await tokenRequest(emulator, { contentType: 'application/json' });
    expect(json.status).toBe(400);
    expect(emulator.stats().tokensIssued).toBe(0);
  });

  it('uses the credentials it was given', async () => {
    const credentials = { clientId: 'c', clientSecret: 's', accessKeyId: 'k', accessKeySecret: 'ks' };
    const emulator = await start({ credentials });
    expect(emulator.credentials).toEqual(credentials);
    expect((await tokenRequest(emulator)).status).toBe(200);
    expect((await accessKeyRequest(emulator)).status).toBe(200);
    const demo = await tokenRequest(emulator, { basic: Buffer.from('cxskills-demo:demo-client-secret').toString('base64') });
    expect(demo.status).toBe(401);
  });
});

describe('discovery (GET /.well-known/cxone-configuration)', () => {
  it('answers the emulator as api_endpoint and auth_endpoint for its tenant, without auth', async () => {
    const emulator = await start({ cluster: 'C41' });
    const answer = await call(`${emulator.discoveryUrl}?tenantId=${emulator.tenantId}`);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ api_endpoint: emulator.origin, auth_endpoint: emulator.origin, area: 'na1', cluster: 'C41', domain: 'nice-incontact.com' });
    const upper = await call(`${emulator.discoveryUrl}?tenantId=${emulator.tenantId.toUpperCase()}`);
    expect(upper.status).toBe(200);
    expect(emulator.stats()).toMatchObject({ discoveryRequests: 2, calls: {}, tokenRequests: 0 });
  });

  it('leads to a working API base: {api_endpoint}/incontactapi/services/v31.0', async () => {
    const emulator = await start();
    const { api_endpoint } = (await call(`${emulator.discoveryUrl}?tenantId=${emulator.tenantId}`)).json as { api_endpoint: string };
    expect(`${api_endpoint}/incontactapi/services/v31.0`).toBe(emulator.apiBase);
    const bearer = await token(emulator);
    const answer = await call(`${api_endpoint}/inContactAPI/services/v31.0/skills?top=1`, { headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' } });
    expect(answer.status).toBe(200);
  });

  it('answers 404 JSON for a missing or unknown tenantId', async () => {
    const emulator = await start();
    const missing = await call(emulator.discoveryUrl);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'NotFound', error_description: 'tenantId is required' });
    const unknown = await call(`${emulator.discoveryUrl}?tenantId=someone-else`);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: 'NotFound', error_description: 'unknown tenant someone-else' });
    expect(emulator.stats().discoveryRequests).toBe(2);
  });
});

describe('bearer tokens on the API', () => {
  it('answers 401 without a token or with an unknown one', async () => {
    const emulator = await start();
    const none = await call(`${emulator.apiBase}/skills`, { headers: { accept: 'application/json' } });
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ error: 'invalid_token' });
    const unknown = await call(`${emulator.apiBase}/skills`, { headers: { authorization: 'Bearer made-up', accept: 'application/json' } });
    expect(unknown.status).toBe(401);
  });

  it('answers 401 once tokens are expired, and a fresh token works again', async () => {
    const emulator = await start();
    const api = await Api.connect(emulator);
    expect((await api.get('/skills')).status).toBe(200);
    emulator.expireTokens();
    expect((await api.get('/skills')).status).toBe(401);
    api.bearer = await token(emulator);
    expect((await api.get('/skills')).status).toBe(200);
  });

  it('expires a token after tokenTtlSeconds', async () => {
    const emulator = await start({ tokenTtlSeconds: 0.2 });
    const api = await Api.connect(emulator);
    expect((await api.get('/skills')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 250));
    expect((await api.get('/skills')).status).toBe(401);
  });
});

describe('Accept (requireAccept)', () => {
  it('answers 406 with the HTML error page when Accept is missing or does not admit JSON', async () => {
    const emulator = await start();
    const api = await Api.connect(emulator);
    for (const accept of [undefined, 'text/html', 'application/xml', 'application/json;q=0']) {
      const answer = await call(`${emulator.apiBase}/skills`, { headers: { authorization: `Bearer ${api.bearer}`, ...(accept ? { accept } : {}) } });
      expect(answer.status).toBe(406);
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.text).toBe('<html><body>No known way to render data</body></html>');
    }
    for (const accept of ['application/json', 'application/*', '*/*', 'text/html, application/json; charset=utf-8']) {
      expect((await api.get('/skills', { accept })).status).toBe(200);
    }
    expect(emulator.stats().status['406']).toBe(4);
  });

  it('serves requests without Accept when requireAccept is false', async () => {
    const emulator = await start({ requireAccept: false });
    const bearer = await token(emulator);
    expect((await call(`${emulator.apiBase}/skills`, { headers: { authorization: `Bearer ${bearer}` } })).status).toBe(200);
  });
});
