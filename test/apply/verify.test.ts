import { describe, expect, it } from 'vitest';
import { cheapestVerification, verifyChanges } from '../../src/apply/verify.js';
import type { Assignment } from '../../src/model/types.js';
import type { Change } from '../../src/plan/types.js';

const a = (agentId: number, skillId: number, proficiency = 5, active = true): Assignment => ({ agentId, skillId, proficiency, active });
const remove = (agentId: number, skillId: number): Change => ({ kind: 'remove', agentId, skillId, before: { proficiency: 5, active: true } });
const update = (agentId: number, skillId: number, to: number): Change => ({ kind: 'update', agentId, skillId, before: { proficiency: 5, active: true }, after: { proficiency: to, active: true } });

describe('verifyChanges', () => {
  it('finds changes not in effect and ignores unrelated assignments', () => {
    const result = verifyChanges([remove(1, 10), update(2, 10, 3), update(3, 10, 4)], [a(1, 10), a(2, 10, 3), a(3, 10, 9), a(4, 10)]);
    expect(result.checked).toBe(3);
    expect(result.mismatches.map((m) => [m.change.agentId, m.live?.proficiency])).toEqual([
      [1, 5],
      [3, 9],
    ]);
  });
});

describe('cheapestVerification', () => {
  const tenant: Assignment[] = [];
  for (let agent = 0; agent < 10_000; agent++) for (let s = 0; s < 8; s++) tenant.push(a(agent, (agent + s) % 300));

  it('reads one skill list when one skill was retired from many agents', () => {
    const changes = tenant.filter((x) => x.skillId === 7).slice(0, 200).map((x) => remove(x.agentId, x.skillId));
    // Skill 7 has 267 agents: three pages of 100 (the page the API serves), against 800 for the tenant.
    expect(cheapestVerification(changes, tenant)).toEqual({ kind: 'skills', ids: [7], calls: 3 });
    expect(cheapestVerification(changes, tenant, 1000)).toEqual({ kind: 'skills', ids: [7], calls: 1 });
  });

  it('reads touched agents when few agents changed many skills', () => {
    const changes = tenant.filter((x) => x.agentId < 3).map((x) => update(x.agentId, x.skillId, 1));
    expect(cheapestVerification(changes, tenant)).toEqual({ kind: 'agents', ids: [0, 1, 2], calls: 3 });
  });

  it('re-reads the whole tenant when changes are spread everywhere', () => {
    const changes = tenant.filter((_, i) => i % 2 === 0).map((x) => update(x.agentId, x.skillId, 1));
    expect(cheapestVerification(changes, tenant)).toEqual({ kind: 'bulk', calls: 800 });
  });
});
