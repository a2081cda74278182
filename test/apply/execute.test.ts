import { describe, expect, it } from 'vitest';
import { executePlan, type AuditEntry, type ExecuteOptions } from '../../src/apply/execute.js';
import { CxoneError } from '../../src/cxone/errors.js';
import { Tenant } from '../../src/emulator/index.js';
import { buildPlan, type Plan } from '../../src/plan/index.js';
import { tenant as tenantData } from '../e2e/tenant.js';
import { desired } from '../helpers/state.js';
import { liveOf, TenantClient, type TenantClientOptions } from '../property/tenant-client.js';

type Declared = Parameters<typeof desired>[0];
const SCOPE = { skills: ['Billing *', 'Sales *', 'Retention'] };

/**
 * A tenant, the plan from `declared` against it, and an in-process client with `options`. Plans write
 * per agent and per skill (the mechanics most cases here are about) unless `upsert` is set.
 */
function setup(agents: number, assignments: Array<[number, number, number, boolean?]>, declared: Declared, options: TenantClientOptions & { planUpserts?: boolean } = {}) {
  const tenant = new Tenant(tenantData(agents, assignments));
  const { plan, diagnostics } = buildPlan({ desired: desired(declared, SCOPE), live: liveOf(tenant), createdAt: '2026-01-01T00:00:00Z', toolVersion: 'test', upsert: options.planUpserts ?? false });
  if (plan === undefined) throw new Error(`no plan: ${JSON.stringify(diagnostics)}`);
  return { tenant, plan, client: new TenantClient(tenant, options) };
}

/** Runs the plan; `audit` holds the outcome lines, `intents` the lines written before each write was sent. */
async function run(plan: Plan, client: TenantClient, options: ExecuteOptions = {}) {
  const lines: AuditEntry[] = [];
  const result = await executePlan(plan, client, { sleep: async () => undefined, audit: (e) => lines.push(e), ...options });
  return { result, audit: lines.filter((e) => e.outcome !== 'intent'), intents: lines.filter((e) => e.outcome === 'intent'), lines };
}

/** The client's calls as `METHOD path If-Match status`, guard reads shortened to `GUARD`. */
const calls = (client: TenantClient) => client.log.map((c) => (c.path.startsWith('/agents/skills?UpdatedSince') ? 'GUARD' : `${c.method} ${c.path} ${c.ifMatch ?? '-'} ${c.status}`));

const value = (t: Tenant, agentId: number, skillId: number) => {
  const a = t.assignment(agentId, skillId);
  return a ? `${a.proficiency}${a.active ? '' : '!'}` : null;
};
const tick = () => new Promise<void>((r) => setTimeout(r, 5));

describe('executePlan', () => {
  it('never has two writes in flight that touch the same agent or skill (no self-inflicted 409)', async () => {
    const declared: Declared = {};
    for (let i = 1; i <= 6; i++) declared[`agent0${i}`] = { 'Billing EN': 3, 'Sales EN': 4, 'Retention': 5 };
    const { plan, client, tenant } = setup(6, [], declared, { delay: tick });
    // Grouped by skill: three calls, each naming all six agents.
    expect(plan.calls.map((c) => `${c.target}:${c.id}`).sort()).toEqual(['skill:101', 'skill:103', 'skill:105']);
    const { result } = await run(plan, client, { concurrency: 4 });
    expect(client.count(409)).toBe(0);
    expect(result.failed).toBe(0);
    expect(tenant.counts.assignments).toBe(18);
  });

  it('writes calls on disjoint agents and skills at the same time', async () => {
    const declared: Declared = { agent01: { 'Billing EN': 3 }, agent02: { 'Sales EN': 3 }, agent03: { 'Retention': 3 } };
    const { plan, client } = setup(3, [], declared, { delay: tick });
    let inFlight = 0;
    let peak = 0;
    const write = client.write.bind(client);
    client.write = async (call, ifMatch) => {
      peak = Math.max(peak, ++inFlight);
      try {
        return await write(call, ifMatch);
      } finally {
        inFlight--;
      }
    };
    await run(plan, client, { concurrency: 4 });
    expect(peak).toBe(3);
  });

  it('does not overwrite an assignment someone else changed after the plan was made, and applies the rest', async () => {
    const { plan, client, tenant } = setup(1, [[1001, 101, 7], [1001, 103, 5]], { agent01: { 'Billing EN': 3, 'Sales EN': 2 } });
    tenant.update(1001, 101, { proficiency: 9 });
    tenant.bumpVersions([1001], [101]);
    const { result, audit } = await run(plan, client);
    expect(value(tenant, 1001, 101)).toBe('9');
    expect(value(tenant, 1001, 103)).toBe('2');
    expect(result.failures.map((f) => [f.change.skillId, f.code])).toEqual([[101, 'APPLY_CONCURRENT_CHANGE']]);
    expect(result.failures[0]!.message).toContain('changed by someone else since the plan (planned from proficiency 7, active; now proficiency 9, active)');
    expect(audit.map((e) => `${e.skillId} ${e.outcome}`).sort()).toEqual(['101 failed', '103 applied']);
  });

  it('where the server sends ETags, does not overwrite a change made between its read and its write: If-Match fails (412), the re-read shows it', async () => {
    // Another writer switches 1001/101 off just before our first write reaches the API.
    const meddle = (n: number) => {
      if (n !== 1) return;
      tenant.update(1001, 101, { active: false });
      tenant.bumpVersions([1001], [101]);
    };
    const { plan, client, tenant } = setup(1, [[1001, 101, 7], [1001, 103, 5]], { agent01: { 'Billing EN': 3, 'Sales EN': 2 } }, { etags: true, beforeWrite: (_call, n) => meddle(n) });
    const { result } = await run(plan, client);
    expect(client.count(412)).toBe(1);
    expect(value(tenant, 1001, 101)).toBe('7!');
    expect(value(tenant, 1001, 103)).toBe('2');
    expect(result.failures.map((f) => f.code)).toEqual(['APPLY_CONCURRENT_CHANGE']);
  });

  it('takes changes someone else already made as done, and refuses to replace a different add', async () => {
    const { plan, client, tenant } = setup(2, [[1001, 101, 7], [1002, 101, 4]], { agent01: { 'Sales EN': 2 }, agent02: { 'Sales EN': 6, 'Retention': 1 } });
    // 1001/101 removal and 1001/103 add done by someone else exactly as planned; 1002/103 added with another value.
    tenant.remove(1001, 101);
    tenant.add(1001, 103, 2, true);
    tenant.add(1002, 103, 9, true);
    tenant.bumpVersions([1001, 1002], [101, 103]);
    const { result, audit } = await run(plan, client);
    expect(audit.map((e) => `${e.agentId}/${e.skillId} ${e.outcome}`).sort()).toEqual([
      '1001/101 already-applied',
      '1001/103 already-applied',
      '1002/101 applied',
      '1002/103 failed',
      '1002/105 applied',
    ]);
    expect(result.failures.map((f) => f.code)).toEqual(['APPLY_CONCURRENT_CHANGE']);
    expect(value(tenant, 1002, 103)).toBe('9');
  });

  it('where the server sends ETags, reads each PUT and DELETE list once and writes it with If-Match; adds go unread; a guard read before each wave', async () => {
    const { plan, client } = setup(1, [[1001, 101, 7], [1001, 102, 4]], { agent01: { 'Billing EN': 3, 'Sales EN': 2 } }, { etags: true });
    await run(plan, client);
    expect(calls(client)).toEqual([
      'GUARD',
      'POST /agents/1001/skills - 200',
      'GET /agents/1001/skills - 200',
      'PUT /agents/1001/skills "2" 200',
      'GUARD',
      'DELETE /agents/1001/skills "3" 200',
      'GUARD',
    ]);
  });

  it('where the server sends ETags, chains the ETags of its own conditional writes across the chunks of one list: one read for many calls', async () => {
    const assignments: Array<[number, number, number]> = [1, 2, 3, 4, 5].map((i) => [1000 + i, 101, 5]);
    const tenant = new Tenant(tenantData(5, assignments));
    const declared: Declared = Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`agent0${i}`, {}]));
    const { plan } = buildPlan({ desired: desired(declared, SCOPE), live: liveOf(tenant), createdAt: '2026-01-01T00:00:00Z', toolVersion: 'test', maxItems: 2, upsert: false });
    const client = new TenantClient(tenant, { maxItems: 2, etags: true });
    const { result } = await run(plan!, client);
    expect(result.failed).toBe(0);
    // One unpaged agent list tells that ETags are sent; then the skill's list is read once and its ETag chained.
    expect(calls(client)).toEqual(['GUARD', 'GET /agents/1001/skills - 200', 'GET /skills/101/agents - 200', 'DELETE /skills/101/agents "1" 200', 'DELETE /skills/101/agents "2" 200', 'DELETE /skills/101/agents "3" 200', 'GUARD']);
    expect(tenant.counts.assignments).toBe(0);
  });

  it('with guard off, writes without reading first (and still re-reads after a failure)', async () => {
    const { plan, client } = setup(1, [[1001, 101, 7]], { agent01: { 'Billing EN': 3 } }, { fault: (_c, n) => (n === 1 ? '503' : undefined) });
    await run(plan, client, { guard: false });
    expect(client.log.map((c) => `${c.method} ${c.ifMatch ?? '-'} ${c.status}`)).toEqual(['PUT - 503', 'GET - 200', 'PUT - 200']);
  });

  it('without ETags (as on real tenants) reads one list to learn that, then writes unconditionally between guard reads', async () => {
    const { plan, client } = setup(1, [[1001, 101, 7], [1001, 102, 4]], { agent01: { 'Billing EN': 3, 'Sales EN': 2 } });
    const { result } = await run(plan, client);
    expect(calls(client)).toEqual([
      'GUARD',
      'POST /agents/1001/skills - 200',
      'GET /agents/1001/skills - 200',
      'PUT /agents/1001/skills - 200',
      'GUARD',
      'DELETE /agents/1001/skills - 200',
      'GUARD',
    ]);
    expect(result.guard).toEqual({ reads: 3, waves: 2 });
  });

  it('never overwrites a change that lands before the wave that would write it: the guard read reconciles it', async () => {
    // Two waves of one call each: the other writer changes the pair of the second call while the first is written.
    const { plan, client, tenant } = setup(2, [[1001, 101, 7], [1002, 101, 5]], { agent01: { 'Billing EN': 3 }, agent02: { 'Billing EN': 2 } }, {
      beforeWrite: (_call, n) => {
        if (n === 1) tenant.update(1002, 101, { proficiency: 9 });
      },
    });
    const byAgent = { ...plan, calls: plan.changes.map((c) => ({ method: 'PUT' as const, target: 'agent' as const, id: c.agentId, items: [{ agentId: c.agentId, skillId: c.skillId, proficiency: 3, active: true }] })) };
    byAgent.calls[1]!.items[0]!.proficiency = 2;
    const { result } = await run(byAgent, client, { waveCalls: 1 });
    expect(value(tenant, 1002, 101)).toBe('9');
    expect(value(tenant, 1001, 101)).toBe('3');
    expect(result.failures.map((f) => [f.change.agentId, f.code])).toEqual([[1002, 'APPLY_CONCURRENT_CHANGE']]);
  });

  it('takes the per-item results of a 200: a failed item fails with the API reason after a re-read, the rest is applied', async () => {
    const { plan, client, tenant } = setup(1, [], { agent01: { 'Billing EN': 3, 'Sales EN': 2, 'Retention': 4 } }, { fault: (_c, n) => (n === 1 ? 'item-fail' : undefined) });
    const { result, audit } = await run(plan, client);
    expect(result.failures.map((f) => [f.change.skillId, f.code])).toEqual([[101, 'CXONE_INVALID_ITEMS']]);
    expect(result.failures[0]!.message).toContain('injected item failure');
    expect(audit.map((e) => `${e.skillId} ${e.outcome}`).sort()).toEqual(['101 failed', '103 applied', '105 applied']);
    expect([value(tenant, 1001, 101), value(tenant, 1001, 103), value(tenant, 1001, 105)]).toEqual([null, '2', '4']);
  });

  it('treats an item the answer does not name as unknown: re-reads, finds it applied, never writes it twice', async () => {
    const { plan, client, tenant } = setup(1, [], { agent01: { 'Billing EN': 3, 'Sales EN': 2 } }, { fault: (_c, n) => (n === 1 ? 'item-omit' : undefined) });
    const { result, audit } = await run(plan, client);
    expect(result.failed).toBe(0);
    expect(client.writes).toBe(1);
    expect(client.itemsWritten).toBe(2);
    expect(audit.map((e) => `${e.skillId} ${e.outcome}`).sort()).toEqual(['101 applied', '103 already-applied']);
    expect([value(tenant, 1001, 101), value(tenant, 1001, 103)]).toEqual(['3', '2']);
  });

  it('does not repeat a write whose answer was lost: it re-reads and records the changes as already applied', async () => {
    const { plan, client, tenant } = setup(2, [[1001, 101, 7]], { agent01: { 'Billing EN': 3, 'Sales EN': 2 }, agent02: { 'Retention': 1 } }, { fault: (_c, n) => (n === 1 ? 'reset-after' : undefined) });
    const { result, audit } = await run(plan, client);
    expect(result.failed).toBe(0);
    expect(client.itemsWritten).toBe(plan.changes.length);
    expect(audit.filter((e) => e.outcome === 'already-applied').length).toBeGreaterThanOrEqual(1);
    expect(audit).toHaveLength(plan.changes.length);
    expect([value(tenant, 1001, 101), value(tenant, 1001, 103), value(tenant, 1002, 105)]).toEqual(['3', '2', '1']);
  });

  it('fails rejected items on their own, applies the rest of the call, and audits exactly that', async () => {
    const { plan, client, tenant } = setup(1, [], { agent01: { 'Billing ES': 3, 'Sales EN': 2, 'Retention': 4 } });
    const skill = tenant.skill(102)!;
    tenant.putSkill({ skillId: 102, skillName: skill.skillName, isActive: false });
    const { result, audit } = await run(plan, client);
    expect(result.failures.map((f) => [f.change.skillId, f.code])).toEqual([[102, 'CXONE_INVALID_ITEMS']]);
    expect(result.failures[0]!.message).toMatch(/inactive/i);
    expect(audit.map((e) => `${e.skillId} ${e.outcome}`).sort()).toEqual(['102 failed', '103 applied', '105 applied']);
    expect(client.itemsWritten).toBe(2);
  });

  it('writes nothing to a list it could not read first, and says so', async () => {
    const { plan, client, tenant } = setup(1, [[1001, 101, 7]], { agent01: { 'Billing EN': 3 } });
    client.getAgentSkills = async () => Promise.reject(new CxoneError('CXONE_BAD_RESPONSE', 'response body is not JSON', { method: 'GET', path: '/agents/1001/skills', status: 200 }));
    const { result } = await run(plan, client);
    expect(client.writes).toBe(0);
    expect(value(tenant, 1001, 101)).toBe('7');
    expect(result.failures.map((f) => f.message)).toEqual(["not written: its agent's list could not be read first: GET /agents/1001/skills → 200: response body is not JSON"]);
  });

  it('gives up on a call that keeps meeting 409 after maxAttempts, naming the last error', async () => {
    const { plan, client } = setup(1, [], { agent01: { 'Sales EN': 2 } }, { fault: () => '409' });
    const { result } = await run(plan, client, { maxAttempts: 3 });
    expect(result.failures.map((f) => f.code)).toEqual(['CXONE_CONFLICT']);
    expect(result.failures[0]!.message).toMatch(/^gave up after 3 attempts: /);
    expect(client.writes).toBe(3);
  });

  it('carries every add and change in one upsert and the removals per list: 2 writes for 4 changes', async () => {
    const { plan, client, tenant } = setup(2, [[1001, 101, 7], [1002, 102, 4]], { agent01: { 'Billing EN': 3, 'Sales EN': 2 }, agent02: { 'Retention': 4 } }, { planUpserts: true });
    expect(plan.calls.map((c) => `${c.method} ${c.target} ${c.items.length}`)).toEqual(['POST upsert 3', 'DELETE agent 1']);
    expect(plan.grouping).toEqual({ strategy: 'upsert', itemLimit: 100, lowerBound: 2 });
    const { result } = await run(plan, client);
    expect(result.failed).toBe(0);
    expect(client.writes).toBe(2);
    expect([value(tenant, 1001, 101), value(tenant, 1001, 103), value(tenant, 1002, 105), value(tenant, 1002, 102)]).toEqual(['3', '2', '4', null]);
  });

  it('does not repeat an upsert whose answer was lost: it asks what changed since it was sent, and finds it applied', async () => {
    const { plan, client, tenant } = setup(2, [[1001, 101, 7]], { agent01: { 'Billing EN': 3, 'Sales EN': 2 }, agent02: { 'Retention': 1 } }, { planUpserts: true, fault: (_c, n) => (n === 1 ? 'reset-after' : undefined) });
    const { result, audit } = await run(plan, client);
    expect(result.failed).toBe(0);
    expect(client.writes).toBe(1);
    expect(client.itemsWritten).toBe(3);
    expect(audit.map((e) => e.outcome)).toEqual(['already-applied', 'already-applied', 'already-applied']);
    expect([value(tenant, 1001, 101), value(tenant, 1001, 103), value(tenant, 1002, 105)]).toEqual(['3', '2', '1']);
  });

  it('on a server without the upsert, writes the same changes per agent or per skill for the rest of the run, and says so once', async () => {
    const notices: string[] = [];
    const { plan, client, tenant } = setup(2, [[1001, 101, 7]], { agent01: { 'Billing EN': 3, 'Sales EN': 2 }, agent02: { 'Retention': 1 } }, { planUpserts: true, upsert: false });
    const { result } = await run(plan, client, { onNotice: (m) => notices.push(m) });
    expect(result.failed).toBe(0);
    expect(result.upsertFallback).toBe(true);
    expect(notices).toEqual(['this server has no bulk upsert (POST /agents/skills): writing per agent and per skill instead']);
    expect(client.log.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual(['POST /agents/skills 404', 'POST /agents/1001/skills 200', 'POST /agents/1002/skills 200', 'PUT /agents/1001/skills 200']);
    expect([value(tenant, 1001, 101), value(tenant, 1001, 103), value(tenant, 1002, 105)]).toEqual(['3', '2', '1']);
  });

  it('stops starting calls after the same lasting failure repeats (the breaker): the rest is not attempted, not failed', async () => {
    const declared: Declared = {};
    for (let i = 1; i <= 8; i++) declared[`agent0${i}`] = { 'Billing EN': 3 };
    const { plan, client } = setup(8, [], declared, { fault: () => '503' });
    // One add per agent, eight calls: the server fails every write.
    const byAgent = { ...plan, calls: plan.changes.map((c) => ({ method: 'POST' as const, target: 'agent' as const, id: c.agentId, items: [{ agentId: c.agentId, skillId: c.skillId, proficiency: 3, active: true }] })) };
    const { result } = await run(byAgent, client, { concurrency: 1, maxAttempts: 1, breakerThreshold: 3 });
    expect(result.stopped).toMatchObject({ code: 'CXONE_SERVER_ERROR', hint: expect.stringContaining('run apply again to finish') });
    expect(result.failed).toBe(3);
    expect(result.notAttempted).toHaveLength(5);
    expect(client.writes).toBe(3);
  });
});

describe('executePlan with updates per list (after a delta staleness check)', () => {
  it('writes updates as PUTs per list and keeps adds in upserts; a PUT of a pair someone removed fails as a concurrent change and is not added back', async () => {
    const { plan, client, tenant } = setup(3, [
      [1001, 101, 5],
      [1002, 101, 6],
    ], { agent01: { 'Billing EN': 2 }, agent02: { 'Billing EN': 3 }, agent03: { 'Billing EN': 4 } }, { planUpserts: true });
    expect(plan.calls.map((c) => `${c.method} ${c.target}`)).toEqual(['POST upsert']);
    // Someone removes agent02's Billing EN after the plan; UpdatedSince does not show removals.
    tenant.remove(1002, 101);
    const { result, audit } = await run(plan, client, { updatesPerList: true });
    expect(client.log.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`).sort()).toEqual(['POST /agents/skills', 'PUT /skills/101/agents']);
    expect(value(tenant, 1001, 101)).toBe('2');
    expect(value(tenant, 1002, 101)).toBeNull();
    expect(value(tenant, 1003, 101)).toBe('4');
    expect(result.failures.map((f) => [f.change.agentId, f.code])).toEqual([[1002, 'APPLY_CONCURRENT_CHANGE']]);
    expect(audit.find((e) => e.agentId === 1002)?.outcome).toBe('failed');
  });
});
