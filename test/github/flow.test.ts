import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyCommand } from '../../src/cli/commands/apply.js';
import { planCommand } from '../../src/cli/commands/plan.js';
import { emulatorEnv } from '../e2e/harness.js';
import { tenant } from '../e2e/tenant.js';
import { githubPerTest } from './harness.js';

const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *", "Sales *", "Retention"]\n  agents: declared\n';
const AGENTS = 'agents:\n  agent01:\n    skills:\n      Billing EN: 3\n      Sales EN: 4\n  agent02:\n    skills:\n      Retention: 2\n';
const LIVE = tenant(2, [
  [1001, 101, 5],
  [1002, 103, 9],
]);

const t = githubPerTest({
  tenant: LIVE,
  setup: async () => {
    await mkdir(join(t.box.cwd, 'tenants/emea'), { recursive: true });
    await mkdir(join(t.box.cwd, 'out'));
    await t.box.file('tenants/emea/cxskills.yaml', CONFIG);
    await t.box.file('tenants/emea/agents.yaml', AGENTS);
  },
});

/** What Actions gives a step: its output and summary files, the run, the checkout. */
function actionsEnv(step: string): NodeJS.ProcessEnv {
  return {
    ...emulatorEnv(t.emulator),
    ...t.env(),
    GITHUB_OUTPUT: join(t.box.cwd, `${step}.out`),
    GITHUB_STEP_SUMMARY: join(t.box.cwd, 'summary.md'),
    GITHUB_SERVER_URL: 'https://github.test',
    GITHUB_RUN_ID: '31337',
    GITHUB_WORKSPACE: t.box.cwd,
  };
}

/** GITHUB_OUTPUT entries (`name<<DELIM … DELIM`) as a map. */
async function outputs(step: string): Promise<Record<string, string>> {
  const text = await t.box.read(`${step}.out`);
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) out[m[1]!] = m[3]!;
  return out;
}

describe('the GitHub flow against the CXone emulator', () => {
  it('plans, summarizes, comments, opens the drift issue, applies, reports the apply, and closes the issue', async () => {
    const plan = await t.box.runCommand(planCommand, ['--dir', 'tenants/emea', '--out', 'out/plan.json', '--detailed-exitcode'], actionsEnv('plan'));
    expect(plan.code).toBe(2);

    const summary = await t.box.run(['summary', '--plan', 'out/plan.json'], actionsEnv('summary'));
    expect(summary).toEqual({ code: 0, stdout: 'Plan: 2 to add, 1 to change, 1 to remove (2 API calls).\n', stderr: '' });
    expect(await outputs('summary')).toEqual({
      'has-changes': 'true',
      add: '2',
      update: '1',
      remove: '1',
      calls: '2',
      'managed-agents': '2',
      unsafe: 'false',
      summary: 'Plan: 2 to add, 1 to change, 1 to remove (2 API calls).',
      'next-transition': '',
      scheduled: '0',
    });
    expect(await t.box.read('summary.md')).toContain('## cxskills plan for tenants/emea');

    expect((await t.box.run(['comment', '--pr', '3', '--plan', 'out/plan.json'], actionsEnv('comment'))).code).toBe(0);
    expect(t.gh.comments).toHaveLength(1);
    expect(t.gh.comments[0]!.body).toMatch(/^<!-- cxskills:plan dir=tenants%2Femea -->\n## cxskills plan for tenants\/emea\n/);
    expect(t.gh.comments[0]!.body).toContain('Posted by cxskills from [this workflow run](https://github.test/acme/cx-config/actions/runs/31337).');

    expect((await t.box.run(['drift-issue', '--plan', 'out/plan.json'], actionsEnv('drift'))).code).toBe(0);
    expect(await outputs('drift')).toMatchObject({ 'issue-action': 'created' });

    const apply = await t.box.runCommand(applyCommand, ['--plan', 'out/plan.json', '--auto-approve', '--audit', 'out/audit.jsonl'], actionsEnv('apply'));
    expect(apply.code).toBe(0);
    const report = await t.box.run(['summary', '--plan', 'out/plan.json', '--audit', 'out/audit.jsonl', '--exit-code', String(apply.code)], actionsEnv('report'));
    expect(report.stdout).toBe('Apply of tenants/emea: 4 applied, 0 already in effect, 0 failed, 0 not attempted.\n');
    expect(await outputs('report')).toMatchObject({ applied: '4', failed: '0', 'not-attempted': '0', 'has-changes': 'true' });
    expect(await t.box.read('summary.md')).toContain('### cxskills apply: `tenants/emea`: complete');

    const again = await t.box.runCommand(planCommand, ['--dir', 'tenants/emea', '--out', 'out/plan2.json', '--detailed-exitcode'], actionsEnv('plan2'));
    expect(again.code).toBe(0);
    expect((await t.box.run(['drift-issue', '--plan', 'out/plan2.json'], actionsEnv('drift2'))).code).toBe(0);
    expect(await outputs('drift2')).toMatchObject({ 'issue-action': 'closed' });
    expect(t.gh.issues.map((i) => i.state)).toEqual(['closed']);
  });

  it('reports a window that opened but is not applied yet as scheduled, not drift, and exposes the next transition', async () => {
    const opened = new Date(Date.now() - 3_600_000).toISOString();
    const closes = new Date(Date.now() + 86_400_000).toISOString();
    // Live already matches everything but the window: agent02's Retention opened an hour ago.
    await t.box.file('tenants/emea/agents.yaml', `agents:\n  agent01:\n    skills:\n      Billing EN: 5\n  agent02:\n    skills:\n      Sales EN: 9\n      Retention: { proficiency: 2, from: "${opened}", until: "${closes}" }\n`);
    await t.box.runCommand(planCommand, ['--dir', 'tenants/emea', '--out', 'out/plan.json'], actionsEnv('plan'));
    expect((await t.box.run(['summary', '--plan', 'out/plan.json'], actionsEnv('summary'))).code).toBe(0);
    expect(await outputs('summary')).toMatchObject({ 'has-changes': 'true', add: '1', scheduled: '1', 'next-transition': closes });
    const drift = await t.box.run(['drift-issue', '--plan', 'out/plan.json'], actionsEnv('drift'));
    expect(drift.stdout).toBe('No drift and no open drift issue for tenants/emea.\nScheduled, not drift: 1 change of tenants/emea enacts a window that opened or closed since the last apply.\n');
    expect(await outputs('drift')).toMatchObject({ 'issue-action': 'none', scheduled: '1' });
    expect(t.gh.issues).toEqual([]);
    // Someone changes agent01 in CXone as well: that is drift; the issue opens and says which change is scheduled.
    await t.box.file('tenants/emea/agents.yaml', (await t.box.read('tenants/emea/agents.yaml')).replace('Billing EN: 5', 'Billing EN: 4'));
    await t.box.runCommand(planCommand, ['--dir', 'tenants/emea', '--out', 'out/plan2.json'], actionsEnv('plan2'));
    expect((await t.box.run(['drift-issue', '--plan', 'out/plan2.json'], actionsEnv('drift2'))).code).toBe(0);
    expect(await outputs('drift2')).toMatchObject({ 'issue-action': 'created', scheduled: '1' });
    expect(t.gh.issues[0]!.body).toContain('**Scheduled: 1 of the changes above enacts a window that opened or closed since the last apply (not drift).**');
    // The hand-made change is undone in the state: what is left is scheduled, so the issue closes and says why.
    await t.box.file('tenants/emea/agents.yaml', (await t.box.read('tenants/emea/agents.yaml')).replace('Billing EN: 4', 'Billing EN: 5'));
    await t.box.runCommand(planCommand, ['--dir', 'tenants/emea', '--out', 'out/plan3.json'], actionsEnv('plan3'));
    expect((await t.box.run(['drift-issue', '--plan', 'out/plan3.json'], actionsEnv('drift3'))).code).toBe(0);
    expect(await outputs('drift3')).toMatchObject({ 'issue-action': 'closed', scheduled: '1' });
    expect(t.gh.issues.map((i) => i.state)).toEqual(['closed']);
    expect(JSON.stringify(t.gh.comments)).toContain('No drift any more: the live CXone skills differ from **tenants/emea** only by 1 scheduled window change, which the next apply enacts');
  });

  it('says in the job summary which changes were not applied when apply refuses a stale plan', async () => {
    await t.box.runCommand(planCommand, ['--dir', 'tenants/emea', '--out', 'out/plan.json'], actionsEnv('plan'));
    // Someone changes a managed agent in CXone between the plan and the apply.
    await t.box.file('tenants/emea/agents.yaml', AGENTS.replace('Billing EN: 3', 'Billing EN: 2'));
    await t.box.runCommand(planCommand, ['--dir', 'tenants/emea', '--out', 'out/other.json'], actionsEnv('other'));
    expect((await t.box.runCommand(applyCommand, ['--plan', 'out/other.json', '--auto-approve', '--audit', 'out/other.jsonl'], actionsEnv('x'))).code).toBe(0);

    const apply = await t.box.runCommand(applyCommand, ['--plan', 'out/plan.json', '--auto-approve', '--audit', 'out/audit.jsonl'], actionsEnv('apply'));
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('PLAN_STALE');
    const annotated = await t.box.run(['annotate'], actionsEnv('annotate'), apply.stderr);
    expect(annotated.stdout).toMatch(/^::error title=PLAN_STALE::The live skills of the managed agents changed since this plan was made/m);

    await writeFile(join(t.box.cwd, 'out/audit.jsonl'), '');
    const report = await t.box.run(['summary', '--plan', 'out/plan.json', '--audit', 'out/audit.jsonl', '--exit-code', '1'], actionsEnv('report'));
    expect(report.stdout).toBe('Apply of tenants/emea: 0 applied, 0 already in effect, 0 failed, 4 not attempted.\n');
    const md = await t.box.read('summary.md');
    expect(md).toContain('### cxskills apply: `tenants/emea`: INCOMPLETE');
    expect(md).toContain('| `agent01` | `Billing EN` | update | not-attempted |  |');
  });
});
