import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatAnnotation, parseDiagnosticLine } from '../../src/github/annotations.js';
import { emulatorWorkspaces, runCli } from './harness.js';
import { pairs, tenant } from './tenant.js';

const SCOPE = 'version: 1\nscope:\n  skills: ["Billing *", "Sales *", "Retention", "VIP Care"]\n  agents: declared\n';
const POLICY = `${SCOPE}policy:
  - name: VIP levels
    skills: "VIP Care"
    proficiencies: [1, 5]
  - skills: "Sales *"
    excludes: ["Retention"]
    severity: warning
`;
// agent03 is not declared: its live Billing EN counts for minActiveAgents.
const LIVE = tenant(3, [
  [1001, 101, 4],
  [1003, 101, 6],
]);
const BREAKS = 'agents:\n  agent01:\n    skills:\n      Billing EN: 2\n      VIP Care: 3\n  agent02:\n    skills:\n      Sales EN: 4\n      Retention: 4\n';
const KEEPS = BREAKS.replace('VIP Care: 3', 'VIP Care: 5');

const workspaces = emulatorWorkspaces();

describe('policy in plan and apply, against the emulator', () => {
  it('plan shows policy errors in every format, repeats them on stderr for annotations, exits 1 and saves nothing', async () => {
    const { cwd, env } = await workspaces.start(LIVE, { 'cxskills.yaml': POLICY, 'agents.yaml': BREAKS });
    const plan = await runCli(['plan', '--dir', 'skills-state', '--out', 'plan.json'], { cwd, env });
    expect(plan.code).toBe(1);
    const error = 'skills-state/agents.yaml:5:7: error POLICY_PROFICIENCY: "agent01" has "VIP Care" at proficiency 3; policy rule 1 ("VIP levels") allows only 1, 5 for "VIP Care" (rule at cxskills.yaml:6:5). at /agents/agent01/skills/VIP Care';
    // On stdout in the plan's boxes (the errors' box refuses, the warning is the planner's), on stderr as diagnostic lines.
    // plan names files as it loaded them (absolute); compared here relative to the workspace.
    const shown = plan.stdout.replaceAll(`${cwd}/`, '');
    expect(shown).toContain(`│ Error: policy of cxskills.yaml: refused, no option passes it\n│\n│ ${error.replace(' error POLICY_PROFICIENCY', ' POLICY_PROFICIENCY')}\n╵`);
    expect(shown).toContain('│ Warning: the planner found this\n│\n│ skills-state/agents.yaml:8:7: POLICY_EXCLUDES: "agent02" has "Sales EN" together with "Retention"');
    expect(plan.stdout.trimEnd().split('\n').at(-1)).toContain('1 policy error (refused: the plan is not saved and apply writes nothing).');
    expect(plan.stderr).toContain(error);
    expect(plan.stderr).toContain('The desired state breaks the policy of cxskills.yaml (see above), so it was not saved.');
    await expect(access(join(cwd, 'plan.json'))).rejects.toThrow();

    const markdown = await runCli(['plan', '--dir', 'skills-state', '--format', 'markdown'], { cwd, env });
    expect(markdown.code).toBe(1);
    expect(markdown.stdout.replaceAll(`${cwd}/`, '')).toContain('> [!CAUTION]\n> **Error: policy of cxskills.yaml: refused, no option passes it.**\n>\n> - skills-state/agents.yaml:5:7: **POLICY\\_PROFICIENCY**: "agent01" has "VIP Care" at proficiency 3');
    expect(markdown.stdout).toContain('1 policy error (refused: the plan is not saved and apply writes nothing).**');
    const json = await runCli(['plan', '--dir', 'skills-state', '--format', 'json'], { cwd, env });
    expect(JSON.parse(json.stdout).diagnostics.map((d: { severity: string; code: string; line: number }) => `${d.severity} ${d.code} ${d.line}`)).toEqual(['error POLICY_PROFICIENCY 5', 'warning POLICY_EXCLUDES 8']);

    // What `cxskills github annotate` makes of plan's stderr: an annotation on the line of the pull request.
    const annotations = plan.stderr.split('\n').map((line) => parseDiagnosticLine(line, cwd)).filter((a) => a !== undefined).map(formatAnnotation);
    expect(annotations).toEqual([
      expect.stringMatching(/^::error file=skills-state\/agents.yaml,line=5,col=7,title=POLICY_PROFICIENCY::"agent01" has "VIP Care" at proficiency 3/),
      expect.stringMatching(/^::error title=PLAN_POLICY::The desired state breaks the policy of cxskills.yaml/),
    ]);
  });

  it('apply refuses a state with policy errors with zero writes, fresh or from a saved plan whose rules were tightened since', async () => {
    const { cwd, env, emulator, dir } = await workspaces.start(LIVE, { 'cxskills.yaml': POLICY, 'agents.yaml': BREAKS });
    const refused = await runCli(['apply', '--dir', 'skills-state', '--auto-approve'], { cwd, env });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('│ Error: policy of cxskills.yaml: refused, no option passes it');
    expect(refused.stderr).toContain('error POLICY_PROFICIENCY: "agent01" has "VIP Care" at proficiency 3');
    expect(refused.stderr).toContain('Refusing to apply: the desired state breaks the policy of cxskills.yaml');
    expect(emulator.stats().writes).toBe(0);

    await writeFile(join(dir, 'agents.yaml'), KEEPS);
    const saved = await runCli(['plan', '--dir', 'skills-state', '--out', 'plan.json'], { cwd, env });
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain('skills-state/agents.yaml:8:7: POLICY_EXCLUDES');
    expect(saved.stdout).not.toContain('Error: policy');
    // Merged after the review: Billing needs two active agents, and agent03 (unmanaged) gave it up in the tenant.
    await writeFile(join(dir, 'cxskills.yaml'), `${POLICY}  - skills: "Billing EN"\n    minActiveAgents: 2\n`);
    emulator.tenant.removeAssignment(1003, 101);
    const stale = await runCli(['apply', '--plan', 'plan.json', '--auto-approve', '--force'], { cwd, env });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('skills-state/cxskills.yaml:12:5: error POLICY_MIN_AGENTS: after this plan "Billing EN" has 1 active agent with it switched on (agent01); policy rule 3 requires at least 2. at /policy/2\n');
    expect(stale.stderr).toContain('--force does not pass policy errors');
    expect(emulator.stats().writes).toBe(0);
    expect(pairs(emulator.snapshot())).toEqual(['1001/101=4']);
  });

  it('a state that breaks only warning rules is planned, saved and applied', async () => {
    const { cwd, env, emulator } = await workspaces.start(LIVE, { 'cxskills.yaml': POLICY, 'agents.yaml': KEEPS });
    const plan = await runCli(['plan', '--dir', 'skills-state', '--out', 'plan.json'], { cwd, env });
    expect(plan.code).toBe(0);
    const apply = await runCli(['apply', '--plan', 'plan.json', '--auto-approve'], { cwd, env });
    expect(apply.code).toBe(0);
    expect(apply.stdout.replaceAll(`${cwd}/`, '')).toContain('│ Warning: the planner found this\n│\n│ skills-state/agents.yaml:8:7: POLICY_EXCLUDES');
    expect(pairs(emulator.snapshot())).toEqual(['1001/101=2', '1001/112=5', '1002/103=4', '1002/105=4', '1003/101=6']);
  });

  it('apply of a saved plan judges a rule added since on the whole in-scope tenant, unmanaged holders included, also when staleness is checked by delta', async () => {
    const { cwd, env, emulator, dir } = await workspaces.start(LIVE, { 'cxskills.yaml': POLICY, 'agents.yaml': KEEPS });
    const saved = await runCli(['plan', '--dir', 'skills-state', '--out', 'plan.json'], { cwd, env });
    expect(saved.code).toBe(0);
    // Billing EN keeps two active holders: agent01 (managed) and agent03 (not managed, only in the tenant).
    await writeFile(join(dir, 'cxskills.yaml'), `${POLICY}  - skills: "Billing EN"\n    minActiveAgents: 2\n`);
    const apply = await runCli(['apply', '--plan', 'plan.json', '--auto-approve'], { cwd, env });
    expect(apply.stderr).not.toContain('POLICY_MIN_AGENTS');
    expect(apply.code).toBe(0);
    expect(emulator.stats().writes).toBeGreaterThan(0);
    expect(pairs(emulator.snapshot())).toEqual(['1001/101=2', '1001/112=5', '1002/103=4', '1002/105=4', '1003/101=6']);
  });

  it('validate finds the offline part without credentials', async () => {
    const { cwd } = await workspaces.start(LIVE, { 'cxskills.yaml': POLICY, 'agents.yaml': BREAKS });
    const validate = await runCli(['validate', '--dir', 'skills-state'], { cwd, env: { PATH: process.env.PATH ?? '' } });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain('skills-state/agents.yaml:5:7: error POLICY_PROFICIENCY');
    expect(validate.stderr).toContain('skills-state/agents.yaml:8:7: warning POLICY_EXCLUDES');
    expect(validate.stdout).toBe('skills-state: invalid: 1 error, 1 warning.\n');
    const github = await runCli(['github', 'validate', '--dir', 'skills-state'], { cwd, env: { PATH: process.env.PATH ?? '', GITHUB_WORKSPACE: cwd } });
    expect(github.code).toBe(1);
    expect(github.stdout.split('\n').filter((l) => l.startsWith('::')).map((l) => l.slice(0, l.indexOf('::', 2)))).toEqual([
      '::error file=skills-state/agents.yaml,line=5,col=7,title=POLICY_PROFICIENCY',
      '::warning file=skills-state/agents.yaml,line=8,col=7,title=POLICY_EXCLUDES',
    ]);
  });
});
