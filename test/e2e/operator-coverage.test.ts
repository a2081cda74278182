import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { emulatorEnv, emulatorWorkspaces, workspace } from './harness.js';
import { runOperator } from './operator-harness.js';
import { pairs, tenant } from './tenant.js';

const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *", "Sales *", "Retention"]\n  agents: declared\n';
// agent01 is the only one with Retention; agent02's only skill is Sales EN.
const LIVE = tenant(3, [
  [1001, 101, 5],
  [1001, 105, 2],
  [1002, 103, 9],
  [1003, 103, 4],
]);
// Drops Retention from agent01 (last holder) and switches agent02's only skill off.
const AGENTS = 'agents:\n  agent01:\n    skills:\n      Billing EN: 5\n  agent02:\n    skills:\n      Sales EN: { proficiency: 9, active: false }\n';

const workspaces = emulatorWorkspaces();

function setup() {
  return workspaces.start(LIVE, { 'cxskills.yaml': CONFIG, 'agents.yaml': AGENTS });
}

describe('routing-coverage guard in plan and apply', () => {
  it('plan shows the findings, exits 1 and does not save the plan', async () => {
    const { cwd, env } = await setup();
    const plan = await runOperator(['plan', '--dir', 'skills-state', '--out', 'plan.json'], { cwd, env });
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('│ Error: routing coverage: refused without --force or --allow-uncovered');
    expect(plan.stdout).toContain('SKILL_UNCOVERED: Skill "Retention" would be left with no active agent');
    expect(plan.stdout).toContain('AGENT_UNCOVERED: Agent "agent02" is active but would be left with no active in-scope skill');
    expect(plan.stderr).toContain('so it was not saved');
    await expect(access(join(cwd, 'plan.json'))).rejects.toThrow();
    const markdown = await runOperator(['plan', '--dir', 'skills-state', '--format', 'markdown'], { cwd, env });
    expect(markdown.stdout).toContain('> [!CAUTION]\n> **Error: routing coverage');
    const json = await runOperator(['plan', '--dir', 'skills-state', '--format', 'json'], { cwd, env });
    expect(JSON.parse(json.stdout).coverage.map((f: { code: string; severity: string }) => `${f.code}/${f.severity}`)).toEqual(['SKILL_UNCOVERED/error', 'AGENT_UNCOVERED/error']);
  });

  it('--allow-uncovered (or --force) turns them into warnings: the plan is saved, and apply of it needs the allowance too', async () => {
    const { cwd, env, emulator } = await setup();
    const plan = await runOperator(['plan', '--dir', 'skills-state', '--out', 'plan.json', '--allow-uncovered', '--detailed-exitcode'], { cwd, env });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('│ Warning: routing coverage (allowed)');
    const refused = await runOperator(['apply', '--plan', 'plan.json', '--auto-approve'], { cwd, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Refusing to apply: the plan leaves 2 skills or agents without routing coverage');
    expect(emulator.stats().writes).toBe(0);
    const forced = await runOperator(['apply', '--plan', 'plan.json', '--auto-approve', '--force'], { cwd, env });
    expect(forced.code).toBe(0);
    expect(pairs(emulator.snapshot())).toEqual(['1001/101=5', '1002/103=9!', '1003/103=4']);
  });

  it('apply without a saved plan refuses the same way, and a plan that keeps coverage passes untouched', async () => {
    const { cwd, env, emulator } = await setup();
    const refused = await runOperator(['apply', '--dir', 'skills-state', '--auto-approve'], { cwd, env });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('SKILL_UNCOVERED');
    const fine = await setupFine(emulator);
    const apply = await runOperator(['apply', '--dir', 'skills-state', '--auto-approve'], { cwd: fine.cwd, env: fine.env });
    expect(apply.code).toBe(0);
    expect(apply.stdout).not.toContain('routing coverage');
  });
});

/** A second workspace against the same emulator, whose state keeps every skill covered. */
async function setupFine(emulator: RunningEmulator) {
  const ws = await workspace({ 'cxskills.yaml': CONFIG, 'agents.yaml': 'agents:\n  agent01:\n    skills:\n      Billing EN: 3\n      Retention: 2\n' });
  onTestFinished(ws.cleanup);
  return { ...ws, env: emulatorEnv(emulator) };
}
