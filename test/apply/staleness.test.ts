import { describe, expect, it } from 'vitest';
import { checkByDelta, deltaPrecondition, judgeDelta, type DeltaClient } from '../../src/apply/staleness.js';
import { CxoneError } from '../../src/cxone/errors.js';
import type { FirstPage } from '../../src/cxone/client.js';
import { buildPlan, withDigest, type Plan } from '../../src/plan/index.js';
import type { Agent, Assignment, Skill } from '../../src/model/types.js';
import { agent, desired, live, skill } from '../helpers/state.js';

const skills = [skill(101, 'Billing EN'), skill(102, 'Billing ES'), skill(111, 'Outbound Collections')];
const agents = [agent(1001, 'ann'), agent(1002, 'bob'), agent(1003, 'cy')];
const AT = '2026-12-01T10:00:00.000Z';

function planOf(state: ReturnType<typeof desired>): Plan {
  const l = live(agents, skills, [
    [1001, 101, 5],
    [1002, 101, 6],
    [1002, 111, 1],
  ]);
  const { plan } = buildPlan({ desired: state, live: l, createdAt: AT, toolVersion: 'test' });
  if (!plan) throw new Error('no plan');
  return withDigest({ ...plan, read: { kind: 'skills', pages: 2, tenantPages: 9, reason: 'test', at: AT, ms: 10, skillIds: [101, 102] } });
}

/** ann's Billing EN 5 → 3, bob gains Billing ES: adds and updates only. */
const keeping = () => planOf(desired({ ann: { 'Billing EN': 3 }, bob: { 'Billing EN': 6, 'Billing ES': 4 } }, { skills: ['Billing *'] }));

describe('deltaPrecondition', () => {
  const now = new Date(Date.parse(AT) + 3600_000);
  it('takes a plan that only adds and changes, made an hour ago', () => {
    expect(deltaPrecondition(keeping(), now, 24 * 3600_000)).toBeUndefined();
  });
  it('sends plans older than the limit, plans without a read, removals and switch-offs, and unsettled intents to the full read', () => {
    expect(deltaPrecondition(keeping(), now, 1800_000)).toMatch(/1\.0 h old, more than the 30 min/);
    const { read: _read, ...unread } = keeping();
    expect(deltaPrecondition(unread, now, 24 * 3600_000)).toMatch(/does not say when its read started/);
    const removing = planOf(desired({ ann: {}, bob: { 'Billing EN': 6 } }, { skills: ['Billing *'] }));
    expect(deltaPrecondition(removing, now, 24 * 3600_000)).toMatch(/removes or switches off/);
    const switchingOff = planOf(desired({ ann: { 'Billing EN': [5, false] } }, { skills: ['Billing *'] }));
    expect(deltaPrecondition(switchingOff, now, 24 * 3600_000)).toMatch(/removes or switches off/);
    expect(deltaPrecondition(keeping(), now, 24 * 3600_000, 2)).toMatch(/interrupted run/);
  });
});

describe('judgeDelta', () => {
  const quiet = { skills, moved: [] as Assignment[], agents: [] as Agent[] };

  it('accepts a plan when nothing in scope moved, with the changed pairs as the plan found them', () => {
    const plan = keeping();
    const judged = judgeDelta(plan, { ...quiet, moved: [{ agentId: 1002, skillId: 111, proficiency: 2, active: true }], agents: [agent(1003, 'cy')] });
    expect(judged.kind).toBe('fresh');
    if (judged.kind !== 'fresh') return;
    expect(judged.live.assignments).toEqual([{ agentId: 1001, skillId: 101, proficiency: 5, active: true }]);
    expect(judged.plan.counts).toEqual(plan.counts);
    expect(judged.plan.safety).toEqual(plan.safety);
  });

  it('sends the plan to the full read when an in-scope row moved, also of an unmanaged agent', () => {
    const judged = judgeDelta(keeping(), { ...quiet, moved: [{ agentId: 1003, skillId: 102, proficiency: 2, active: true }] });
    expect(judged).toEqual({ kind: 'full', reason: expect.stringMatching(/an in-scope assignment moved since the plan's read \(agent 1003, skill 102\)/) });
  });

  it('sends the plan to the full read when a managed agent changed, or the skills in scope are not the same', () => {
    expect(judgeDelta(keeping(), { ...quiet, agents: [agent(1001, 'ann', { isActive: false })] })).toMatchObject({ kind: 'full', reason: expect.stringContaining('managed agent') });
    expect(judgeDelta(keeping(), { ...quiet, skills: [...skills, skill(103, 'Billing FR')] })).toMatchObject({ kind: 'full', reason: expect.stringContaining('skills in scope') });
  });

  it('refuses a change outside the scope or the managed agents', () => {
    const plan = keeping();
    const edited = { ...plan, changes: [...plan.changes, { kind: 'add' as const, agentId: 1003, skillId: 111, after: { proficiency: 1, active: true } }] };
    expect(judgeDelta(edited, quiet)).toMatchObject({ kind: 'refused', diagnostics: [{ code: 'PLAN_OUT_OF_SCOPE' }] });
  });

  it('recomputes the safety findings a file may have lost', () => {
    const heavy = planOf(desired({ ann: { 'Billing EN': 1 }, bob: { 'Billing EN': 1 } }, { skills: ['Billing *'] }, { maxRemoveRatio: 0.25, maxChangeRatio: 0.5, minManaged: 1 }));
    expect(heavy.safety.map((f) => f.code)).toEqual(['TOO_MANY_CHANGES']);
    const judged = judgeDelta({ ...heavy, safety: [] }, quiet);
    expect(judged.kind === 'fresh' && judged.plan.safety.map((f) => f.code)).toEqual(['TOO_MANY_CHANGES']);
  });
});

function fakeClient(o: { moved?: Assignment[]; agents?: Agent[]; skills?: Skill[]; refuse?: 'assignments' | 'agents'; total?: number }): DeltaClient & { calls: string[] } {
  const calls: string[] = [];
  const refusal = (path: string) => new CxoneError('CXONE_HTTP_ERROR', 'InvalidParameter', { method: 'GET', path, status: 400 });
  return {
    calls,
    async firstPageOfAssignments(since) {
      calls.push(`first ${since}`);
      if (o.refuse === 'assignments') throw refusal('/agents/skills');
      const rows = o.moved ?? [];
      return { total: o.total ?? rows.length, rows: Math.min(100, rows.length), body: {} } satisfies FirstPage;
    },
    async listAssignmentsUpdatedSince() {
      return o.moved ?? [];
    },
    async listAgentsUpdatedSince() {
      calls.push('agents');
      if (o.refuse === 'agents') throw refusal('/agents');
      return o.agents ?? [];
    },
    async listSkills() {
      calls.push('skills');
      return o.skills ?? skills;
    },
  };
}

describe('checkByDelta', () => {
  const now = () => new Date(Date.parse(AT) + 600_000);

  it('asks what moved since the read, less the clock skew, and accepts a quiet plan in three reads', async () => {
    const client = fakeClient({});
    const out = await checkByDelta(client, keeping(), { now });
    expect(out.kind).toBe('delta');
    expect(client.calls).toEqual(['first 2026-12-01T09:59:58.000Z', 'agents', 'skills']);
    expect(out.kind === 'delta' && out.notice).toMatch(/checked by delta in 3 pages instead of a full read \(2 pages\)/);
  });

  it('falls back to the full read when the API refuses the parameter, saying which', async () => {
    expect(await checkByDelta(fakeClient({ refuse: 'assignments' }), keeping(), { now })).toMatchObject({ kind: 'full', reason: expect.stringContaining('refused GET /agents/skills?UpdatedSince') });
    expect(await checkByDelta(fakeClient({ refuse: 'agents' }), keeping(), { now })).toMatchObject({ kind: 'full', reason: expect.stringContaining('refused GET /agents?updateSince') });
  });

  it('falls back without reading the rest when more moved than a delta is worth (or the server ignores UpdatedSince)', async () => {
    const moved = Array.from({ length: 100 }, (_, i) => ({ agentId: 5000 + i, skillId: 111, proficiency: 1, active: true }));
    expect(await checkByDelta(fakeClient({ moved, total: 80_000 }), keeping(), { now })).toMatchObject({ kind: 'full', reason: expect.stringContaining('80,000 assignments moved') });
  });

  it('reads nothing for a plan the delta cannot judge', async () => {
    const client = fakeClient({});
    expect(await checkByDelta(client, keeping(), { now, maxAgeMs: 60_000 })).toMatchObject({ kind: 'full' });
    expect(client.calls).toEqual([]);
  });
});

describe('the read a saved plan records', () => {
  it('is covered by the digest and checked for shape', async () => {
    const { parsePlanFile } = await import('../../src/run/plan-file.js');
    const plan = keeping();
    expect(parsePlanFile(JSON.stringify(plan), 'plan.json').plan?.read?.at).toBe(AT);
    // A later instant would hide what moved in between: an edit of it is an edit of the plan.
    const later = { ...plan, read: { ...plan.read!, at: '2026-12-01T11:00:00.000Z' } };
    expect(parsePlanFile(JSON.stringify(later), 'plan.json').diagnostics.map((d) => d.code)).toEqual(['PLAN_TAMPERED']);
    const garbled = withDigest({ ...plan, read: { ...plan.read!, at: 'yesterday' } });
    expect(parsePlanFile(JSON.stringify(garbled), 'plan.json').diagnostics.map((d) => [d.code, d.message.includes('/read/at')])).toEqual([['PLAN_INVALID', true]]);
  });
});
