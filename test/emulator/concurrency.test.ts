import { describe, expect, it } from 'vitest';
import { Api, resultSetOf, smallTenant, start } from './helpers.js';

describe('409 ConcurrentModification (latency > 0)', () => {
  it('answers 409 to a write on an agent whose previous write is still in flight, and applies only the first', async () => {
    const emulator = await start({ tenant: smallTenant(), latencyMs: 150 });
    const api = await Api.connect(emulator);
    const first = api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 11, isActive: true }] });
    await new Promise((r) => setTimeout(r, 40));
    const second = await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 17, isActive: true }] });
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({ error: 'ConcurrentModification' });
    expect(resultSetOf(await first).errorCount).toBe(0);
    expect(emulator.tenant.assignment(1001, 101)?.proficiency).toBe(11);
    // The window closes with the answer: the same write now goes through.
    expect(resultSetOf(await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 17, isActive: true }] })).errorCount).toBe(0);
    expect(emulator.tenant.assignment(1001, 101)?.proficiency).toBe(17);
  });

  it('by default, lets two writes on different agents of one skill run side by side (only agents collide)', async () => {
    const emulator = await start({ tenant: smallTenant(), latencyMs: 400 });
    const api = await Api.connect(emulator);
    const first = api.write('POST', '/agents/1002/skills', { skills: [{ skillId: 103, proficiency: 3 }] });
    await new Promise((r) => setTimeout(r, 120));
    const second = await api.write('POST', '/skills/103/agents', { agents: [{ agentId: 1001, proficiency: 3 }] });
    expect(second.status).toBe(200);
    expect((await first).status).toBe(200);
    expect(emulator.tenant.assignment(1001, 103)).toMatchObject({ proficiency: 3 });
  });

  it('by default, sees a conflict on a shared agent across the two write endpoints', async () => {
    const emulator = await start({ tenant: smallTenant(), latencyMs: 400 });
    const api = await Api.connect(emulator);
    const first = api.write('POST', '/agents/1001/skills', { skills: [{ skillId: 102, proficiency: 3 }] });
    await new Promise((r) => setTimeout(r, 120));
    const second = await api.write('POST', '/skills/103/agents', { agents: [{ agentId: 1001, proficiency: 3 }] });
    expect(second.status).toBe(409);
    expect((await first).status).toBe(200);
    expect(emulator.tenant.assignment(1001, 103)).toBeUndefined();
  });

  it('with conflicts: lists, sees a conflict on a shared skill across the two write endpoints', async () => {
    const emulator = await start({ tenant: smallTenant(), latencyMs: 400, conflicts: 'lists' });
    const api = await Api.connect(emulator);
    const first = api.write('POST', '/agents/1002/skills', { skills: [{ skillId: 103, proficiency: 3 }] });
    await new Promise((r) => setTimeout(r, 120));
    const second = await api.write('POST', '/skills/103/agents', { agents: [{ agentId: 1001, proficiency: 3 }] });
    expect(second.status).toBe(409);
    expect((await first).status).toBe(200);
    expect(emulator.tenant.assignment(1001, 103)).toBeUndefined();
  });

  it('holds every agent and skill of a bulk upsert while it is in flight', async () => {
    const emulator = await start({ tenant: smallTenant(), latencyMs: 150 });
    const api = await Api.connect(emulator);
    const upsert = api.write('POST', '/agents/skills', { agentAndSkillDetails: [{ agentIds: [1002, 1003], skills: [{ skillIds: [102], proficiency: 4 }] }] });
    await new Promise((r) => setTimeout(r, 40));
    const clash = await api.write('DELETE', '/agents/1003/skills', { skills: [{ skillId: 102 }] });
    expect(clash.status).toBe(409);
    expect(resultSetOf(await upsert).errorCount).toBe(0);
    expect(emulator.tenant.assignment(1003, 102)).toMatchObject({ proficiency: 4 });
  });

  it('lets writes on disjoint agents and skills run side by side', async () => {
    const emulator = await start({ tenant: smallTenant(), latencyMs: 100 });
    const api = await Api.connect(emulator);
    const [a, b] = await Promise.all([
      api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 104, proficiency: 1, isActive: true }] }),
      api.write('POST', '/agents/1002/skills', { skills: [{ skillId: 102, proficiency: 1 }] }),
    ]);
    expect([resultSetOf(a).errorCount, resultSetOf(b).errorCount]).toEqual([0, 0]);
  });
});
