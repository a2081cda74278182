import { describe, expect, it } from 'vitest';
import { Api, call, start, token, tokenRequest } from './helpers.js';

describe('token endpoint', () => {
  it('issues a bearer token for the right client and access key', async () => {
    const emulator = await start();
    const answer = await tokenRequest(emulator);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const { access_token } = answer.json as { access_token: string };
    expect(access_token.length).toBeGreaterThanOrEqual(24);
    expect(access_token).not.toBe(await token(emulator));
    expect(emulator.stats().tokensIssued).toBe(2);
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
    const demo = await tokenRequest(emulator, { basic: Buffer.from('cxskills-demo:demo-client-secret').toString('base64') });
    expect(demo.status).toBe(401);
  });
});

describe('bearer tokens on the API', () => {
  it('answers 401 without a token or with an unknown one', async () => {
    const emulator = await start();
    const none = await call(`${emulator.apiBase}/skills`);
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ error: 'invalid_token' });
    const unknown = await call(`${emulator.apiBase}/skills`, { headers: { authorization: 'Bearer made-up' } });
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
