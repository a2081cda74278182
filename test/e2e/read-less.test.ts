import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CxoneClient, configFromEnv } from '../../src/cxone/index.js';
import { cxoneEnv, startEmulator, type RunningEmulator, type TenantData } from '../../src/emulator/index.js';
import { runApply } from '../../src/apply/run.js';
import { readScoped } from '../../src/cxone/read-scope.js';
import { compileSkillScope } from '../../src/model/glob.js';
import { buildPlan } from '../../src/plan/index.js';
import { emulatorEnv, runCli, workspace } from './harness.js';
import { startProxy, type FaultProxy } from './faults-proxy.js';
import { pairs, tenant } from './tenant.js';
import { desired } from '../helpers/state.js';

// 30 agents; Billing EN (101) and Billing ES (102) are the scope; every agent also holds Sales EN and
// Retention, out of scope. Pages of 5 rows: the whole tenant is 15 pages, the two lists
// 3 + 2 (their isAssigned: false rows for agents 1010, 1020, 1030 count too).
function live(): TenantData {
  const rows: Array<[number, number, number, boolean?]> = [];
  for (let i = 0; i < 30; i++) {
    const id = 1001 + i;
    if (i < 8) rows.push([id, 101, 5 + (i % 3)]);
    if (i >= 4 && i < 10) rows.push([id, 102, 7, i !== 6]);
    rows.push([id, 103, 9], [id, 105, 4]);
  }
  return tenant(30, rows);
}
const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *"]\n  agents: declared\n';
// agent01 and agent02 change Billing EN, agent09 gains it: adds and updates only (the delta check's kind of plan).
const AGENTS = `agents:
  agent01: { skills: { Billing EN: 1 } }
  agent02: { skills: { Billing EN: 2 } }
  agent09: { skills: { Billing EN: 3, Billing ES: 7 } }
`;

const started: Array<{ close(): Promise<void> }> = [];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of started.splice(0).reverse()) await s.close();
  for (const c of cleanups.splice(0)) await c();
});

async function setup(files: Record<string, string> = { 'cxskills.yaml': CONFIG, 'agents.yaml': AGENTS }): Promise<{ emulator: RunningEmulator; proxy: FaultProxy; cwd: string; env: NodeJS.ProcessEnv }> {
  const emulator = await startEmulator({ tenant: live(), rateLimit: null, pageCap: 5 });
  started.push(emulator);
  const proxy = await startProxy(emulator);
  started.push(proxy);
  const ws = await workspace(files);
  cleanups.push(ws.cleanup);
  return { emulator, proxy, cwd: ws.cwd, env: emulatorEnv(emulator, { CXONE_API_BASE: proxy.apiBase }) };
}

/** Someone else's write, straight to the API. */
async function otherWriter(emulator: RunningEmulator, method: 'PUT' | 'DELETE', agentId: number, skillId: number, proficiency = 12): Promise<void> {
  const client = new CxoneClient(configFromEnv(cxoneEnv(emulator)), {});
  try {
    const items = method === 'DELETE' ? [{ agentId, skillId }] : [{ agentId, skillId, proficiency, active: true }];
    const result = await client.write({ method, target: 'agent', id: agentId, items });
    expect(result.items.map((i) => i.outcome)).toEqual(['applied']);
  } finally {
    await client.close();
  }
}

const writesOf = (proxy: FaultProxy) => proxy.arrivals.filter((a) => a.method !== 'GET');

describe('plan reads sized to the scope (CLI against the emulator)', () => {
  it('reads the in-scope skills\' lists when they are fewer pages, says so, and plans the same as a full read', async () => {
    const { proxy, cwd, env } = await setup();
    const auto = await runCli(['plan', '--format', 'json', '--out', 'auto.json'], { cwd, env });
    expect(auto.code).toBe(0);
    expect(auto.stderr).toContain("note: read: 2 in-scope skills' lists, 5 pages, instead of the whole tenant, 15 pages");
    expect(proxy.arrivals.filter((a) => a.path === '/agents/skills')).toHaveLength(1);
    proxy.arrivals.length = 0;
    const full = await runCli(['plan', '--format', 'json', '--read', 'full'], { cwd, env });
    expect(full.code).toBe(0);
    expect(full.stderr).toMatch(/note: read: the whole tenant, 15 pages, in \d+\.\d s \(the whole tenant was asked for \(--read full\)\)/);
    expect(proxy.arrivals.filter((a) => a.path.startsWith('/skills/'))).toHaveLength(0);
    const a = JSON.parse(auto.stdout);
    const b = JSON.parse(full.stdout);
    expect(a.changes).toEqual(b.changes);
    expect(a.liveChecksum).toBe(b.liveChecksum);
    expect(a.counts).toEqual(b.counts);
    expect(a.read).toMatchObject({ kind: 'skills', pages: 5, tenantPages: 15, skillIds: [101, 102] });
    expect(b.read).toMatchObject({ kind: 'tenant', pages: 15 });
  });

  it('shows the read in the text plan', async () => {
    const { cwd, env } = await setup();
    const run = await runCli(['plan'], { cwd, env });
    expect(run.stdout).toMatch(/Read: 2 in-scope skills' lists, 5 pages \(the whole tenant: 15 pages\), \d+\.\d s\./);
  });
});

describe('apply --plan: the staleness check by delta', () => {
  it('accepts an unchanged saved plan in 3 reads (no full read), writes its updates as PUTs, and converges', async () => {
    const { emulator, proxy, cwd, env } = await setup();
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd, env })).code).toBe(0);
    proxy.arrivals.length = 0;
    const run = await runCli(['apply', '--plan', 'plan.json', '--auto-approve'], { cwd, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/note: staleness: nothing in scope moved since the plan's read \(.*\): checked by delta in 3 pages instead of a full read \(5 pages\)/);
    const firstWrite = proxy.arrivals.findIndex((a) => a.method !== 'GET');
    const before = proxy.arrivals.slice(0, firstWrite);
    // The staleness check: what moved, which agents changed, the skills. Then the guard's first read (and an ETag probe).
    const staleness = before.slice(0, 3).map((a) => `${a.path}${/UpdatedSince=|updateSince=/.test(a.query) ? ' (delta)' : ''}`).sort();
    expect(staleness).toEqual(['/agents (delta)', '/agents/skills (delta)', '/skills']);
    expect(before.filter((a) => a.path === '/agents/skills' && !a.query.includes('UpdatedSince'))).toHaveLength(0);
    expect(proxy.arrivals.filter((a) => a.path.startsWith('/skills/') && a.method === 'GET')).toHaveLength(0);
    expect(proxy.arrivals.filter((a) => a.path === '/agents' && !a.query.includes('updateSince'))).toHaveLength(0);
    // Updates as PUTs per list (a PUT of a pair someone removed fails instead of adding it back); the add in an upsert.
    expect(writesOf(proxy).map((a) => `${a.method} ${a.path}`).sort()).toEqual(['POST /agents/skills', 'PUT /skills/101/agents']);
    const billing = pairs(emulator.snapshot(), (s) => s === 101);
    expect(billing).toContain('1001/101=1');
    expect(billing).toContain('1002/101=2');
    expect(billing).toContain('1009/101=3');
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd, env })).code).toBe(0);
  });

  it('refuses a plan whose slice someone changed since (the delta sees it, the full read decides), with zero writes', async () => {
    const { emulator, proxy, cwd, env } = await setup();
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd, env })).code).toBe(0);
    await otherWriter(emulator, 'PUT', 1002, 101);
    proxy.arrivals.length = 0;
    const run = await runCli(['apply', '--plan', 'plan.json', '--auto-approve'], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('note: staleness: checked by a full read: an in-scope assignment moved since the plan\'s read (agent 1002, skill 101)');
    expect(run.stderr).toContain('PLAN_STALE');
    expect(writesOf(proxy)).toHaveLength(0);
  });

  it('takes the full read when an unmanaged agent\'s in-scope assignment moved, and applies when the managed slice did not', async () => {
    const { emulator, cwd, env } = await setup();
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd, env })).code).toBe(0);
    await otherWriter(emulator, 'PUT', 1005, 102, 11);
    const run = await runCli(['apply', '--plan', 'plan.json', '--auto-approve'], { cwd, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('checked by a full read: an in-scope assignment moved');
    expect(run.stderr).toMatch(/note: read: 2 in-scope skills' lists, 5 pages/);
    expect(pairs(emulator.snapshot(), (s) => s === 102)).toContain('1005/102=11');
  });

  it('falls back to the full read when the API refuses UpdatedSince, and says so', async () => {
    const { emulator, proxy, cwd, env } = await setup();
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd, env })).code).toBe(0);
    proxy.rules.push({ method: 'GET', path: '/agents/skills', query: /UpdatedSince=/, action: { kind: 'answer', status: 400, body: JSON.stringify({ error: 'InvalidParameter', error_description: 'UpdatedSince is not supported' }) } });
    const run = await runCli(['apply', '--plan', 'plan.json', '--auto-approve'], { cwd, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('note: staleness: checked by a full read: the API refused GET /agents/skills?UpdatedSince');
    expect(run.stderr).toMatch(/note: read: 2 in-scope skills' lists, 5 pages/);
    expect(pairs(emulator.snapshot(), (s) => s === 101)).toContain('1009/101=3');
  });

  it('falls back to the full read for a plan older than CXSKILLS_DELTA_MAX_AGE_H, and says so', async () => {
    const { cwd, env } = await setup();
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd, env })).code).toBe(0);
    const run = await runCli(['apply', '--plan', 'plan.json', '--auto-approve'], { cwd, env: { ...env, CXSKILLS_DELTA_MAX_AGE_H: '0' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/note: staleness: checked by a full read: the plan is \d+ min old, more than the 0 min a delta check is trusted for/);
  });

  it('does not add back a pair someone removed after the plan: its PUT fails and is reported, the rest applies', async () => {
    const { emulator, cwd, env } = await setup();
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd, env })).code).toBe(0);
    // Removals do not show in UpdatedSince: the delta check accepts the plan.
    await otherWriter(emulator, 'DELETE', 1002, 101);
    const run = await runCli(['apply', '--plan', 'plan.json', '--auto-approve'], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('checked by delta');
    expect(run.stdout).toContain('APPLY_CONCURRENT_CHANGE');
    const billing = pairs(emulator.snapshot(), (s) => s === 101);
    expect(billing.some((p) => p.startsWith('1002/101='))).toBe(false);
    expect(billing).toContain('1001/101=1');
    expect(billing).toContain('1009/101=3');
    const audit = (await readFile(join(cwd, '.cxskills/audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { outcome: string; agentId: number; skillId: number; error?: { code: string } });
    expect(audit.filter((e) => e.agentId === 1002 && e.outcome !== 'intent').map((e) => [e.outcome, e.error?.code])).toEqual([['failed', 'APPLY_CONCURRENT_CHANGE']]);
  });

  it('sends a plan that removes to the full read (coverage needs every holder, and removals since do not show)', async () => {
    const { cwd, env } = await setup({ 'cxskills.yaml': CONFIG, 'agents.yaml': 'agents:\n  agent05: { skills: { Billing ES: 7 } }\n' });
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd, env })).code).toBe(0);
    const run = await runCli(['apply', '--plan', 'plan.json', '--auto-approve'], { cwd, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('checked by a full read: the plan removes or switches off assignments');
  });
});

describe('the executor against removals it cannot see (over HTTP)', () => {
  it('takes a DELETE of a pair already gone as done, never as a failure', async () => {
    const emulator = await startEmulator({ tenant: live(), rateLimit: null, pageCap: 5 });
    started.push(emulator);
    const client = new CxoneClient(configFromEnv(cxoneEnv(emulator)), {});
    started.push(client);
    const { live: state } = await readScoped(client, compileSkillScope(['Billing *']));
    const { plan } = buildPlan({ desired: desired({ agent01: {}, agent02: { 'Billing EN': 6 } }, { skills: ['Billing *'] }), live: state, createdAt: new Date().toISOString(), toolVersion: 'test' });
    expect(plan?.changes.map((c) => `${c.kind} ${c.agentId}/${c.skillId}`)).toEqual(['remove 1001/101']);
    await otherWriter(emulator, 'DELETE', 1001, 101);
    const entries: Array<{ outcome: string }> = [];
    const run = await runApply(plan!, client, state, { audit: (e) => entries.push(e) });
    expect(run.result.failed).toBe(0);
    // The list is read before a DELETE (to learn whether ETags are sent): the pair is gone, so nothing is sent.
    expect(entries.filter((e) => e.outcome !== 'intent').map((e) => e.outcome)).toEqual(['already-applied']);
    expect(emulator.stats().itemsFailed).toBe(0);
    expect(pairs(emulator.snapshot(), (s) => s === 101).some((p) => p.startsWith('1001/'))).toBe(false);
  });
});

