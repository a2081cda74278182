import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { emulatorWorkspaces, runCli } from './harness.js';
import { pairs, tenant } from './tenant.js';

const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *", "Sales *", "Retention"]\n  agents: declared\n';
const OUT_OF_SCOPE = new Set([111, 112, 116]);

// Live: agent01 has Billing EN 5, Billing ES 7, Outbound Collections 2 (out of scope); agent02 has Sales EN 9;
// agent03 is not declared (unmanaged) and has Billing EN 1 and Billing ES 4 (so Billing ES stays routable).
const LIVE = tenant(3, [
  [1001, 101, 5],
  [1001, 102, 7],
  [1001, 111, 2],
  [1002, 103, 9],
  [1002, 112, 4],
  [1003, 101, 1],
  [1003, 102, 4],
]);
const AGENTS = `profiles:
  billing:
    skills:
      Billing EN: 3
agents:
  agent01:
    profiles: [billing]
    skills:
      Sales EN: 4
  agent02@example.test:
    skills:
      Sales EN: { proficiency: 9, active: false }
      Retention: 2
`;
// Desired in scope: 1001/101=3 (update), 1001/102 removed, 1001/103=4 (add), 1002/103 inactive (update), 1002/105=2 (add).
const EXPECTED_IN_SCOPE = ['1001/101=3', '1001/103=4', '1002/103=9!', '1002/105=2', '1003/101=1', '1003/102=4'];

const workspaces = emulatorWorkspaces({ rateLimit: { perSecond: 50, burst: 50 } });

function setup(files: Record<string, string> = { 'cxskills.yaml': CONFIG, 'agents.yaml': AGENTS }, live = LIVE) {
  return workspaces.start(live, files);
}

describe('cxskills plan and apply against the emulator', () => {
  it('plans, applies, verifies, and then plans no changes, leaving out-of-scope and unmanaged assignments untouched', async () => {
    const { cwd, env, emulator } = await setup();
    const plan = await runCli(['plan', '--dir', 'skills-state', '--detailed-exitcode', '--out', 'plan.json'], { cwd, env });
    expect(plan.stderr).not.toContain('error');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Plan: 2 to add, 2 to change, 1 to remove');
    expect(plan.stdout).toContain('agent01');
    expect(plan.stdout).not.toContain('\u001b[');
    const planStats = emulator.stats();
    expect(planStats.writes).toBe(0);
    expect(planStats.reads).toBeLessThanOrEqual(3);

    const apply = await runCli(['apply', '--plan', 'plan.json', '--auto-approve'], { cwd, env });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 5 applied, 0 failed; verified 5/5 changes in effect.');

    const after = emulator.snapshot();
    expect(pairs(after, (s) => !OUT_OF_SCOPE.has(s))).toEqual(EXPECTED_IN_SCOPE);
    expect(pairs(after, (s) => OUT_OF_SCOPE.has(s))).toEqual(pairs(LIVE, (s) => OUT_OF_SCOPE.has(s)));

    const again = await runCli(['plan', '--dir', 'skills-state', '--detailed-exitcode'], { cwd, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes');

    const lines = (await readFile(join(cwd, '.cxskills/audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { outcome: string; agentId: number; skillId: number; kind: string; time: string; call: { path: string } });
    // Write-ahead: each change's intent line comes before its outcome line.
    const intents = lines.filter((e) => e.outcome === 'intent');
    const audit = lines.filter((e) => e.outcome !== 'intent');
    expect(intents).toHaveLength(5);
    for (const e of audit) expect(lines.indexOf(e)).toBeGreaterThan(lines.findIndex((i) => i.outcome === 'intent' && i.agentId === e.agentId && i.skillId === e.skillId));
    expect(audit).toHaveLength(5);
    expect(audit.every((e) => e.outcome === 'applied' && typeof e.time === 'string' && e.call.path)).toBe(true);
    expect(audit.find((e) => e.kind === 'remove')).toMatchObject({ agentId: 1001, skillId: 102, before: { proficiency: 7, active: true }, after: null });
  });

  it('takes the saved plan as a positional (apply PLAN), shows it offline first with show, and sets the rate from CXSKILLS_RATE', async () => {
    const { cwd, env, emulator } = await setup();
    const plan = await runCli(['plan', '-out=plan.json'], { cwd, env });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('cxskills uses --out FILE');
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd, env })).code).toBe(0);
    const reads = emulator.stats().reads;
    const show = await runCli(['show', 'plan.json'], { cwd, env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    expect(show.code).toBe(0);
    expect(show.stdout.split('\n')[0]).toBe('Plan: 2 to add, 2 to change, 1 to remove (2 API calls).');
    expect(emulator.stats().reads).toBe(reads);
    const apply = await runCli(['apply', 'plan.json', '--auto-approve'], { cwd, env: { ...env, CXSKILLS_RATE: '50' } });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 5 applied, 0 failed; verified 5/5 changes in effect.');
    const bad = await runCli(['apply', 'plan.json', '--auto-approve'], { cwd, env: { ...env, CXSKILLS_RATE: 'fast' } });
    expect(bad.stderr).toContain('apply: CXSKILLS_RATE must be a positive number, got "fast".');
  });

  it('uses bulk reads: a plan costs a few calls whatever the number of agents', async () => {
    const { cwd, env, emulator } = await setup();
    await runCli(['plan', '--dir', 'skills-state'], { cwd, env });
    const calls = emulator.stats().calls;
    expect(Object.keys(calls).sort()).toEqual(['GET /agents', 'GET /agents/skills', 'GET /skills']);
  });

  it('refuses bad input with exit 1, file:line:col, and zero calls to CXone writes', async () => {
    const { cwd, env, emulator } = await setup({
      'cxskills.yaml': CONFIG,
      'agents.yaml': 'agents:\n  agent01:\n    skills:\n      Billing EN: 0\n      Sales EN: "3"\n',
    });
    const plan = await runCli(['apply', '--dir', 'skills-state', '--auto-approve'], { cwd, env });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/skills-state[/\\]agents\.yaml:4:\d+/);
    expect(plan.stderr).toMatch(/skills-state[/\\]agents\.yaml:5:\d+/);
    expect(emulator.stats().writes).toBe(0);
  });

  it('refuses unknown skills at plan time with a suggestion, and writes nothing', async () => {
    const { cwd, env, emulator } = await setup({ 'cxskills.yaml': CONFIG, 'agents.yaml': 'agents:\n  agent01:\n    skills:\n      Billing en: 3\n' });
    const run = await runCli(['apply', '--dir', 'skills-state', '--auto-approve'], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('UNKNOWN_SKILL');
    expect(run.stderr).toContain('did you mean "Billing EN"');
    expect(emulator.stats().writes).toBe(0);
  });

  it('refuses a saved plan when the live slice changed since it was made (staleness check)', async () => {
    const { cwd, env, emulator } = await setup();
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd, env })).code).toBe(0);
    // Someone changes a managed assignment by hand after the review.
    emulator.tenant.update(1002, 103, { proficiency: 1 });
    emulator.resetStats();
    const apply = await runCli(['apply', '--plan', 'plan.json', '--auto-approve'], { cwd, env });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('PLAN_STALE');
    expect(emulator.stats().writes).toBe(0);
  });

  it('refuses to apply without --auto-approve when stdin is not a terminal', async () => {
    const { cwd, env, emulator } = await setup();
    const apply = await runCli(['apply'], { cwd, env });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('--auto-approve');
    expect(emulator.stats().writes).toBe(0);
  });

  it('waits for Retry-After on 429 and still converges', async () => {
    const { cwd, env, emulator } = await setup();
    emulator.setFaults({ script: [{ fault: '429', method: 'POST', count: 2, retryAfterSeconds: 1 }] });
    const started = Date.now();
    const apply = await runCli(['apply', '--auto-approve', '--concurrency', '1'], { cwd, env });
    expect(apply.code).toBe(0);
    // One write at a time, so the two waits of 1 s follow each other.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(emulator.stats().status['429']).toBe(2);
    expect(pairs(emulator.snapshot(), (s) => !OUT_OF_SCOPE.has(s))).toEqual(EXPECTED_IN_SCOPE);
  });

  it('re-reads and retries after 409 Conflict and 412 Precondition Failed (per-agent and per-skill writes)', async () => {
    const sliceReads = (e: RunningEmulator) => (e.stats().calls['GET /agents/:id/skills'] ?? 0) + (e.stats().calls['GET /skills/:id/agents'] ?? 0);
    const calm = await setup();
    expect((await runCli(['apply', '--auto-approve', '--no-upsert'], { cwd: calm.cwd, env: calm.env })).code).toBe(0);
    const readsWithoutFaults = sliceReads(calm.emulator);
    const writesWithoutFaults = calm.emulator.stats().writes;
    await calm.emulator.close();

    const { cwd, env, emulator } = await setup();
    emulator.setFaults({ script: [{ fault: '412', method: 'POST' }, { fault: '409', method: 'PUT' }] });
    const apply = await runCli(['apply', '--auto-approve', '--no-upsert'], { cwd, env });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(emulator.stats().faultsInjected).toMatchObject({ '409': 1, '412': 1 });
    // Each refused write is repeated exactly once, after a fresh read of its list.
    expect(emulator.stats().writes - writesWithoutFaults).toBe(2);
    expect(sliceReads(emulator)).toBeGreaterThan(readsWithoutFaults);
    expect(pairs(emulator.snapshot(), (s) => !OUT_OF_SCOPE.has(s))).toEqual(EXPECTED_IN_SCOPE);
  });

  it('does not repeat a write whose answer was lost: it re-reads and finds it done', async () => {
    const { cwd, env, emulator } = await setup();
    // The upsert that carries every add and change is cut off after it was applied.
    emulator.setFaults({ script: [{ fault: 'reset-after', method: 'POST', count: 1 }] });
    const apply = await runCli(['apply', '--auto-approve'], { cwd, env });
    expect(apply.code).toBe(0);
    expect(emulator.stats().calls['POST /agents/skills']).toBe(1);
    const audit = (await readFile(join(cwd, '.cxskills/audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { outcome: string });
    expect(audit.filter((e) => e.outcome === 'already-applied').length).toBeGreaterThanOrEqual(1);
    expect(emulator.stats().status['400'] ?? 0).toBe(0);
    expect(pairs(emulator.snapshot(), (s) => !OUT_OF_SCOPE.has(s))).toEqual(EXPECTED_IN_SCOPE);
  });

  it('fetches a new token once when the token expires mid-run', async () => {
    const { cwd, env, emulator } = await setup();
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd, env })).code).toBe(0);
    emulator.setFaults({});
    const child = runCli(['apply', '--plan', 'plan.json', '--auto-approve', '--rate', '4'], { cwd, env });
    // Expire every token as soon as the first write has landed.
    const deadline = Date.now() + 20_000;
    while (emulator.stats().writes < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    emulator.expireTokens();
    const apply = await child;
    expect(apply.code).toBe(0);
    const stats = emulator.stats();
    expect(stats.status['401']).toBeGreaterThanOrEqual(1);
    expect(stats.tokensIssued).toBeGreaterThanOrEqual(2);
    expect(pairs(emulator.snapshot(), (s) => !OUT_OF_SCOPE.has(s))).toEqual(EXPECTED_IN_SCOPE);
  });

  it('guards each wave of writes with one UpdatedSince read by default, and not with --no-guard; no list is read before its write', async () => {
    const guardReads = (e: RunningEmulator) => e.stats().calls['GET /agents/skills'] ?? 0;
    const sliceReads = (e: RunningEmulator) => (e.stats().calls['GET /agents/:id/skills'] ?? 0) + (e.stats().calls['GET /skills/:id/agents'] ?? 0);
    const guarded = await setup();
    guarded.emulator.resetStats();
    const withGuard = await runCli(['apply', '--auto-approve'], { cwd: guarded.cwd, env: guarded.env });
    expect(withGuard.code).toBe(0);
    // One bulk page for the staleness check, then a guard read before each of the two waves (upserts, removals) and one after.
    expect(guardReads(guarded.emulator)).toBe(4);
    expect(withGuard.stdout).toContain('Guard: 3 UpdatedSince reads around 2 waves of writes.');
    // No ETags here: the one list read (to learn that) is the only one.
    expect(sliceReads(guarded.emulator)).toBe(1);
    await guarded.emulator.close();
    const fast = await setup();
    fast.emulator.resetStats();
    expect((await runCli(['apply', '--auto-approve', '--no-guard', '--verify', 'full'], { cwd: fast.cwd, env: fast.env })).code).toBe(0);
    expect(sliceReads(fast.emulator) + guardReads(fast.emulator)).toBeLessThanOrEqual(3);
    expect(pairs(fast.emulator.snapshot(), (s) => !OUT_OF_SCOPE.has(s))).toEqual(EXPECTED_IN_SCOPE);
  });

  it('never prints the secrets it was given', async () => {
    const { cwd, env } = await setup();
    const runs = [await runCli(['plan', '--out', 'plan.json'], { cwd, env }), await runCli(['apply', '--plan', 'plan.json', '--auto-approve'], { cwd, env })];
    const files = [await readFile(join(cwd, 'plan.json'), 'utf8'), await readFile(join(cwd, '.cxskills/audit.jsonl'), 'utf8')];
    for (const secret of [env.CXONE_CLIENT_SECRET!, env.CXONE_ACCESS_KEY_SECRET!]) {
      for (const text of [...runs.flatMap((r) => [r.stdout, r.stderr]), ...files]) expect(text).not.toContain(secret);
    }
  });
});
