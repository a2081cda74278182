import { describe, expect, it } from 'vitest';
import { cxoneEnv, DEFAULT_TENANT_ID, DEMO_CREDENTIALS, startEmulator } from '../../src/emulator/index.js';
import { Api, call, smallTenant, start } from './helpers.js';

describe('startEmulator', () => {
  it('listens on loopback with the documented URLs, the demo tenant and the demo credentials by default', async () => {
    const emulator = await start();
    const origin = `http://127.0.0.1:${emulator.port}`;
    expect(emulator.origin).toBe(origin);
    expect(emulator.apiBase).toBe(`${origin}/incontactapi/services/v31.0`);
    expect(emulator.authUrl).toBe(`${origin}/auth/token`);
    expect(emulator.accessKeyUrl).toBe(`${origin}/authentication/v1/token/access-key`);
    expect(emulator.discoveryUrl).toBe(`${origin}/.well-known/cxone-configuration`);
    expect(emulator.controlUrl).toBe(`${origin}/__emulator`);
    expect(emulator.tenantId).toBe(DEFAULT_TENANT_ID);
    expect(emulator.credentials).toEqual(DEMO_CREDENTIALS);
    expect(emulator.tenant.counts).toEqual({ agents: 40, skills: 16, assignments: 160 });
  });

  it('applies the default rate limit of 10/s with a burst of 20 when none is given', async () => {
    const emulator = await startEmulator();
    try {
      const api = await Api.connect(emulator);
      const started = performance.now();
      const statuses = await Promise.all(Array.from({ length: 30 }, () => api.get('/skills?top=1').then((a) => a.status)));
      const elapsedS = (performance.now() - started) / 1000;
      // The burst of 20, plus what 10/s refilled while the requests were arriving (a loaded machine is slower).
      const ok = statuses.filter((s) => s === 200).length;
      expect(ok).toBeGreaterThanOrEqual(20);
      expect(ok).toBeLessThanOrEqual(20 + Math.ceil(elapsedS * 10));
      expect(statuses.filter((s) => s === 429)).toHaveLength(30 - ok);
    } finally {
      await emulator.close();
    }
  });

  it('refuses a host that is not loopback and bad option values', async () => {
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow('emulator host must be a loopback address (127.0.0.0/8, ::1 or localhost), got "0.0.0.0"');
    await expect(startEmulator({ host: '10.0.0.1' })).rejects.toThrow('loopback');
    await expect(startEmulator({ maxItems: 0 })).rejects.toThrow('maxItems must be an integer >= 1, got 0');
    await expect(startEmulator({ rateLimit: { perSecond: 0, burst: 1 } })).rejects.toThrow('rateLimit.perSecond must be a number > 0, got 0');
    await expect(startEmulator({ latencyMs: -1 })).rejects.toThrow('latencyMs must be a number >= 0, got -1');
    await expect(startEmulator({ faults: { rates: { '500': 5 } } })).rejects.toThrow('faults: rates.500 must be a number 0..1, got 5');
    await expect(startEmulator({ pageCap: 0 })).rejects.toThrow('pageCap must be an integer >= 1, got 0');
    await expect(startEmulator({ tenantId: 'a b' })).rejects.toThrow('tenantId must be 1..64 letters, digits and dashes, got "a b"');
    await expect(startEmulator({ cluster: '32' })).rejects.toThrow('cluster must be letters then digits, such as C32, got "32"');
  });

  it('delays every API answer by latencyMs, and close() ends pending delays at once', async () => {
    const emulator = await start({ tenant: smallTenant(), latencyMs: 120 });
    const api = await Api.connect(emulator);
    const started = performance.now();
    expect((await api.get('/skills')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    const slow = api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 2, isActive: true }] }).then(
      (a) => a.status,
      () => 'failed',
    );
    await new Promise((r) => setTimeout(r, 30));
    const closing = performance.now();
    await emulator.close();
    expect(performance.now() - closing).toBeLessThan(100);
    expect(await slow).toBe('failed');
  });

  it('closes idle keep-alive connections and can be closed twice', async () => {
    const emulator = await start();
    const api = await Api.connect(emulator);
    expect((await api.get('/skills')).status).toBe(200);
    await emulator.close();
    await emulator.close();
    await expect(call(`${emulator.apiBase}/skills`)).rejects.toThrow();
  });

  it('gives tests the live tenant to seed directly (seen at once through cached views)', async () => {
    const emulator = await start({ tenant: smallTenant(), etags: true });
    const api = await Api.connect(emulator);
    expect((await api.get('/agents/skills?isActive=true')).json).toMatchObject({ totalRecords: 2 });
    emulator.tenant.setAssignment({ agentId: 1003, skillId: 102, proficiency: 8, active: true });
    const answer = await api.get('/agents/1003/skills');
    expect(answer.headers.etag).toBe('"2"');
    expect((await api.get('/agents/skills?isActive=true')).json).toMatchObject({ totalRecords: 3 });
    expect(emulator.tenant.removeAssignment(1003, 102)).toBe(true);
    expect((await api.get('/agents/1003/skills')).status).toBe(204);
  });
});

describe('cxoneEnv', () => {
  it('by default sets discovery and the access-key token URL, no client id and no API base', async () => {
    const emulator = await start();
    expect(cxoneEnv(emulator)).toEqual({
      CXONE_DISCOVERY_URL: emulator.discoveryUrl,
      CXONE_AUTH_URL: emulator.accessKeyUrl,
      CXONE_ACCESS_KEY_ID: DEMO_CREDENTIALS.accessKeyId,
      CXONE_ACCESS_KEY_SECRET: DEMO_CREDENTIALS.accessKeySecret,
    });
  });

  it('sets the client id/secret and /auth/token for the registered-app grant, and CXONE_API_BASE when direct', async () => {
    const emulator = await start();
    expect(cxoneEnv(emulator, { grant: 'registered-app', direct: true })).toEqual({
      CXONE_DISCOVERY_URL: emulator.discoveryUrl,
      CXONE_AUTH_URL: emulator.authUrl,
      CXONE_ACCESS_KEY_ID: DEMO_CREDENTIALS.accessKeyId,
      CXONE_ACCESS_KEY_SECRET: DEMO_CREDENTIALS.accessKeySecret,
      CXONE_CLIENT_ID: DEMO_CREDENTIALS.clientId,
      CXONE_CLIENT_SECRET: DEMO_CREDENTIALS.clientSecret,
      CXONE_API_BASE: emulator.apiBase,
    });
    expect(cxoneEnv(emulator, { direct: true })).toMatchObject({ CXONE_API_BASE: emulator.apiBase, CXONE_AUTH_URL: emulator.accessKeyUrl });
  });

  it('points at URLs that work: discovery with the token tenantId, then the access-key grant', async () => {
    const emulator = await start();
    const env = cxoneEnv(emulator);
    const discovered = await call(`${env.CXONE_DISCOVERY_URL ?? ''}?tenantId=${emulator.tenantId}`);
    expect(discovered.json).toMatchObject({ api_endpoint: emulator.origin });
    const answer = await call(env.CXONE_AUTH_URL ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessKeyId: env.CXONE_ACCESS_KEY_ID, accessKeySecret: env.CXONE_ACCESS_KEY_SECRET }),
    });
    expect(answer.status).toBe(200);
  });
});
