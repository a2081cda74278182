import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateTenant, parseTenantData, startEmulator, Tenant, type TenantData } from '../../src/emulator/index.js';
import { Api, resultsOf, smallTenant, start } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxskills-emulator-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('state file round trip', () => {
  it('saves the tenant with its versions and loads it back into a new emulator', async () => {
    const file = join(dir, 'tenant.json');
    const first = await start({ tenant: { seed: 4, agents: 30, skills: 8, skillsPerAgent: 3 }, etags: true });
    const api = await Api.connect(first);
    const target = first.snapshot().assignments[0];
    if (!target) throw new Error('generated tenant has no assignments');
    const put = await api.write('PUT', `/agents/${target.agentId}/skills`, { skills: [{ skillId: target.skillId, proficiency: 20, isActive: false }] });
    expect(resultsOf(put)).toEqual([{ skillId: target.skillId, success: true }]);
    await first.save(file);
    const saved = JSON.parse(await readFile(file, 'utf8')) as TenantData;
    expect(saved.formatVersion).toBe(1);
    expect(saved.versions?.agents).toEqual({ [String(target.agentId)]: 2 });

    const second = await start({ stateFile: file, tenant: { seed: 99, agents: 1, skills: 1, skillsPerAgent: 1 }, etags: true });
    expect(second.snapshot()).toEqual(first.snapshot());
    const again = await Api.connect(second);
    expect((await again.get(`/agents/${target.agentId}/skills`)).headers.etag).toBe('"2"');
    expect(second.tenant.assignment(target.agentId, target.skillId)).toMatchObject({ proficiency: 20, active: false });
  });

  it('generates the tenant when the state file does not exist yet', async () => {
    const emulator = await start({ stateFile: join(dir, 'missing.json') });
    expect(emulator.tenant.counts).toEqual({ agents: 40, skills: 16, assignments: 160 });
  });

  it('refuses to start from a broken state file, naming the file and the place', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, JSON.stringify({ ...smallTenant(), agents: [{ agentId: 'x', userName: 'a' }] }));
    await expect(startEmulator({ stateFile: file })).rejects.toThrow(`${file}: agents[0].agentId must be a positive integer`);
    await writeFile(file, '{');
    await expect(startEmulator({ stateFile: file })).rejects.toThrow(`${file}: not valid JSON`);
  });
});

describe('parseTenantData and Tenant.load', () => {
  it('fills optional fields and keeps what is given', () => {
    const data = parseTenantData({
      formatVersion: 1,
      agents: [{ agentId: 7, userName: 'u' }],
      skills: [{ skillId: 9, skillName: 'S' }],
      assignments: [{ agentId: 7, skillId: 9, proficiency: 4 }],
    });
    const tenant = new Tenant(data);
    expect(tenant.agent(7)).toMatchObject({ userName: 'u', firstName: '', isActive: true, version: 1 });
    expect(tenant.skill(9)).toMatchObject({ mediaTypeId: 4, mediaTypeName: 'Phone Call', isOutbound: false, isActive: true });
    expect(tenant.assignment(7, 9)).toMatchObject({ proficiency: 4, active: true });
  });

  it('rejects wrong shapes with the JSON path', () => {
    expect(() => parseTenantData({ formatVersion: 1, agents: [], skills: [], assignments: [{ agentId: 1, skillId: 2, proficiency: 0 }] })).toThrow(
      'tenant state: assignments[0].proficiency must be an integer 1..20',
    );
    expect(() => parseTenantData({ formatVersion: 1, agents: {}, skills: [], assignments: [] })).toThrow('tenant state: agents must be an array');
  });

  it('rejects duplicates and dangling references, leaving the tenant as it was', () => {
    const tenant = new Tenant(smallTenant() as TenantData);
    const twice = { ...smallTenant(), skills: [...smallTenant().skills, { skillId: 200, skillName: 'Billing EN', isActive: true }] };
    expect(() => tenant.load(twice)).toThrow('tenant: skill name "Billing EN" is used twice');
    const dupPair = { ...smallTenant(), assignments: [...smallTenant().assignments, ...smallTenant().assignments.slice(0, 1)] };
    expect(() => tenant.load(dupPair)).toThrow('tenant: assignment 1001/101 is listed twice');
    expect(() => tenant.load({ ...smallTenant(), assignments: [{ agentId: 1001, skillId: 555, proficiency: 1, active: true, lastUpdateTime: 'soon' }] })).toThrow(
      'tenant: assignment of unknown skill 555',
    );
    expect(() => tenant.load({ ...smallTenant(), assignments: [{ agentId: 1001, skillId: 101, proficiency: 1, active: true, lastUpdateTime: '2024-13-01T00:00:00.000Z' }] })).toThrow(
      'is not an ISO 8601 date',
    );
    expect(tenant.counts).toEqual({ agents: 3, skills: 4, assignments: 3 });
  });

  it('snapshots a generated tenant back to the data it was loaded from', () => {
    const data = generateTenant({ seed: 12, agents: 60, skills: 16, skillsPerAgent: 4 });
    const snapshot = new Tenant(data).snapshot();
    expect(snapshot.assignments).toEqual(data.assignments);
    expect(snapshot.agents).toEqual(data.agents);
    expect(snapshot.skills).toEqual(data.skills);
  });
});
