import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executePlan, type AuditEntry } from '../../src/apply/execute.js';
import { Tenant } from '../../src/emulator/index.js';
import type { LiveState } from '../../src/model/types.js';
import { buildPlan, type Plan } from '../../src/plan/index.js';
import { faults, inScope, world, type World } from './arbitraries.js';
import { liveOf, TenantClient } from './tenant-client.js';

const RUNS = Number(process.env.CXSKILLS_PROPERTY_RUNS ?? 1) || 1;

function planOf(w: World, live: LiveState, upsert = true): Plan {
  const { plan, diagnostics } = buildPlan({ desired: w.desired, live, createdAt: T0, toolVersion: 'property', maxItems: w.maxItems, upsert });
  if (plan === undefined) throw new Error(`no plan: ${diagnostics.map((d) => d.code).join(', ')}`);
  return plan;
}
const T0 = '2026-01-01T00:00:00Z';
const noSleep = async () => undefined;
const microtask = () => Promise.resolve();

/** Pairs as `agentId/skillId=value` for the agents and skills `keep` selects. */
function pairs(live: LiveState, keep: (agentId: number, skillId: number) => boolean): string[] {
  return live.assignments.filter((a) => keep(a.agentId, a.skillId)).map((a) => `${a.agentId}/${a.skillId}=${a.proficiency}${a.active ? '' : '!'}`).sort();
}

/**
 * The pairs another writer set, with their value and the pair's value now; a pair they set back to the
 * value the plan was made from is left out (indistinguishable from no change at all: the plan goes on).
 */
function contested(plan: Plan, tenant: Tenant, theirs: ReadonlyMap<string, string | null>): Array<{ key: string; value: string | null; now: string | null }> {
  const planned = new Map(plan.changes.map((c) => [`${c.agentId}/${c.skillId}`, c]));
  const out: Array<{ key: string; value: string | null; now: string | null }> = [];
  for (const [key, value] of theirs) {
    const c = planned.get(key);
    const from = c === undefined || c.kind === 'add' ? null : `${c.before.proficiency}${c.before.active ? '' : '!'}`;
    if (c !== undefined && value === from) continue;
    const [agentId, skillId] = key.split('/').map(Number) as [number, number];
    const a = tenant.assignment(agentId, skillId);
    out.push({ key, value, now: a ? `${a.proficiency}${a.active ? '' : '!'}` : null });
  }
  return out;
}

describe('plan → apply → plan (random tenants, desired states, item limits and write faults)', () => {
  it('converges: the second plan is empty, each change is written once, nothing out of scope or unmanaged is touched', async () => {
    await fc.assert(
      fc.asyncProperty(world, faults, fc.boolean(), async (w, script, upsert) => {
        const tenant = new Tenant(structuredClone(w.data));
        const before = liveOf(tenant);
        const plan = planOf(w, before, upsert);
        // Writes collide on shared agents, as the emulator's default (and the contract's wording) has it.
        const client = new TenantClient(tenant, { maxItems: w.maxItems, conflicts: 'agents', delay: microtask, fault: (_c, n) => script[n - 1] ?? undefined });
        const audit: AuditEntry[] = [];
        const intents: AuditEntry[] = [];
        const result = await executePlan(plan, client, { concurrency: w.concurrency, sleep: noSleep, audit: (e) => void (e.outcome === 'intent' ? intents.push(e) : audit.push(e)) });

        expect(result.failures).toEqual([]);
        // Every write was announced before it was sent: each applied pair has an intent line.
        const announced = new Set(intents.map((e) => `${e.agentId}/${e.skillId}`));
        for (const e of audit) if (e.outcome === 'applied') expect(announced.has(`${e.agentId}/${e.skillId}`)).toBe(true);
        const after = liveOf(tenant);
        expect(planOf(w, after).changes).toEqual([]);
        // Each change landed exactly once (a lost answer was re-read, never written again).
        expect(client.itemsWritten).toBe(plan.changes.length);
        expect(audit.map((e) => `${e.agentId}/${e.skillId}`).sort()).toEqual(plan.changes.map((c) => `${c.agentId}/${c.skillId}`).sort());
        // Only managed agents' in-scope pairs moved.
        const managed = new Set(plan.managedAgentIds);
        const untouchable = (agentId: number, skillId: number) => !inScope(skillId) || !managed.has(agentId);
        expect(pairs(after, untouchable)).toEqual(pairs(before, untouchable));
        // The API's own 409s would mean two of our writes overlapped.
        expect(client.count(409)).toBe(script.slice(0, client.writes).filter((f) => f === '409').length);
      }),
      { numRuns: 600 * RUNS },
    );
  });

  it('with ETags (compare-and-set), never overwrites what another writer changes during the run; fails only those pairs, and applies the rest', async () => {
    const meddling = fc.array(fc.record({ atWrite: fc.integer({ min: 1, max: 6 }), agent: fc.nat(5), skill: fc.nat(3), value: fc.option(fc.record({ proficiency: fc.integer({ min: 1, max: 20 }), active: fc.boolean() })) }), { maxLength: 2 });
    await fc.assert(
      fc.asyncProperty(world, meddling, async (w, edits) => {
        const tenant = new Tenant(structuredClone(w.data));
        // Per agent and per skill: an upsert has no path resource, so no If-Match (see the wave-guard property below).
        const plan = planOf(w, liveOf(tenant), false);
        const theirs = new Map<string, string | null>();
        const client = new TenantClient(tenant, {
          maxItems: w.maxItems,
          etags: true,
          delay: microtask,
          beforeWrite: (_call, n) => {
            for (const e of edits.filter((x) => x.atWrite === n)) {
              const agentId = 1001 + (e.agent % w.data.agents.length);
              const skillId = 101 + e.skill;
              // Inactive skills cannot be assigned anew, and the final plan would refuse to want one back.
              if (!tenant.skill(skillId)?.isActive) continue;
              if (e.value === null) tenant.remove(agentId, skillId);
              else if (tenant.assignment(agentId, skillId)) tenant.update(agentId, skillId, e.value);
              else tenant.add(agentId, skillId, e.value.proficiency, e.value.active);
              tenant.bumpVersions([agentId], [skillId]);
              theirs.set(`${agentId}/${skillId}`, e.value === null ? null : `${e.value.proficiency}${e.value.active ? '' : '!'}`);
            }
          },
        });
        const result = await executePlan(plan, client, { concurrency: w.concurrency, sleep: noSleep });

        // Their last word stands on every pair they touched, unless it put back the value the plan was made
        // from: that is indistinguishable from no change at all (and then the plan goes on).
        for (const { key, value, now } of contested(plan, tenant, theirs)) {
          expect(now).toBe(value);
        }
        // Only pairs they touched may fail, and only as concurrent changes.
        for (const f of result.failures) {
          expect(f.code).toBe('APPLY_CONCURRENT_CHANGE');
          expect(theirs.has(`${f.change.agentId}/${f.change.skillId}`)).toBe(true);
        }
        // Everything else of the plan is in effect.
        const failed = new Set(result.failures.map((f) => `${f.change.agentId}/${f.change.skillId}`));
        const rest = planOf(w, liveOf(tenant)).changes.filter((c) => !failed.has(`${c.agentId}/${c.skillId}`) && !theirs.has(`${c.agentId}/${c.skillId}`));
        expect(rest).toEqual([]);
      }),
      { numRuns: 200 * RUNS },
    );
  });

  it('without ETags, never overwrites a change that lands before the guard read of the wave that writes it', async () => {
    const meddling = fc.array(fc.record({ atRead: fc.integer({ min: 1, max: 4 }), agent: fc.nat(5), skill: fc.nat(3), value: fc.option(fc.record({ proficiency: fc.integer({ min: 1, max: 20 }), active: fc.boolean() })) }), { maxLength: 2 });
    await fc.assert(
      fc.asyncProperty(world, meddling, fc.boolean(), fc.integer({ min: 1, max: 3 }), async (w, edits, upsert, waveCalls) => {
        const tenant = new Tenant(structuredClone(w.data));
        const plan = planOf(w, liveOf(tenant), upsert);
        const theirs = new Map<string, string | null>();
        /** The guard read during which their last edit of a pair landed. */
        const landedAt = new Map<string, number>();
        // The edits land while a guard read is being made: before the wave that would write those pairs.
        const client = new TenantClient(tenant, {
          maxItems: w.maxItems,
          conflicts: 'agents',
          delay: microtask,
          beforeGuardRead: (n) => {
            for (const e of edits.filter((x) => x.atRead === n)) {
              const agentId = 1001 + (e.agent % w.data.agents.length);
              const skillId = 101 + e.skill;
              if (!tenant.skill(skillId)?.isActive) continue;
              // A removal does not show in UpdatedSince (documented): only value changes and adds are guarded this way.
              if (e.value === null) continue;
              if (tenant.assignment(agentId, skillId)) tenant.update(agentId, skillId, e.value);
              else tenant.add(agentId, skillId, e.value.proficiency, e.value.active);
              theirs.set(`${agentId}/${skillId}`, `${e.value.proficiency}${e.value.active ? '' : '!'}`);
              landedAt.set(`${agentId}/${skillId}`, n);
            }
          },
        });
        /** Per pair, the guard reads made when this run first announced a write of it. */
        const written = new Map<string, number>();
        const result = await executePlan(plan, client, {
          concurrency: w.concurrency,
          sleep: noSleep,
          waveCalls,
          skewMs: 0,
          audit: (e) => {
            const key = `${e.agentId}/${e.skillId}`;
            if (e.outcome === 'intent' && !written.has(key)) written.set(key, client.guardReads);
          },
        });
        for (const { key, value, now } of contested(plan, tenant, theirs)) {
          // Their value stands, unless this run had sent its write of the pair before their edit landed.
          const sentBefore = (written.get(key) ?? Number.POSITIVE_INFINITY) < landedAt.get(key)!;
          if (!sentBefore) expect(now).toBe(value);
        }
        for (const f of result.failures) expect(f.code).toBe('APPLY_CONCURRENT_CHANGE');
      }),
      { numRuns: 200 * RUNS },
    );
  });
});
