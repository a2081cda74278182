import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emulatorEnv, ROOT } from '../e2e/harness.js';
import { tenant } from '../e2e/tenant.js';
import { runAction, type RunnerContext } from './action-runner.js';
import { githubPerTest } from './harness.js';

// The action's steps run the built CLI (`npm test` builds first), as a runner would after `npm ci && npm run build`.
const BUILT = join(ROOT, 'dist/src/cli/commands/github/index.js');

const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *", "Sales *", "Retention"]\n  agents: declared\n';
const AGENTS = 'agents:\n  agent01:\n    skills:\n      Billing EN: 3\n      Sales EN: 4\n  agent02:\n    skills:\n      Retention: 2\n';
const LIVE = tenant(2, [
  [1001, 101, 5],
  [1002, 103, 9],
]);
const PR = { pull_request: { number: 5, head: { sha: 'abc1234'.padEnd(40, '0') } } };

let ctx: RunnerContext;

beforeAll(() => {
  if (!existsSync(BUILT)) throw new Error('dist/ is missing or old: run `npm run build` first (npm test does).');
});

const t = githubPerTest({
  tenant: LIVE,
  setup: async () => {
    await mkdir(join(t.box.cwd, 'tenants/emea'), { recursive: true });
    await t.box.file('tenants/emea/cxskills.yaml', CONFIG);
    await t.box.file('tenants/emea/agents.yaml', AGENTS);
    // The action's checkout: the built CLI, with the github command whether or not main lists it yet.
    const actionPath = join(t.box.cwd, '.action');
    await mkdir(join(actionPath, 'dist/src/cli'), { recursive: true });
    await writeFile(
      join(actionPath, 'dist/src/cli/main.js'),
      [
        `import { main, COMMANDS } from ${JSON.stringify(join(ROOT, 'dist/src/cli/main.js'))};`,
        `import { githubCommand } from ${JSON.stringify(BUILT)};`,
        "if (!COMMANDS.some((c) => c.name === 'github')) COMMANDS.push(githubCommand);",
        'const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };',
        'process.exitCode = await main(process.argv.slice(2), io);',
      ].join('\n'),
    );
    ctx = {
      cwd: t.box.cwd,
      actionPath,
      env: {
        ...emulatorEnv(t.emulator),
        ...t.env(),
        GITHUB_STEP_SUMMARY: join(t.box.cwd, 'summary.md'),
        GITHUB_WORKSPACE: t.box.cwd,
        GITHUB_SERVER_URL: 'https://github.test',
        GITHUB_RUN_ID: '99',
      },
    };
  },
});

describe('action.yml, its run steps under bash against the emulator and a fake GitHub', () => {
  it('plans a pull request: outputs, job summary, and one sticky comment across runs', async () => {
    const inputs = { command: 'plan', 'state-dir': 'tenants/emea', comment: 'true' };
    const first = await runAction(inputs, { ...ctx, event: PR });
    expect(first.code, first.log).toBe(0);
    expect(first.outputs).toMatchObject({ valid: 'true', 'has-changes': 'true', add: '2', update: '1', remove: '1', unsafe: 'false', 'plan-file': 'cxskills-out/plan.json' });
    expect(first.outputs['comment-url']).toMatch(/\/pull\/5#issuecomment-\d+$/);
    expect(await readFile(join(t.box.cwd, 'summary.md'), 'utf8')).toContain('**Plan: 2 to add, 1 to change, 1 to remove (');
    const second = await runAction(inputs, { ...ctx, event: PR });
    expect(second.code, second.log).toBe(0);
    expect(t.gh.comments).toHaveLength(1);
    expect(t.gh.comments[0]!.issue).toBe(5);
    expect(t.gh.comments[0]!.body).toContain('<!-- cxskills:plan dir=tenants%2Femea -->');
  });

  it('annotates YAML errors on their lines, fails, and says on the pull request that the plan failed', async () => {
    t.gh.comments.push({ id: 1, issue: 5, body: '<!-- cxskills:plan dir=tenants%2Femea -->\nan earlier plan', user: 'github-actions[bot]' });
    await t.box.file('tenants/emea/agents.yaml', AGENTS.replace('Retention: 2', 'Retention: 42'));
    const run = await runAction({ command: 'plan', 'state-dir': 'tenants/emea', comment: 'true' }, { ...ctx, event: PR });
    expect(run.code).toBe(1);
    expect(run.log).toMatch(/^::error file=tenants\/emea\/agents\.yaml,line=8,col=18,title=\w+::/m);
    expect(run.ran).toContain('Say on the pull request that the plan failed');
    expect(t.gh.comments).toHaveLength(1);
    expect(t.gh.comments[0]!.body).toContain(`**No plan for commit ${PR.pull_request.head.sha}**`);
  });

  it('opens the drift issue with command drift', async () => {
    const run = await runAction({ command: 'drift', 'state-dir': 'tenants/emea' }, ctx);
    expect(run.code, run.log).toBe(0);
    expect(run.outputs).toMatchObject({ 'has-changes': 'true', 'issue-action': 'created' });
    expect(t.gh.issues).toHaveLength(1);
  });

  it('applies a saved plan and reports what it applied', async () => {
    expect((await runAction({ command: 'plan', 'state-dir': 'tenants/emea' }, ctx)).code).toBe(0);
    const run = await runAction({ command: 'apply', 'state-dir': 'tenants/emea' }, ctx);
    expect(run.code, run.log).toBe(0);
    expect(run.outputs).toMatchObject({ applied: '4', failed: '0', 'not-attempted': '0', 'has-changes': 'true' });
    expect(await readFile(join(t.box.cwd, 'summary.md'), 'utf8')).toContain('### cxskills apply: `tenants/emea`: complete');
    // An intent line before each write and an outcome line after it, per change.
    const lines = (await readFile(join(t.box.cwd, 'cxskills-out/audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { outcome: string });
    expect(lines.filter((l) => l.outcome !== 'intent')).toHaveLength(4);
    expect(lines.filter((l) => l.outcome === 'intent')).toHaveLength(4);
  });

  it('validates without any secret', async () => {
    const run = await runAction({ command: 'validate', 'state-dir': 'tenants/emea' }, { ...ctx, env: { PATH: process.env.PATH } });
    expect(run.code, run.log).toBe(0);
    expect(run.outputs.valid).toBe('true');
    expect(run.ran).toEqual(['Check inputs', 'Validate']);
  });

  it('refuses an unknown command', async () => {
    const run = await runAction({ command: 'destroy' }, ctx);
    expect(run.code).toBe(1);
    expect(run.log).toBe('::error title=cxskills::input command must be validate, plan, apply or drift\n');
  });
});
