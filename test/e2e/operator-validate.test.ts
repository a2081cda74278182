import { afterEach, describe, expect, it } from 'vitest';
import { workspace } from './harness.js';
import { runOperator } from './operator-harness.js';

const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *", "Retention"]\n  agents: declared\n';
const VALID = `profiles:
  billing:
    skills:
      Billing EN: 3
agents:
  ann:
    profiles: [billing]
    skills:
      Retention: 2
  bob:
    skills:
      Billing ES: { proficiency: 4, active: false }
`;
/** No CXone settings at all: validate must not need them. */
const OFFLINE = { PATH: process.env.PATH, NO_COLOR: '1' };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function validate(files: Record<string, string>, args: string[] = []) {
  const ws = await workspace(files);
  cleanups.push(ws.cleanup);
  return runOperator(['validate', '--dir', 'skills-state', ...args], { cwd: ws.cwd, env: OFFLINE });
}

describe('cxskills validate (offline)', () => {
  it('accepts a valid directory with no network and no credentials', async () => {
    const run = await validate({ 'cxskills.yaml': CONFIG, 'agents.yaml': VALID });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('skills-state: valid: 2 agents, 3 skill assignments declared.\n');
    expect(run.code).toBe(0);
  });

  it('reports every problem of every file with file:line:col and a code, and exits 1', async () => {
    const run = await validate({
      'cxskills.yaml': CONFIG,
      'a.yaml': 'agents:\n  ann:\n    profiles: [biling]\n    skills:\n      Billing EN: 0\n',
      'b.yaml': 'agents:\n  ann:\n    skills:\n      Sales EN: 2\nprofiles:\n  billing:\n    skills: { Billing EN: 3 }\n  billing: {}\n',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^skills-state: invalid: \d+ errors, 0 warnings\.\n$/);
    expect(run.stderr).toContain('skills-state/a.yaml:5:19: error PROFICIENCY_INVALID:');
    expect(run.stderr).toContain('skills-state/b.yaml:8:3: error YAML_DUPLICATE_KEY:');
    expect(run.stderr).toContain('error SKILL_OUT_OF_SCOPE: skill "Sales EN"');
    expect(run.stderr).toContain('skills-state/b.yaml:2:3: error AGENT_DUPLICATE:');
  });

  it('passes warnings unless --strict', async () => {
    const files = { 'cxskills.yaml': CONFIG, 'agents.yaml': `${VALID.replace('profiles:\n', 'profiles:\n  unused:\n    skills:\n      Retention: 1\n')}` };
    const lenient = await validate(files);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain('warning PROFILE_UNUSED');
    expect(lenient.stdout).toContain('valid: 2 agents, 3 skill assignments declared; 1 warning.');
    const strict = await validate(files, ['--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('skills-state: 1 warning (--strict): 2 agents, 3 skill assignments declared.\n');
  });

  it('prints JSON for tools, and names a missing config', async () => {
    const run = await validate({ 'agents.yaml': VALID }, ['--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { valid: boolean; errors: number; diagnostics: Array<{ code: string; file: string }> };
    expect(report).toMatchObject({ valid: false, errors: 1, warnings: 0, agents: 0 });
    expect(report.diagnostics[0]).toMatchObject({ code: 'CONFIG_MISSING', file: 'skills-state/cxskills.yaml' });
  });

  it('prints a complete help', async () => {
    const run = await validate({}, ['--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--dir', '--strict', '--format', 'pre-commit']) expect(run.stdout).toContain(flag);
  });
});
