import { describe, expect, it } from 'vitest';
import { adds, githubPerTest } from './harness.js';

const t = githubPerTest();

const open = () => t.gh.issues.filter((i) => i.state === 'open');

describe('cxskills github drift-issue', () => {
  it('opens one labelled issue, updates it on the next drift, and closes it with a comment when drift is gone', async () => {
    await t.box.planFile('drift.json', adds(3));
    const first = await t.box.run(['drift-issue', '--plan', 'drift.json'], t.env());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Opened drift issue #\d+ \(https:\/\/github\.test\/acme\/cx-config\/issues\/\d+\) for skills-state\.\n$/);
    expect(t.gh.labels.has('drift')).toBe(true);
    expect(open()).toHaveLength(1);
    const issue = open()[0]!;
    expect(issue.labels).toEqual(['drift']);
    expect(issue.title).toBe('Drift: live CXone skills differ from skills-state');
    expect(issue.body.startsWith('<!-- cxskills:drift dir=skills-state -->\n')).toBe(true);
    expect(issue.body).toContain('Plan: 3 to add');

    issue.title = 'Drift (triaged by ops)';
    await t.box.planFile('drift.json', adds(4));
    const second = await t.box.run(['drift-issue', '--plan', 'drift.json'], t.env());
    expect(second.stdout).toMatch(/^Updated drift issue #/);
    expect(t.gh.issues).toHaveLength(1);
    expect(issue.body).toContain('Plan: 4 to add');
    expect(issue.title).toBe('Drift (triaged by ops)');

    await t.box.planFile('none.json', []);
    const gone = await t.box.run(['drift-issue', '--plan', 'none.json'], t.env({ GITHUB_SERVER_URL: 'https://github.test', GITHUB_RUN_ID: '77' }));
    expect(gone.code).toBe(0);
    expect(gone.stdout).toMatch(/^Closed drift issue #/);
    expect(issue.state).toBe('closed');
    expect(issue.state_reason).toBe('completed');
    const closing = t.gh.comments.filter((c) => c.issue === issue.number);
    expect(closing).toHaveLength(1);
    expect(closing[0]!.body).toBe('No drift any more: the live CXone skills match **skills-state** again (checked by [this workflow run](https://github.test/acme/cx-config/actions/runs/77)). Closing.');

    const quiet = await t.box.run(['drift-issue', '--plan', 'none.json'], t.env());
    expect(quiet.stdout).toBe('No drift and no open drift issue for skills-state.\n');
    expect(t.gh.issues).toHaveLength(1);
  });

  it('tells its issue apart from pull requests, other directories and closed issues with the same label', async () => {
    t.gh.labels.add('drift');
    t.gh.issues.push({ number: 1, title: 'pr', body: '<!-- cxskills:drift dir=skills-state -->', state: 'open', state_reason: null, labels: ['drift'], pull_request: true });
    t.gh.issues.push({ number: 2, title: 'emea', body: '<!-- cxskills:drift dir=tenants%2Femea -->', state: 'open', state_reason: null, labels: ['drift'] });
    t.gh.issues.push({ number: 3, title: 'old', body: '<!-- cxskills:drift dir=skills-state -->', state: 'closed', state_reason: 'completed', labels: ['drift'] });
    t.gh.pageSize = 1;
    await t.box.planFile('drift.json', adds(1));
    await t.box.run(['drift-issue', '--plan', 'drift.json'], t.env());
    await t.box.run(['drift-issue', '--plan', 'drift.json'], t.env());
    expect(t.gh.issues).toHaveLength(4);
    expect(t.gh.issues.slice(0, 3).map((i) => i.body)).toEqual(['<!-- cxskills:drift dir=skills-state -->', '<!-- cxskills:drift dir=tenants%2Femea -->', '<!-- cxskills:drift dir=skills-state -->']);
    expect(t.gh.issues[3]!.labels).toEqual(['drift']);
  });

  it('takes a Markdown body with --has-changes, and cuts it to 65,536 characters', async () => {
    await t.box.file('drift.md', `# drift\n\n${'| a | b |\n'.repeat(20_000)}`);
    const run = await t.box.run(['drift-issue', '--body-file', 'drift.md', '--has-changes', 'true', '--dir', 'tenants/apac', '--label', 'cx-drift'], t.env());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(body cut to fit 65,536 characters)');
    const issue = t.gh.issues[0]!;
    expect(issue.labels).toEqual(['cx-drift']);
    expect(issue.body.length).toBeLessThanOrEqual(65_536);
    expect(issue.body.startsWith('<!-- cxskills:drift dir=tenants%2Fapac -->\n')).toBe(true);
    const closed = await t.box.run(['drift-issue', '--body-file', 'drift.md', '--has-changes', 'false', '--dir', 'tenants/apac', '--label', 'cx-drift'], t.env());
    expect(closed.stdout).toMatch(/^Closed drift issue/);
  });

  it('checks its options before calling GitHub', async () => {
    const cases: Array<[string[], string]> = [
      [['--plan', 'p.json', '--has-changes', 'true'], 'github drift-issue: --has-changes goes with --body-file; a plan says whether it has changes.\n'],
      [['--body-file', 'b.md'], 'github drift-issue: --body-file needs --has-changes true|false.\n'],
      [['--body-file', 'b.md', '--has-changes', 'yes'], 'github drift-issue: --has-changes must be true or false, got "yes".\n'],
      [[], 'github drift-issue: give exactly one of --plan FILE and --body-file FILE. See `cxskills github drift-issue --help`.\n'],
    ];
    for (const [args, message] of cases) {
      const run = await t.box.run(['drift-issue', ...args], t.env());
      expect(run).toEqual({ code: 1, stdout: '', stderr: message });
    }
    expect(t.gh.requests).toEqual([]);
  });
});
