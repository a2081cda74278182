import { describe, expect, it } from 'vitest';
import { emulatorWorkspaces, runCli } from './harness.js';
import { tenant } from './tenant.js';

const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *"]\n  agents: declared\nrate: 40\n';
const AGENTS = 'agents:\n  agent01:\n    skills:\n      Billing EN: 3\n';
const workspaces = emulatorWorkspaces();

describe('rate per tenant in cxskills.yaml', () => {
  it('is the rate of plan when neither --rate nor CXSKILLS_RATE is given, and both override it', async () => {
    const { cwd, env } = await workspaces.start(tenant(2, [[1001, 101, 5]]), { 'cxskills.yaml': CONFIG, 'agents.yaml': AGENTS });
    const estimate = async (args: string[], extra: Record<string, string> = {}) => {
      const run = await runCli(['plan', ...args], { cwd, env: { ...env, ...extra } });
      expect(run.code).toBe(0);
      return run.stdout.split('\n').find((l) => l.startsWith('Estimate:'));
    };
    expect(await estimate([])).toMatch(/ at 40 requests\/s/);
    expect(await estimate([], { CXSKILLS_RATE: '20' })).toMatch(/ at 20 requests\/s/);
    expect(await estimate(['--rate', '10'], { CXSKILLS_RATE: '20' })).toMatch(/ at 10 requests\/s/);
  });

  it('refuses a bad rate in cxskills.yaml with its code and place, before the tenant is read', async () => {
    const { cwd, env, emulator } = await workspaces.start(tenant(2, []), { 'cxskills.yaml': CONFIG.replace('rate: 40', 'rate: 0'), 'agents.yaml': AGENTS });
    const run = await runCli(['apply', '--auto-approve'], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/skills-state[/\\]cxskills\.yaml:5:7: error RATE_INVALID: rate must be a number of requests per second, at least 0\.1/);
    expect(emulator.stats().reads).toBe(0);
  });
});
