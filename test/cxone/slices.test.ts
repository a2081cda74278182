import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientOf, json, paged, queryOf, startStub } from './stub.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cxone/${name}.json`, import.meta.url), 'utf8');

describe('reading one agent or one skill', () => {
  it('reads an agent in one call without paging, taking the agent from the path (items name it agentID_alt)', async () => {
    const stub = await startStub((_req, res) => json(res, 200, fixture('agent-skills-by-agent')));
    await expect(clientOf(stub).getAgentSkills(1001)).resolves.toEqual({
      etag: undefined,
      assignments: [
        { agentId: 1001, skillId: 101, proficiency: 2, active: true },
        { agentId: 1001, skillId: 105, proficiency: 9, active: false },
      ],
    });
    expect(stub.requests.at(-1)?.url).toBe('/api/agents/1001/skills');
  });

  it('reads an agent without assignments (204) as empty', async () => {
    const stub = await startStub((_req, res) => res.writeHead(204).end());
    await expect(clientOf(stub).getAgentSkills(1001)).resolves.toEqual({ etag: undefined, assignments: [] });
  });

  it('returns an ETag only where the server sends one', async () => {
    const stub = await startStub((_req, res) => json(res, 200, { agentSkillAssignments: [] }, { etag: '"7"' }));
    await expect(clientOf(stub).getAgentSkills(1001)).resolves.toEqual({ etag: '"7"', assignments: [] });
  });

  it('reads a skill page by page, leaving out agents listed with isAssigned false (ids as strings)', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ agentId: String(2000 + i), skillId: '301', agentProficiencyValue: 4, isActive: true, isAssigned: i % 10 !== 0 }));
    const stub = await startStub((req, res) => paged(res, req, 'agentSkillAssignments', rows, { cap: 7 }));
    const read = await clientOf(stub).getSkillAgents(301);
    expect(read.etag).toBeUndefined();
    expect(read.assignments.map((a) => a.agentId)).toEqual(rows.filter((r) => r.isAssigned).map((r) => Number(r.agentId)));
    expect(read.assignments.every((a) => a.skillId === 301 && a.proficiency === 4)).toBe(true);
    // isAssigned: false rows still count for skip: every row was asked for once.
    expect(stub.seen).toHaveLength(4);
  });

  it('reads the published per-skill shape, taking a missing skill id from the path', async () => {
    const stub = await startStub((req, res) => (queryOf(req).get('skip') === '0' ? json(res, 200, fixture('skill-agents-page'), { etag: '"3"' }) : res.writeHead(204).end()));
    await expect(clientOf(stub).getSkillAgents(101)).resolves.toEqual({
      etag: '"3"',
      assignments: [
        { agentId: 1001, skillId: 101, proficiency: 2, active: true },
        { agentId: 1003, skillId: 101, proficiency: 7, active: false },
      ],
    });
  });
});
