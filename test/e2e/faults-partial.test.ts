import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';
import { CHANGES, EXPECTED_IN_SCOPE, emulatorFor, envFor, expectConverged, readAudit, stateDir } from './faults-harness.js';

describe('partial failure: some items are always rejected', () => {
  it('applies the others, names each failure, exits 1, and the audit log holds exactly what happened', async () => {
    const emulator = await emulatorFor();
    const cwd = await stateDir();
    const env = envFor(emulator);
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd, env })).code).toBe(0);
    // After the review, someone switches Retention off: CXone refuses to assign an inactive skill (400 with details).
    emulator.tenant.putSkill({ ...emulator.tenant.skill(105)!, isActive: false });

    const run = await runCli(['apply', '--plan', 'plan.json', '--auto-approve', '--rate', '50'], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ add agent01 \/ Retention: CXONE_INVALID_ITEMS: .*inactive/);
    expect(run.stdout).toMatch(/✗ add agent02 \/ Retention: CXONE_INVALID_ITEMS: .*inactive/);
    expect(run.stdout).toContain(`Apply incomplete: ${CHANGES - 2} applied, 2 failed; verified ${CHANGES - 2}/${CHANGES - 2} changes in effect.`);

    const failed = ['1001/105', '1002/105'];
    const audit = await readAudit(cwd);
    expect(audit.map((e) => `${e.agentId}/${e.skillId} ${e.outcome}`).filter((l) => l.endsWith('failed')).sort()).toEqual(failed.map((k) => `${k} failed`));
    expect(audit.filter((e) => e.outcome === 'applied')).toHaveLength(CHANGES - 2);
    expect(audit.find((e) => e.outcome === 'failed')!.error).toMatchObject({ code: 'CXONE_INVALID_ITEMS', message: expect.stringMatching(/inactive/) });
    expect(emulator.stats().itemsWritten).toBe(CHANGES - 2);
    expectConverged(emulator.snapshot(), EXPECTED_IN_SCOPE.filter((p) => !failed.some((k) => p.startsWith(`${k}=`))));

    // Applying again says, before writing anything, why the rest cannot be done.
    const before = emulator.stats().writes;
    const again = await runCli(['apply', '--auto-approve', '--rate', '50'], { cwd, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('SKILL_INACTIVE');
    expect(again.stderr).toContain('Retention');
    expect(emulator.stats().writes).toBe(before);
  });
});
