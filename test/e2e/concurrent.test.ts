import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';
import { CHANGES, CONFIG, OUT_OF_SCOPE, LIVE, emulatorFor, envFor, proxyFor, readAudit, spawnCli, stateDir, waitFor } from './faults-harness.js';
import { pairs } from './tenant.js';

// Two teams, two desired states over the same agents, both planned from the same live tenant:
// 1001/101 5 → 3 (A) or 6 (B): contested update; 1002/105 added at 2 (A) or 5 (B): contested add;
// 1001/103 added at 4 by both: agreed; 1002/103 9 → 2 by B only.
const A = `agents:
  agent01: { skills: { Billing EN: 3, Billing ES: 7, Sales EN: 4 } }
  agent02: { skills: { Sales EN: 9, Retention: 2 } }
`;
const B = `agents:
  agent01: { skills: { Billing EN: 6, Billing ES: 7, Sales EN: 4 } }
  agent02: { skills: { Sales EN: 2, Retention: 5 } }
`;
const CONTESTED = { '1001/101': { A: 3, B: 6 }, '1002/105': { A: 2, B: 5 } } as const;

describe('two applies at once on the same tenant (a server with ETags)', () => {
  it('both end consistent: contested pairs keep the first writer\'s value and the other apply reports them, nothing is overwritten blind or written twice', async () => {
    // Latency keeps writes in flight long enough to overlap (and meet 409s). With ETags the per-list writes
    // are compare-and-set (If-Match), which is what makes "the first writer's value stands" hold exactly;
    // without them a contested pair can be overwritten within one wave (see the case below and docs/reliability.md).
    const emulator = await emulatorFor({ latencyMs: 30, etags: true });
    const proxy = await proxyFor(emulator);
    const cwdA = await stateDir({ 'cxskills.yaml': CONFIG, 'agents.yaml': A });
    const cwdB = await stateDir({ 'cxskills.yaml': CONFIG, 'agents.yaml': B });
    const env = envFor(emulator, { CXONE_API_BASE: proxy.apiBase });
    for (const cwd of [cwdA, cwdB]) expect((await runCli(['plan', '--out', 'plan.json', '--no-upsert'], { cwd, env })).code).toBe(0);

    // Hold every write until both applies have read the tenant (and passed the staleness check): truly concurrent.
    let open = () => undefined as void;
    proxy.gate = new Promise<void>((resolve) => (open = resolve));
    proxy.arrivals.length = 0;
    const args = ['apply', '--plan', 'plan.json', '--auto-approve', '--rate', '50'];
    const runA = spawnCli(args, { cwd: cwdA, env });
    const runB = spawnCli(args, { cwd: cwdB, env });
    // Both staleness checks under way: each reads the skills list once, whether it checks by delta or by a full read.
    await waitFor('both staleness checks', () => proxy.arrivals.filter((a) => a.path === '/skills').length >= 2);
    await waitFor('a write at the gate', () => proxy.arrivals.some((a) => a.method !== 'GET'));
    open();
    const [a, b] = await Promise.all([runA.done, runB.done]);
    expect(a.stderr + b.stderr).not.toContain('PLAN_STALE');

    const final = new Map(pairs(emulator.snapshot()).map((p) => p.split('=') as [string, string]));
    const auditA = await readAudit(cwdA);
    const auditB = await readAudit(cwdB);
    const entry = (audit: typeof auditA, key: string) => audit.find((e) => `${e.agentId}/${e.skillId}` === key);

    for (const [key, wanted] of Object.entries(CONTESTED)) {
      const [ea, eb] = [entry(auditA, key)!, entry(auditB, key)!];
      const winner = ea.outcome === 'applied' ? 'A' : 'B';
      const [won, lost] = winner === 'A' ? [ea, eb] : [eb, ea];
      expect(won.outcome).toBe('applied');
      expect(lost.outcome).toBe('failed');
      expect(lost.error?.code).toBe('APPLY_CONCURRENT_CHANGE');
      expect(final.get(key)).toBe(String(wanted[winner]));
      // The loser names it in its report.
      expect((winner === 'A' ? b : a).stdout).toContain('APPLY_CONCURRENT_CHANGE');
    }
    // Agreed: written once, found done by the other.
    expect([entry(auditA, '1001/103')!.outcome, entry(auditB, '1001/103')!.outcome].sort()).toEqual(['already-applied', 'applied']);
    expect(final.get('1001/103')).toBe('4');
    expect(entry(auditB, '1002/103')!.outcome).toBe('applied');
    expect(final.get('1002/103')).toBe('2');

    // Every item the API applied is an "applied" line in one of the two logs: no write went unaccounted, none twice.
    const applied = [...auditA, ...auditB].filter((e) => e.outcome === 'applied').length;
    expect(emulator.stats().itemsWritten).toBe(applied);
    // An apply with failures exits 1; one without exits 0.
    expect(a.code).toBe(auditA.some((e) => e.outcome === 'failed') ? 1 : 0);
    expect(b.code).toBe(auditB.some((e) => e.outcome === 'failed') ? 1 : 0);
    expect(pairs(emulator.snapshot(), (s) => OUT_OF_SCOPE.has(s))).toEqual(pairs(LIVE, (s) => OUT_OF_SCOPE.has(s)));
  });
});

describe('another writer during an apply (no ETags: the wave guard)', () => {
  it('a change that lands before the wave that would write its pair is never overwritten: that pair fails as a concurrent change, the rest applies', async () => {
    // Latency keeps the first wave (the upsert) in flight long enough for another writer to act meanwhile.
    const emulator = await emulatorFor({ latencyMs: 300 });
    const cwd = await stateDir();
    const apply = spawnCli(['apply', '--auto-approve', '--rate', '50'], { cwd, env: envFor(emulator) });
    await waitFor('the upsert', () => (emulator.stats().calls['POST /agents/skills'] ?? 0) >= 1);
    // Someone sets 1003/101, which the plan removes in the second wave.
    emulator.tenant.update(1003, 101, { proficiency: 2 });
    const run = await apply.done;
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ remove 1003|✗ remove agent03 \/ Billing EN: APPLY_CONCURRENT_CHANGE: changed by someone else since the plan \(planned from proficiency 8, active; now proficiency 2, active\); not overwritten/);
    expect(emulator.tenant.assignment(1003, 101)).toMatchObject({ proficiency: 2 });
    // The other removal and every add and change went through.
    expect(emulator.tenant.assignment(1001, 102)).toBeUndefined();
    expect(emulator.stats().itemsWritten).toBe(CHANGES - 1);
  });
});
