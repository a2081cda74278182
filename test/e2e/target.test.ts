import { describe, expect, it } from 'vitest';
import { emulatorWorkspaces, runCli } from './harness.js';
import { tenant } from './tenant.js';

const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *", "Sales *", "Retention"]\n  agents: declared\n';
const AGENTS = 'agents:\n  agent01:\n    skills:\n      Billing EN: 3\n  agent02:\n    skills:\n      Sales EN: 8\n      Retention: 2\n';
const LIVE = tenant(3, [
  [1001, 101, 5],
  [1002, 103, 9],
]);
const workspaces = emulatorWorkspaces({ rateLimit: { perSecond: 50, burst: 50 } });

describe('plan and apply narrowed with --agents and --skills', () => {
  it('plans, saves, shows and applies only the narrowed slice, and the rest stays as it was', async () => {
    const { cwd, env, emulator } = await workspaces.start(LIVE, { 'cxskills.yaml': CONFIG, 'agents.yaml': AGENTS });
    const plan = await runCli(['plan', '--agents', 'agent02', '--skills', 'Sales *,Retention', '--out', 'plan.json'], { cwd, env });
    expect(plan.code).toBe(0);
    expect(plan.stdout.split('\n')[0]).toBe('Plan: 1 to add, 1 to change, 0 to remove (1 API call). NARROWED to agents "agent02"; skills "Sales *", "Retention": only these are planned and applied, the rest of skills-state is not.');
    expect(plan.stdout).not.toContain('agent01');
    const show = await runCli(['show', 'plan.json'], { cwd, env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    expect(show.stdout.split('\n')[0]).toContain('NARROWED to agents "agent02"');
    const both = await runCli(['apply', 'plan.json', '--agents', 'agent01', '--auto-approve'], { cwd, env });
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('a saved plan applies the narrowing it was reviewed with');
    const apply = await runCli(['apply', 'plan.json', '--auto-approve'], { cwd, env });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 2 applied, 0 failed');
    expect(apply.stdout.split('\n')[0]).toContain('NARROWED to agents "agent02"');
    const after = await runCli(['plan', '--detailed-exitcode'], { cwd, env });
    expect(after.code).toBe(2);
    expect(after.stdout.split('\n')[0]).toBe('Plan: 0 to add, 1 to change, 0 to remove (1 API call).');
    expect(emulator.stats().writes).toBeGreaterThan(0);
  });

  it('refuses a filter that matches nothing with TARGET_NO_MATCH and a did-you-mean, before any write', async () => {
    const { cwd, env, emulator } = await workspaces.start(LIVE, { 'cxskills.yaml': CONFIG, 'agents.yaml': AGENTS });
    const run = await runCli(['apply', '--agents', 'agnt02', '--auto-approve'], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('TARGET_NO_MATCH');
    expect(run.stderr).toContain('agent02');
    expect(emulator.stats().writes).toBe(0);
  });
});
