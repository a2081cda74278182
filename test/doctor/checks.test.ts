import { describe, expect, it } from 'vitest';
import { judge } from '../../src/doctor/checks.js';
import { observeRead } from '../../src/doctor/probe.js';
import type { Observations, ReadObservation } from '../../src/doctor/types.js';

const answer = (status: number, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => ({ status, headers, text: JSON.stringify(body), body, ms: 3 });
const page = (path: string, body: unknown, status = 200): ReadObservation => observeRead(path, { skip: '0', top: '1000' }, answer(status, body));
const connection = { grant: 'access-key' as const, apiBase: 'https://api-c32.nice-incontact.com/incontactapi/services/v31.0', discovered: true, fallback: false, tenantId: 't-1' };
const rate = { requests: 6, elapsedMs: 600, rateLimited: 0, retryAfterSeen: 0 };

function observations(over: Partial<Observations> = {}): Observations {
  return {
    connection,
    agents: page('/agents', { totalRecords: 2, _links: { self: 'x' }, agents: [{ agentId: 1, userName: 'a' }, { agentId: 2, userName: 'b' }] }),
    skills: page('/skills', { skills: [{ skillId: 9, skillName: 'S' }], _links: { self: 'x' } }),
    assignments: page('/agents/skills', { totalRecords: 1, agentSkillAssignments: [{ agentId: 1, skillId: 9, agentProficiencyValue: 3 }] }),
    pastEnd: observeRead('/agents/skills', { skip: '100001', top: '100' }, { status: 204, headers: {}, text: '', body: undefined, ms: 1 }),
    rate,
    ...over,
  };
}
const status = (o: Observations, id: string) => judge(o).checks.find((c) => c.id === id)?.status;

describe('judge (doctor checks)', () => {
  it('passes a tenant that answers as contract v2 says, and takes counts from totalRecords or a last page', () => {
    const report = judge(observations());
    expect(report.failed).toBe(false);
    expect(report.counts).toEqual({ agents: 2, skills: 1, assignments: 1 });
    expect(status(observations(), 'page-size')).toBe('ok');
  });

  it('fails when items lack a field cxskills reads, naming it', () => {
    const o = observations({ assignments: page('/agents/skills', { totalRecords: 1, agentSkillAssignments: [{ agentId: 1, skillId: 9, proficiency: 3 }] }) });
    const report = judge(o);
    expect(report.failed).toBe(true);
    expect(report.checks.find((c) => c.id === 'assignments')?.detail).toContain('items lack agentProficiencyValue');
  });

  it('fails with the token step when no connection could be made, and checks nothing else', () => {
    const report = judge({ connectError: { code: 'CXONE_AUTH_FAILED', message: 'token: authentication failed' }, rate });
    expect(report.failed).toBe(true);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([['connect', 'differs']]);
  });

  it('tolerates what cxskills adapts to (a cluster fallback, short pages, filters) without failing', () => {
    const o = observations({
      connection: { ...connection, fallback: true },
      assignments: page('/agents/skills', { error: 'InvalidParameter', error_description: 'isActive is required' }, 400),
      assignmentsFiltered: page('/agents/skills', { totalRecords: 500, agentSkillAssignments: Array.from({ length: 100 }, (_, i) => ({ agentId: i + 1, skillId: 9, agentProficiencyValue: 1 })) }),
    });
    const report = judge(o);
    expect(report.failed).toBe(false);
    expect(['discovery', 'filters', 'page-size'].map((id) => status(o, id))).toEqual(['differs', 'differs', 'differs']);
    // A filtered read counts one combination, not the business unit.
    expect(report.counts.assignments).toBeUndefined();
  });
});
