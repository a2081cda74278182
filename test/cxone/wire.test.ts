import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { claimsOf } from '../../src/cxone/jwt.js';
import { itemResults } from '../../src/cxone/results.js';
import { isAssignment, pageItems, toAgent, toAssignment, toSkill } from '../../src/cxone/wire.js';

/** A reply shape of the contract, written down in test/fixtures/cxone (each says which point it stands for). */
function fixture(name: string): Record<string, unknown> {
  const value = JSON.parse(readFileSync(new URL(`../fixtures/cxone/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
  expect(typeof value.$comment).toBe('string');
  return value;
}

const ctx = { method: 'GET', path: '/test' };

describe('wire mappers on the published read shapes', () => {
  it('reads an agents page: ids as numbers or strings, unknown fields ignored, _links with next', () => {
    const page = pageItems(fixture('agents-page'), 'agents', ctx);
    expect(page.total).toBe(3);
    expect(page.hasNext).toBe(true);
    expect(page.items.map((raw) => toAgent(raw, ctx))).toEqual([
      { agentId: 1001, userName: 'ana@example.test', firstName: 'Ana', lastName: 'Alves', emailAddress: 'ana@example.test', isActive: true, teamId: 31, teamName: 'Billing' },
      { agentId: 1002, userName: 'ben@example.test', firstName: 'Ben', lastName: 'Berg', emailAddress: 'ben@example.test', isActive: false, teamId: 32, teamName: 'Support' },
    ]);
  });

  it('reads a skills page whose _links has no next (the last page)', () => {
    const page = pageItems(fixture('skills-page'), 'skills', ctx);
    expect(page.hasNext).toBe(false);
    expect(page.items.map((raw) => toSkill(raw, ctx))).toEqual([
      { skillId: 101, skillName: 'Billing EN', isActive: true, mediaTypeId: 4, mediaTypeName: 'Phone Call' },
      { skillId: 102, skillName: 'Chat DE', isActive: false, mediaTypeId: 3, mediaTypeName: 'Chat' },
    ]);
  });

  it('reads a business unit assignments page, keeping restricted items and numeric-string values', () => {
    const page = pageItems(fixture('agent-skills-page'), 'agentSkillAssignments', ctx);
    expect(page.items.map((raw) => toAssignment(raw, ctx))).toEqual([
      { agentId: 1001, skillId: 101, proficiency: 1, active: true },
      { agentId: 1002, skillId: 102, proficiency: 20, active: false },
      { agentId: 1003, skillId: 101, proficiency: 7, active: true },
    ]);
  });

  it('reads a last page without totalRecords and without _links (neither says anything about the end)', () => {
    const page = pageItems(fixture('agent-skills-last-page-quirks'), 'agentSkillAssignments', ctx);
    expect(page.total).toBeUndefined();
    expect(page.hasNext).toBeUndefined();
    expect(page.items.map((raw) => toAssignment(raw, ctx))).toEqual([{ agentId: 2001, skillId: 301, proficiency: 5, active: true }]);
  });

  it('takes the agent of a per-agent read from the path (items name it agentID_alt)', () => {
    const page = pageItems(fixture('agent-skills-by-agent'), 'agentSkillAssignments', ctx);
    expect(page.items.map((raw) => toAssignment(raw, ctx, { agentId: 1001 }))).toEqual([
      { agentId: 1001, skillId: 101, proficiency: 2, active: true },
      { agentId: 1001, skillId: 105, proficiency: 9, active: false },
    ]);
    // Without the path's id the item has no agent: refused, not guessed.
    expect(() => toAssignment(page.items[0], ctx)).toThrow(/assignment\.agentId is not an integer id/);
  });

  it('drops per-skill items with isAssigned false and takes a missing skill id from the path', () => {
    const page = pageItems(fixture('skill-agents-page'), 'agentSkillAssignments', ctx);
    expect(page.items.filter(isAssignment).map((raw) => toAssignment(raw, ctx, { skillId: 101 }))).toEqual([
      { agentId: 1001, skillId: 101, proficiency: 2, active: true },
      { agentId: 1003, skillId: 101, proficiency: 7, active: false },
    ]);
  });
});

describe('per-item write results on the published reply shapes', () => {
  it('reads a per-agent reply with partial success: applied, failed with the reason, in the order sent', () => {
    const sent = [
      { agentId: 1001, skillId: 103, proficiency: 1, active: true },
      { agentId: 1001, skillId: 101, proficiency: 1, active: true },
      { agentId: 1001, skillId: 102, proficiency: 1, active: true },
    ];
    const body = fixture('write-agent-reply');
    expect(itemResults(body, sent, 'skill')).toEqual([
      { agentId: 1001, skillId: 103, outcome: 'failed', error: 'already assigned' },
      { agentId: 1001, skillId: 101, outcome: 'applied' },
      { agentId: 1001, skillId: 102, outcome: 'failed', error: 'skill is inactive: cannot add' },
    ]);
  });

  it('reads a per-skill reply that leaves an item out: that item is unknown', () => {
    const sent = [1001, 1002, 1003].map((agentId) => ({ agentId, skillId: 101 }));
    expect(itemResults(fixture('write-skill-reply'), sent, 'agent')).toEqual([
      { agentId: 1001, skillId: 101, outcome: 'applied' },
      { agentId: 1002, skillId: 101, outcome: 'failed', error: 'proficiency out of range' },
      { agentId: 1003, skillId: 101, outcome: 'unknown' },
    ]);
  });

  it('reads an upsert reply by pair (agentId and skillId)', () => {
    const sent = [
      { agentId: 1002, skillId: 102, proficiency: 3, active: true },
      { agentId: 1001, skillId: 101, proficiency: 3, active: true },
      { agentId: 1001, skillId: 102, proficiency: 3, active: true },
      { agentId: 1002, skillId: 101, proficiency: 3, active: true },
    ];
    expect(itemResults(fixture('upsert-reply'), sent, 'pair').map((r) => r.outcome)).toEqual(['failed', 'applied', 'applied', 'applied']);
  });

  it.each([
    ['no body', null],
    ['no resultSet', { ok: true }],
    ['a resultSet that is not an object', { resultSet: 'done' }],
    ['results of the other kind', { resultSet: { errorCount: 0, agentResults: [{ agentId: 1001, success: true }] } }],
    ['a result without a readable success', { resultSet: { skillResults: [{ skillId: 101, success: 'maybe' }] } }],
  ])('takes every item for unknown when the reply has %s', (_name, body) => {
    expect(itemResults(body, [{ agentId: 1001, skillId: 101, proficiency: 1, active: true }], 'skill')).toEqual([{ agentId: 1001, skillId: 101, outcome: 'unknown' }]);
  });
});

describe('token claims', () => {
  it('keeps tenantId, business unit and cluster of a token, and nothing else', () => {
    const token = fixture('token');
    expect(claimsOf(String(token.id_token))).toEqual({ tenantId: '11eb0b6f-0000-4a5b-9c8d-fixture', businessUnit: 4600123, cluster: 'C32' });
    expect(claimsOf(String(token.access_token))).toEqual({ tenantId: '11eb0b6f-0000-4a5b-9c8d-fixture', businessUnit: 4600123, cluster: 'C32' });
  });

  it.each(['opaque-token', 'a.b.c', 'a.!!!.c', `x.${Buffer.from('[1]').toString('base64url')}.y`])('gives no claims (and no error) for %s', (token) => {
    expect(claimsOf(token)).toEqual({});
  });
});
