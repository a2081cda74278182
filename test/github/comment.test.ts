import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adds, githubPerTest } from './harness.js';

const t = githubPerTest();

const RUN_ENV = { GITHUB_SERVER_URL: 'https://github.test', GITHUB_RUN_ID: '4242' };

describe('cxskills github comment', () => {
  it('creates the comment on the first run and updates that same comment on the second', async () => {
    await t.box.planFile('plan.json', adds(3));
    const first = await t.box.run(['comment', '--pr', '7', '--plan', 'plan.json'], t.env());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Comment created on pull request #7 for skills-state: /);
    expect(t.gh.comments).toHaveLength(1);
    const id = t.gh.comments[0]!.id;
    expect(t.gh.comments[0]!.body.startsWith('<!-- cxskills:plan dir=skills-state -->\n')).toBe(true);
    expect(t.gh.comments[0]!.body).toContain('Plan: 3 to add, 0 to change, 0 to remove');

    await t.box.planFile('plan.json', adds(5));
    const second = await t.box.run(['comment', '--pr', '7', '--plan', 'plan.json'], t.env());
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^Comment updated/);
    expect(t.gh.comments).toHaveLength(1);
    expect(t.gh.comments[0]!.id).toBe(id);
    expect(t.gh.comments[0]!.body).toContain('Plan: 5 to add');
    expect(t.gh.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual([`/repos/acme/cx-config/issues/comments/${id}`]);
  });

  it('still finds its comment after a person edits the text around the marker, and replaces the edit', async () => {
    await t.box.planFile('plan.json', adds(2));
    await t.box.run(['comment', '--pr', '7', '--plan', 'plan.json'], t.env());
    const comment = t.gh.comments[0]!;
    comment.body = `Reviewer note: looks fine to me\n\n${comment.body.replace('Plan: 2 to add', 'Plan: edited by hand')}\n\nanother note`;

    const again = await t.box.run(['comment', '--pr', '7', '--plan', 'plan.json'], t.env());
    expect(again.code).toBe(0);
    expect(t.gh.comments).toHaveLength(1);
    expect(t.gh.comments[0]!.id).toBe(comment.id);
    expect(t.gh.comments[0]!.body).not.toContain('Reviewer note');
    expect(t.gh.comments[0]!.body).toContain('Plan: 2 to add');
  });

  it('leaves other comments alone and keeps one comment per state directory', async () => {
    t.gh.comments.push({ id: 1, issue: 7, body: 'LGTM <!-- cxskills:plan -->', user: 'alice' });
    t.gh.comments.push({ id: 2, issue: 8, body: '<!-- cxskills:plan dir=skills-state -->\nother pull request', user: 'github-actions[bot]' });
    await t.box.planFile('a.json', adds(1), 'tenants/emea');
    await t.box.planFile('b.json', adds(2), 'tenants/apac');
    for (let i = 0; i < 2; i++) {
      expect((await t.box.run(['comment', '--pr', '7', '--plan', 'a.json'], t.env())).code).toBe(0);
      expect((await t.box.run(['comment', '--pr', '7', '--plan', 'b.json'], t.env())).code).toBe(0);
    }
    const ours = t.gh.comments.filter((c) => c.issue === 7 && c.id > 2);
    expect(ours.map((c) => c.body.split('\n')[0])).toEqual(['<!-- cxskills:plan dir=tenants%2Femea -->', '<!-- cxskills:plan dir=tenants%2Fapac -->']);
    expect(t.gh.comments.find((c) => c.id === 1)!.body).toBe('LGTM <!-- cxskills:plan -->');
    expect(t.gh.comments.find((c) => c.id === 2)!.body).toBe('<!-- cxskills:plan dir=skills-state -->\nother pull request');
  });

  it('follows pagination to find a comment that is not on the first page', async () => {
    t.gh.pageSize = 2;
    for (let i = 0; i < 5; i++) t.gh.comments.push({ id: 100 + i, issue: 7, body: `chatter ${i}`, user: 'bob' });
    await t.box.planFile('plan.json', adds(1));
    await t.box.run(['comment', '--pr', '7', '--plan', 'plan.json'], t.env());
    const second = await t.box.run(['comment', '--pr', '7', '--plan', 'plan.json', '--dir', './skills-state/'], t.env());
    expect(second.stdout).toMatch(/^Comment unchanged/);
    expect(t.gh.comments.filter((c) => c.body.includes('cxskills:plan dir=skills-state'))).toHaveLength(1);
    expect(t.gh.requests.some((r) => r.method === 'GET' && r.path.includes('page=3'))).toBe(true);
  });

  it('cuts a plan over 65,536 characters and points to the run for the rest', async () => {
    await t.box.planFile('plan.json', adds(6000));
    const run = await t.box.run(['comment', '--pr', '7', '--plan', 'plan.json'], t.env(RUN_ENV));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(cut to fit 65,536 characters)');
    const body = t.gh.comments[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.length).toBeGreaterThan(60_000);
    expect(body).toContain('Plan: 6,000 to add');
    expect(body).toContain('not shown');
    expect(body).toContain('(https://github.test/acme/cx-config/actions/runs/4242)');
  });

  it('cuts an oversize --body-file at a line, closes its open code block, and keeps the marker', async () => {
    const lines = ['# big', '', '<details><summary>all</summary>', '', '```diff', ...Array.from({ length: 20_000 }, (_, i) => `+ line ${i}`), '```', '</details>'];
    await t.box.file('plan.md', lines.join('\n'));
    const run = await t.box.run(['comment', '--pr', '7', '--body-file', 'plan.md', '--dir', 'skills-state'], t.env(RUN_ENV));
    expect(run.code).toBe(0);
    const body = t.gh.comments[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith('<!-- cxskills:plan dir=skills-state -->\n# big')).toBe(true);
    const cut = body.indexOf('> [!NOTE]');
    expect(body.slice(0, cut)).toMatch(/\+ line \d+\n```\n\n<\/details>\n\n$/);
    expect(body).toContain("cut to fit GitHub's 65,536-character limit");
  });

  it('takes the pull request number from the event file of a pull_request run', async () => {
    await t.box.planFile('plan.json', adds(1));
    const event = join(t.box.cwd, 'event.json');
    await writeFile(event, JSON.stringify({ action: 'synchronize', number: 12, pull_request: { number: 12 } }));
    const run = await t.box.run(['comment', '--plan', 'plan.json'], t.env({ GITHUB_EVENT_PATH: event }));
    expect(run.code).toBe(0);
    expect(t.gh.comments[0]!.issue).toBe(12);
  });

  it('writes comment-id, comment-url and comment-action to GITHUB_OUTPUT', async () => {
    await t.box.planFile('plan.json', adds(1));
    const out = join(t.box.cwd, 'out.txt');
    await t.box.run(['comment', '--pr', '7', '--plan', 'plan.json'], t.env({ GITHUB_OUTPUT: out }));
    const text = await t.box.read('out.txt');
    expect(text).toMatch(/^comment-id<<(ghadelimiter_[0-9a-f-]+)\n\d+\n\1\n/);
    expect(text).toContain('\ncomment-action<<');
    expect(text).toMatch(/\ncreated\n/);
  });

  it('refuses --plan with --body-file, and a missing pull request number, before calling GitHub', async () => {
    const both = await t.box.run(['comment', '--pr', '7', '--plan', 'a', '--body-file', 'b'], t.env());
    expect(both).toMatchObject({ code: 1, stderr: 'github comment: give exactly one of --plan FILE and --body-file FILE. See `cxskills github comment --help`.\n' });
    await t.box.file('plan.md', 'x');
    const noPr = await t.box.run(['comment', '--body-file', 'plan.md'], t.env());
    expect(noPr.code).toBe(1);
    expect(noPr.stderr).toContain('--pr N is required');
    const badPr = await t.box.run(['comment', '--pr', '7x', '--body-file', 'plan.md'], t.env());
    expect(badPr.stderr).toBe('github comment: --pr must be a positive integer, got "7x".\n');
    expect(t.gh.requests).toEqual([]);
  });
});
