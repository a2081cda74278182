import { describe, expect, it } from 'vitest';
import type { TenantData } from '../../src/emulator/index.js';
import { runCli } from './harness.js';
import { CONFIG, emulatorFor, envFor, readAudit, readIntents, spawnCli, stateDir, waitFor } from './faults-harness.js';
import { pairs, tenant } from './tenant.js';

// 30 agents; agent i holds skill A_i (proficiency 5) and B_i (7) of the five in-scope skills 101..105.
// Desired: A_i at 3 (update), B_i removed, C_i added at 4: 30 of each kind, 5 calls per kind (by skill).
const AGENTS = 30;
const skillAt = (i: number, shift: number) => 101 + ((i + shift) % 5);
const LIVE: TenantData = tenant(AGENTS, Array.from({ length: AGENTS }, (_, i) => [[1001 + i, skillAt(i, 0), 5], [1001 + i, skillAt(i, 1), 7]] as Array<[number, number, number]>).flat());
const NAMES: Record<number, string> = { 101: 'Billing EN', 102: 'Billing ES', 103: 'Sales EN', 104: 'Sales ES', 105: 'Retention' };
const STATE = `agents:\n${Array.from({ length: AGENTS }, (_, i) => `  agent${String(i + 1).padStart(2, '0')}:\n    skills:\n      ${NAMES[skillAt(i, 0)]}: 3\n      ${NAMES[skillAt(i, 2)]}: 4\n`).join('')}`;
const EXPECTED = Array.from({ length: AGENTS }, (_, i) => [`${1001 + i}/${skillAt(i, 0)}=3`, `${1001 + i}/${skillAt(i, 2)}=4`]).flat().sort();
const CHANGES = 90;
const WRITE_CALLS = 15;

describe('kill -9 in the middle of an apply, then apply again', () => {
  it('converges: every change in effect once, none written twice, the audit logs hold whole lines and no duplicates', async () => {
    const emulator = await emulatorFor({ tenant: structuredClone(LIVE) });
    const cwd = await stateDir({ 'cxskills.yaml': CONFIG, 'agents.yaml': STATE });
    const env = envFor(emulator);
    // --force: this plan removes half the managed assignments (a safety threshold), on purpose.
    const first = spawnCli(['apply', '--auto-approve', '--force', '--rate', '12', '--concurrency', '1', '--no-upsert'], { cwd, env });
    await waitFor('40 % of the writes', () => emulator.stats().writes >= Math.round(WRITE_CALLS * 0.4));
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.code).toBeNull();
    const atKill = emulator.stats();
    expect(atKill.writes).toBeLessThan(WRITE_CALLS);
    expect(atKill.itemsWritten).toBeLessThan(CHANGES);

    // Whatever the first run logged is whole JSON lines (readAudit parses each one), and every change
    // that reached the tenant was announced by an intent line before its write was sent.
    const auditFirst = await readAudit(cwd);
    const firstRun = auditFirst[0]?.runId;
    expect(auditFirst.every((e) => e.runId === firstRun && e.outcome === 'applied')).toBe(true);
    const announced = new Set((await readIntents(cwd)).map((e) => `${e.agentId}/${e.skillId}`));
    const now = pairs(emulator.snapshot());
    const before = pairs(LIVE);
    const pairOf = (p: string) => p.split('=')[0]!;
    const landed = [...now.filter((p) => !before.includes(p)), ...before.filter((p) => !now.map(pairOf).includes(pairOf(p)))].map(pairOf);
    expect(landed.length).toBeGreaterThan(0);
    for (const pair of landed) expect(announced.has(pair)).toBe(true);

    const second = await runCli(['apply', '--auto-approve', '--force', '--rate', '50', '--no-upsert'], { cwd, env });
    // The write in flight at the kill (if any) is settled from the live state first, and said so.
    expect(second.stderr).toMatch(/^(note: settled \d+ writes? of an interrupted run from the live state \(\d+ in effect, \d+ not\): see \.cxskills\/audit\.jsonl\n)?$/);
    expect(second.code).toBe(0);
    expect(pairs(emulator.snapshot())).toEqual(EXPECTED);

    // Nothing written twice: the items the API applied add up to the changes, and no add met "already assigned".
    const stats = emulator.stats();
    expect(stats.itemsWritten).toBe(CHANGES);
    expect(stats.status['400'] ?? 0).toBe(0);
    // Every change is in the logs exactly once as applied: by the first run (answered, or settled from the
    // live state after the kill) or by the second, which planned exactly what was left.
    const auditAll = await readAudit(cwd);
    const key = (e: { agentId: number; skillId: number }) => `${e.agentId}/${e.skillId}`;
    const applied = auditAll.filter((e) => e.outcome === 'applied').map(key);
    expect(new Set(applied).size).toBe(applied.length);
    expect(applied).toHaveLength(CHANGES);
    expect(auditAll.filter((e) => e.runId !== firstRun).every((e) => e.outcome === 'applied')).toBe(true);
    // And no intent is left unanswered.
    const answered = new Set(auditAll.map((e) => `${e.runId} ${key(e)}`));
    expect((await readIntents(cwd)).filter((i) => !answered.has(`${i.runId} ${key(i)}`))).toEqual([]);

    expect((await runCli(['plan', '--detailed-exitcode'], { cwd, env })).code).toBe(0);
  });
});
