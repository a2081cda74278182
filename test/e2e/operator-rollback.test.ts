import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TenantData } from '../../src/emulator/index.js';
import { emulatorWorkspaces } from './harness.js';
import { runOperator } from './operator-harness.js';
import { pairs, tenant } from './tenant.js';

const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *", "Sales *", "Retention"]\n  agents: declared\n';
const AGENTS = `agents:
  agent01:
    skills:
      Billing EN: 3
      Sales EN: 4
  agent02:
    skills:
      Sales EN: { proficiency: 9, active: false }
      Retention: 2
      Billing EN: 6
`;
// agent01: Billing EN 5→3, Billing ES removed, Sales EN added; agent02: Sales EN switched off, Retention and Billing EN added.
// agent03 is unmanaged and keeps Retention covered whatever happens to agent02.
const LIVE = tenant(3, [
  [1001, 101, 5],
  [1001, 102, 7, false],
  [1001, 111, 2],
  [1002, 103, 9],
  [1003, 101, 1],
  [1003, 105, 3],
]);
/** The same without agent03's Retention: agent02 becomes its only holder by the apply. */
const SOLE_RETENTION = { ...LIVE, assignments: LIVE.assignments.filter((a) => !(a.agentId === 1003 && a.skillId === 105)) };

const workspaces = emulatorWorkspaces();

async function appliedSetup(live: TenantData = LIVE) {
  const ws = await workspaces.start(live, { 'cxskills.yaml': CONFIG, 'agents.yaml': AGENTS });
  const { env, emulator } = ws;
  const apply = await runOperator(['apply', '--dir', 'skills-state', '--auto-approve'], { cwd: ws.cwd, env });
  expect(apply.code).toBe(0);
  expect(apply.stdout).toContain('Apply complete: 6 applied, 0 failed');
  return { ...ws, env, emulator };
}

/** The outcome lines of the audit log (not the intent lines written before each write). */
async function auditLines(cwd: string): Promise<Array<Record<string, unknown>>> {
  return (await readFile(join(cwd, '.cxskills/audit.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((e) => e.outcome !== 'intent');
}

describe('cxskills rollback against the emulator', () => {
  it('restores the exact earlier state after an apply, and a second rollback finds nothing left to do', async () => {
    const { cwd, env, emulator } = await appliedSetup();
    expect(pairs(emulator.snapshot())).not.toEqual(pairs(LIVE));
    const runId = (await auditLines(cwd))[0]!.runId as string;

    const rollback = await runOperator(['rollback', '--auto-approve'], { cwd, env });
    expect(rollback.stderr).toBe('');
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain(`Rollback of run ${runId} (`);
    expect(rollback.stdout).toContain('agent01\n  ~ Billing EN  proficiency 3 → 5\n  + Billing ES  proficiency 7, active false\n  - Sales EN    (was proficiency 4)\n');
    expect(rollback.stdout).toContain('agent02\n  - Billing EN  (was proficiency 6)\n  - Retention   (was proficiency 2)\n  ~ Sales EN    active false → true\n');
    expect(rollback.stdout).toContain('Plan: 1 to add, 2 to change, 3 to remove');
    expect(rollback.stdout).toContain('Rollback complete: 6 applied, 0 failed; verified 6/6 changes in effect.');
    // Every assignment (in scope or not, managed or not) is back exactly as it was, active flags included.
    expect(pairs(emulator.snapshot())).toEqual(pairs(LIVE));

    const audit = await auditLines(cwd);
    expect(audit).toHaveLength(12);
    expect(audit.slice(6).every((e) => e.rollbackOf === runId && e.runId !== runId)).toBe(true);

    const again = await runOperator(['rollback', '--auto-approve'], { cwd, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('6 already restored, skipped');
    expect(again.stdout).toContain('No changes.');
    expect(pairs(emulator.snapshot())).toEqual(pairs(LIVE));
  });

  it('refuses when the tenant changed since the run, and writes nothing', async () => {
    const { cwd, env, emulator } = await appliedSetup();
    emulator.tenant.update(1001, 101, { proficiency: 12 });
    emulator.resetStats();
    const rollback = await runOperator(['rollback', '--auto-approve'], { cwd, env });
    expect(rollback.code).toBe(1);
    expect(rollback.stderr).toContain('error ROLLBACK_STALE: agent01 / Billing EN changed since the run: the run left proficiency 3, live is proficiency 12.');
    expect(emulator.stats().writes).toBe(0);
  });

  it('saves the rollback as a plan that apply --plan executes, with the staleness check of any saved plan', async () => {
    const { cwd, env, emulator } = await appliedSetup();
    const writes = emulator.stats().writes;
    const planned = await runOperator(['rollback', '--plan-only', '--out', 'rollback.json'], { cwd, env });
    expect(planned.code).toBe(0);
    expect(planned.stderr).toContain('Saved the rollback plan to rollback.json');
    expect(emulator.stats().writes).toBe(writes);

    emulator.tenant.update(1002, 103, { proficiency: 1 });
    const stale = await runOperator(['apply', '--plan', 'rollback.json', '--auto-approve'], { cwd, env });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('PLAN_STALE');
    emulator.tenant.update(1002, 103, { proficiency: 9 });
    const apply = await runOperator(['apply', '--plan', 'rollback.json', '--auto-approve', '--format', 'json'], { cwd, env });
    expect(apply.code).toBe(0);
    const summary = JSON.parse(apply.stdout) as { status: string; changes: { applied: number }; metrics: { calls: { writes: number }; latencyMs: { p95: number } } };
    expect(summary).toMatchObject({ status: 'complete', changes: { applied: 6 } });
    expect(summary.metrics.calls.writes).toBeGreaterThan(0);
    expect(pairs(emulator.snapshot())).toEqual(pairs(LIVE));
  });

  it('refuses a rollback that leaves a skill without routing unless --allow-uncovered', async () => {
    // The apply adds Retention to agent02, its only holder: rolling back removes the last one.
    const { cwd, env } = await appliedSetup(SOLE_RETENTION);
    const refusedJson = await runOperator(['rollback', '--auto-approve', '--format', 'json'], { cwd, env });
    expect(refusedJson.code).toBe(1);
    expect(refusedJson.stderr).toContain('SKILL_UNCOVERED: Skill "Retention" would be left with no active agent');
    expect(refusedJson.stderr).toContain('Refusing to roll back');
    const allowed = await runOperator(['rollback', '--auto-approve', '--allow-uncovered', '--format', 'json'], { cwd, env });
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ command: 'rollback', status: 'complete', changes: { applied: 6, failed: 0 } });
  });

  it('lists runs, names a missing log, and prints a complete help', async () => {
    const { cwd, env } = await appliedSetup();
    const list = await runOperator(['rollback', '--list'], { cwd, env: { PATH: process.env.PATH } });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^[0-9a-f-]{36} {2}\S+ {2}6 applied, 0 failed\n$/);
    const missing = await runOperator(['rollback', '--audit', 'nope.jsonl'], { cwd, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.jsonl: error AUDIT_UNREADABLE: the audit log does not exist');
    const help = await runOperator(['rollback', '--help'], { cwd, env });
    for (const flag of ['--audit', '--run-id', '--list', '--plan-only', '--out', '--auto-approve', '--allow-uncovered', '--force', '--log', '--format']) expect(help.stdout).toContain(flag);
  });
});
