import { describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startEmulator } from '../../src/emulator/index.js';
import { Api, call, smallTenant, start } from './helpers.js';

describe('startEmulator', () => {
  it('listens on loopback with the documented URLs, the demo tenant and the demo credentials by default', async () => {
    const emulator = await start();
    expect(emulator.apiBase).toBe(`http://127.0.0.1:${emulator.port}/incontactapi/services/v31.0`);
    expect(emulator.authUrl).toBe(`http://127.0.0.1:${emulator.port}/auth/token`);
    expect(emulator.controlUrl).toBe(`http://127.0.0.1:${emulator.port}/__emulator`);
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
  });

  it('delays every API answer by latencyMs, and close() ends pending delays at once', async () => {
    const emulator = await start({ tenant: smallTenant(), latencyMs: 120 });
    const api = await Api.connect(emulator);
    const started = performance.now();
    expect((await api.get('/skills')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    const slow = api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 2 }] }).then(
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

  it('gives tests the live tenant to seed directly', async () => {
    const emulator = await start({ tenant: smallTenant() });
    const api = await Api.connect(emulator);
    emulator.tenant.setAssignment({ agentId: 1003, skillId: 102, proficiency: 8, active: true });
    const answer = await api.get('/agents/1003/skills');
    expect(answer.headers.etag).toBe('"2"');
    expect(emulator.tenant.removeAssignment(1003, 102)).toBe(true);
    expect((await api.get('/agents/1003/skills')).status).toBe(204);
  });
});
