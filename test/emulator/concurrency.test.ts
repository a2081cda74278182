import { describe, expect, it } from 'vitest';
import { Api, smallTenant, start } from './helpers.js';

describe('409 ConcurrentModification (latency > 0)', () => {
  it('answers 409 to a write on an agent whose previous write is still in flight, and applies only the first', async () => {
    const emulator = await start({ tenant: smallTenant(), latencyMs: 150 });
    const api = await Api.connect(emulator);
    const first = api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 11 }] });
    await new Promise((r) => setTimeout(r, 40));
    const second = await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 17 }] });
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({ error: 'ConcurrentModification' });
    expect((await first).status).toBe(200);
    expect(emulator.tenant.assignment(1001, 101)?.proficiency).toBe(11);
    expect(emulator.tenant.agent(1001)?.version).toBe(2);
    // The window closes with the answer: the same write now goes through.
    expect((await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 17 }] })).status).toBe(200);
  });

  it('sees a conflict on a shared skill across the two write endpoints', async () => {
    const emulator = await start({ tenant: smallTenant(), latencyMs: 150 });
    const api = await Api.connect(emulator);
    const first = api.write('POST', '/agents/1002/skills', { skills: [{ skillId: 103, proficiency: 3 }] });
    await new Promise((r) => setTimeout(r, 40));
    const second = await api.write('POST', '/skills/103/agents', { agents: [{ agentId: 1001, proficiency: 3 }] });
    expect(second.status).toBe(409);
    expect((await first).status).toBe(200);
    expect(emulator.tenant.assignment(1001, 103)).toBeUndefined();
  });

  it('lets writes on disjoint agents and skills run side by side', async () => {
    const emulator = await start({ tenant: smallTenant(), latencyMs: 100 });
    const api = await Api.connect(emulator);
    const [a, b] = await Promise.all([
      api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 104, proficiency: 1 }] }),
      api.write('POST', '/agents/1002/skills', { skills: [{ skillId: 102, proficiency: 1 }] }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
  });
});
