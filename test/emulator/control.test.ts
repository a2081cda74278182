import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorStats, TenantData } from '../../src/emulator/index.js';
import { Api, call, smallTenant, start, tokenRequest } from './helpers.js';

function control(url: string, method = 'GET', body?: unknown) {
  return call(url, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
}

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('GET /__emulator/stats', () => {
  it('counts every API request per normalised route and method, statuses, tokens, discovery and items', async () => {
    const emulator = await start({ tenant: smallTenant(), faults: { script: [{ fault: '502', route: 'GET /skills' }] } });
    const api = await Api.connect(emulator);
    await tokenRequest(emulator, { basic: 'bad' });
    await tokenRequest(emulator);
    await call(`${emulator.discoveryUrl}?tenantId=${emulator.tenantId}`);
    await call(`${emulator.discoveryUrl}?tenantId=nobody`);
    await api.get('/agents/skills');
    await api.get('/agents/1001/skills');
    await api.get('/agents/1002/skills');
    await api.get('/skills');
    await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 2, isActive: true }, { skillId: 104, proficiency: 2 }] });
    await api.write('POST', '/skills/102/agents', { agents: [{ agentId: 1001, proficiency: 2 }] });
    await api.write('DELETE', '/skills/102/agents', { agents: [{ agentId: 1003 }] });
    await api.write('POST', '/agents/skills', { agentAndSkillDetails: [{ agentIds: [1002, 1003], skills: [{ skillIds: [103], proficiency: 4 }] }] });
    await call(`${emulator.apiBase}/agents`, { headers: { accept: 'application/json' } });
    await call(`${emulator.apiBase}/agents`, { headers: { authorization: `Bearer ${api.bearer}` } });
    const stats = (await control(`${emulator.controlUrl}/stats`)).json as EmulatorStats;
    expect(stats).toEqual({
      calls: {
        'GET /agents/skills': 1,
        'GET /agents/:id/skills': 2,
        'GET /skills': 1,
        'PUT /agents/:id/skills': 1,
        'POST /skills/:id/agents': 1,
        'DELETE /skills/:id/agents': 1,
        'POST /agents/skills': 1,
        'GET /agents': 2,
      },
      byMethod: { GET: 6, PUT: 1, POST: 2, DELETE: 1 },
      reads: 6,
      writes: 4,
      status: { '200': 10, '401': 2, '404': 1, '406': 1, '502': 1 },
      rateLimited: 0,
      faultsInjected: { '502': 1 },
      tokensIssued: 2,
      tokenRequests: 3,
      discoveryRequests: 2,
      peakRatePerSecond: 10,
      itemsWritten: 4,
      itemsFailed: 2,
    });
    expect(emulator.stats()).toEqual(stats);
  });

  it('measures the peak rate over a sliding second and resets on request', async () => {
    const emulator = await start();
    const api = await Api.connect(emulator);
    await Promise.all(Array.from({ length: 25 }, () => api.get('/skills?top=1')));
    expect(emulator.stats().peakRatePerSecond).toBe(25);
    expect((await control(`${emulator.controlUrl}/stats/reset`, 'POST')).status).toBe(200);
    const reset = emulator.stats();
    expect(reset.calls).toEqual({});
    expect(reset.peakRatePerSecond).toBe(0);
    await api.get('/skills?top=1');
    expect(emulator.stats().peakRatePerSecond).toBe(1);
  });
});

describe('state, faults and tokens over the control endpoint', () => {
  it('GET /state returns the tenant and PUT /state replaces it', async () => {
    const emulator = await start();
    const api = await Api.connect(emulator);
    const state = (await control(`${emulator.controlUrl}/state`)).json as TenantData;
    expect(state.formatVersion).toBe(1);
    expect(state.agents).toHaveLength(40);
    expect(state.assignments).toHaveLength(160);
    expect(((await api.get('/agents/skills')).json as { totalRecords: number }).totalRecords).toBe(160);
    const replaced = await control(`${emulator.controlUrl}/state`, 'PUT', smallTenant());
    expect(replaced.json).toEqual({ ok: true, agents: 3, skills: 4, assignments: 3 });
    // Cached views of the old tenant must not survive the replacement.
    expect(((await api.get('/agents/skills')).json as { totalRecords: number }).totalRecords).toBe(3);
    expect(emulator.tenant.counts.agents).toBe(3);
  });

  it('refuses a bad state with 400 and keeps the current one', async () => {
    const emulator = await start({ tenant: smallTenant() });
    const wrongVersion = await control(`${emulator.controlUrl}/state`, 'PUT', { ...smallTenant(), formatVersion: 2 });
    expect(wrongVersion.status).toBe(400);
    expect(wrongVersion.json).toMatchObject({ error_description: 'PUT /__emulator/state: formatVersion must be 1, got 2' });
    const dangling = { ...smallTenant(), assignments: [{ agentId: 1, skillId: 101, proficiency: 1, active: true, lastUpdateTime: '2024-01-01T00:00:00Z' }] };
    const danglingAnswer = await control(`${emulator.controlUrl}/state`, 'PUT', dangling);
    expect(danglingAnswer.status).toBe(400);
    expect(danglingAnswer.json).toMatchObject({ error_description: 'tenant: assignment of unknown agent 1' });
    expect((await control(`${emulator.controlUrl}/state`, 'PUT', '{')).status).toBe(400);
    expect(emulator.tenant.counts.assignments).toBe(3);
  });

  it('POST /faults replaces the fault configuration; bad ones are refused', async () => {
    const emulator = await start();
    const api = await Api.connect(emulator);
    expect((await control(`${emulator.controlUrl}/faults`, 'POST', { script: [{ fault: '504' }] })).status).toBe(200);
    expect((await control(`${emulator.controlUrl}/faults`)).json).toEqual({ script: [{ fault: '504' }] });
    expect((await api.get('/skills')).status).toBe(504);
    expect((await control(`${emulator.controlUrl}/faults`, 'POST', { itemFailRate: 1 })).status).toBe(200);
    expect((await control(`${emulator.controlUrl}/faults`)).json).toEqual({ itemFailRate: 1 });
    const bad = await control(`${emulator.controlUrl}/faults`, 'POST', { rates: { '500': -1 } });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error_description: 'faults: rates.500 must be a number 0..1, got -1' });
  });

  it('POST /expire-tokens makes the API answer 401', async () => {
    const emulator = await start();
    const api = await Api.connect(emulator);
    expect((await control(`${emulator.controlUrl}/expire-tokens`, 'POST')).status).toBe(200);
    expect((await api.get('/skills')).status).toBe(401);
  });

  it('POST /save writes the state file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cxskills-emulator-'));
    const emulator = await start({ tenant: smallTenant() });
    const file = join(dir, 'state.json');
    const answer = await control(`${emulator.controlUrl}/save`, 'POST', { file });
    expect(answer.json).toEqual({ ok: true, file });
    const saved = JSON.parse(await readFile(file, 'utf8')) as TenantData;
    expect(saved.assignments).toHaveLength(3);
    expect((await control(`${emulator.controlUrl}/save`, 'POST', {})).status).toBe(400);
  });

  it('answers 404 for unknown control paths and 405 for a wrong method', async () => {
    const emulator = await start();
    expect((await control(`${emulator.controlUrl}/nothing`)).status).toBe(404);
    expect((await control(`${emulator.controlUrl}/stats`, 'DELETE')).status).toBe(405);
    expect(((await control(emulator.controlUrl)).json as { endpoints: string[] }).endpoints).toContain('GET /__emulator/stats');
    expect(emulator.stats().calls).toEqual({});
  });
});
