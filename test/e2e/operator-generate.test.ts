import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulatorWorkspaces } from './harness.js';
import { runOperator } from './operator-harness.js';
import { pairs, tenant } from './tenant.js';

const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *", "Sales *"]\n  agents: declared\n';
const PROFILES = 'profiles:\n  billing-senior:\n    skills:\n      Billing EN: 2\n      Billing ES: 4\n  billing:\n    skills:\n      Billing EN: 7\n';
const ROSTER = 'Agent,Department,Role,Language\r\nagent01,Billing,Senior,ES\r\nagent02,Billing,Agent,EN\r\n"agent03",Sales,Agent,ES\r\n';
const RULES = `version: 1
key: agent
rules:
  - match: { department: Billing, role: Senior }
    profiles: [billing-senior]
    stop: true
  - match: { department: Billing }
    profiles: [billing]
  - match: { department: Sales }
    skills:
      "Sales {language}": 6
`;
// agent04 is not in the roster (unmanaged); it keeps Sales EN covered when agent02 loses it.
const LIVE = tenant(4, [
  [1001, 101, 5],
  [1002, 103, 9],
  [1003, 101, 1],
  [1004, 103, 3],
]);

const workspaces = emulatorWorkspaces();

async function setup(roster = ROSTER, rules = RULES) {
  const ws = await workspaces.start(LIVE, { 'cxskills.yaml': CONFIG, 'profiles.yaml': PROFILES });
  await writeFile(join(ws.cwd, 'roster.csv'), roster);
  await writeFile(join(ws.cwd, 'rules.yaml'), rules);
  return ws;
}

const GENERATE = ['generate', '--roster', 'roster.csv', '--rules', 'rules.yaml', '--out', 'skills-state/teams', '--dir', 'skills-state'];

describe('cxskills generate against the emulator', () => {
  it('turns the roster into agents YAML that plans and applies like a hand edit, and --check then says up to date', async () => {
    const { cwd, env, emulator } = await setup();
    const gen = await runOperator([...GENERATE, '--check-live'], { cwd, env });
    expect(gen.stderr).toBe('');
    expect(gen.code).toBe(0);
    expect(gen.stdout).toBe('Wrote skills-state/teams/roster.yaml: 3 agents from 3 roster rows.\n');
    expect(await readFile(join(cwd, 'skills-state/teams/roster.yaml'), 'utf8')).toContain('agents:\n  agent01:\n    profiles: [billing-senior]\n  agent02:\n    profiles: [billing]\n  agent03:\n    skills:\n      Sales ES: 6\n');

    const plan = await runOperator(['plan', '--dir', 'skills-state', '--detailed-exitcode'], { cwd, env });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('agent01\n  ~ Billing EN  proficiency 5 → 2\n  + Billing ES  proficiency 4\n');
    const apply = await runOperator(['apply', '--dir', 'skills-state', '--auto-approve'], { cwd, env });
    expect(apply.code).toBe(0);
    expect(pairs(emulator.snapshot())).toEqual(['1001/101=2', '1001/102=4', '1002/101=7', '1003/104=6', '1004/103=3']);

    const check = await runOperator([...GENERATE, '--check'], { cwd, env });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('skills-state/teams/roster.yaml is up to date (3 agents from 3 roster rows).');
    await writeFile(join(cwd, 'roster.csv'), `${ROSTER}agent05,Sales,Agent,EN\r\n`);
    const stale = await runOperator([...GENERATE, '--check'], { cwd, env });
    expect(stale.code).toBe(2);
    expect(stale.stdout).toContain('is out of date');
  });

  it('names the roster line of every bad row and writes nothing', async () => {
    const { cwd, env } = await setup(`${ROSTER}agent04,Legal,Agent,EN\r\nagent02,Sales,Agent,EN\r\n`);
    const gen = await runOperator(GENERATE, { cwd, env });
    expect(gen.code).toBe(1);
    expect(gen.stderr).toContain('roster.csv:5: error ROSTER_NO_RULE: agent "agent04" matches no rule (department="Legal", role="Agent")');
    expect(gen.stderr).toContain('roster.csv:6: error ROSTER_DUPLICATE: agent "agent02" is listed twice; first on line 3');
    await expect(access(join(cwd, 'skills-state/teams/roster.yaml'))).rejects.toThrow();
  });

  it('with --check-live, names rows whose agent the tenant does not have', async () => {
    const { cwd, env } = await setup(`${ROSTER}agent4,Sales,Agent,EN\r\n`);
    const gen = await runOperator([...GENERATE, '--check-live'], { cwd, env });
    expect(gen.code).toBe(1);
    expect(gen.stderr).toContain('roster.csv:5: error ROSTER_UNKNOWN_AGENT: no agent "agent4" in the tenant');
  });

  it('reports a generated file that does not fit the state directory', async () => {
    const { cwd, env } = await setup(ROSTER, RULES.replace('profiles: [billing]', 'profiles: [billing-junior]'));
    const gen = await runOperator(GENERATE, { cwd, env });
    expect(gen.code).toBe(1);
    expect(gen.stderr).toContain('The generated teams/roster.yaml does not fit the skills-state in skills-state:');
    expect(gen.stderr).toContain('error PROFILE_UNKNOWN');
  });

  it('checks its options and prints a complete help', async () => {
    const { cwd, env } = await setup();
    const missing = await runOperator(['generate', '--roster', 'roster.csv'], { cwd, env });
    expect(missing.stderr).toContain('generate: --rules is required.');
    const noFile = await runOperator(['generate', '--roster', 'nope.csv', '--rules', 'rules.yaml', '--out', 'x.yaml'], { cwd, env });
    expect(noFile.stderr).toContain('cannot read the roster file nope.csv: it does not exist');
    const help = await runOperator(['generate', '--help'], { cwd, env });
    for (const flag of ['--roster', '--rules', '--out', '--dir', '--check-live', '--check', '--delimiter', 'ROSTER_NO_RULE', 'skip: true']) expect(help.stdout).toContain(flag);
  });
});
