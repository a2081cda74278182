import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReviewedComment } from '../../src/github/reviewed.js';
import { adds, githubPerTest } from './harness.js';

const MERGED = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);
const RUN_ENV = { GITHUB_SERVER_URL: 'https://github.test', GITHUB_RUN_ID: '4242' };

const t = githubPerTest({
  setup: async () => {
    t.gh.commitPulls[MERGED] = [7];
  },
});

/** The plan comment as the pull request's plan job left it, for the head commit of the pull request. */
async function reviewOnPullRequest(count: number): Promise<void> {
  await t.box.planFile('pr-plan.json', adds(count));
  const event = join(t.box.cwd, 'event.json');
  await writeFile(event, JSON.stringify({ pull_request: { number: 7, head: { sha: HEAD } } }));
  const run = await t.box.run(['comment', '--plan', 'pr-plan.json'], t.env({ ...RUN_ENV, GITHUB_EVENT_PATH: event }));
  expect(run.stderr).toBe('');
}

describe('every plan comment carries its commit and digest', () => {
  it('names the pull request head commit and the short plan digest', async () => {
    await reviewOnPullRequest(3);
    const body = t.gh.comments[0]!.body;
    expect(body).toContain(`Posted by cxskills for commit ${HEAD} from [this workflow run]`);
    expect(parseReviewedComment(body)).toEqual({ digest: expect.stringMatching(/^[0-9a-f]{12}$/), verdict: 'Plan: 3 to add, 0 to change, 0 to remove (1 API call).', commit: HEAD });
  });
});

describe('cxskills github reviewed', () => {
  it('says the fresh plan after the merge is identical to the plan reviewed in the merged pull request', async () => {
    await reviewOnPullRequest(3);
    await t.box.planFile('plan.json', adds(3));
    const out = join(t.box.cwd, 'out.txt');
    const summary = join(t.box.cwd, 'summary.md');
    const run = await t.box.run(['reviewed', '--plan', 'plan.json', '--require-identical'], t.env({ GITHUB_SHA: MERGED, GITHUB_OUTPUT: out, GITHUB_STEP_SUMMARY: summary }));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`The plan of \`skills-state\` is identical to the plan reviewed in #7 (commit ${HEAD.slice(0, 12)}).\n`);
    expect(await t.box.read('out.txt')).toContain('reviewed<<');
    expect(await t.box.read('summary.md')).toContain('**identical to the plan reviewed in #7**');
  });

  it('lists how it differs when main or the tenant changed since the review', async () => {
    await reviewOnPullRequest(3);
    await t.box.planFile('plan.json', adds(4));
    const run = await t.box.run(['reviewed', '--plan', 'plan.json'], t.env({ GITHUB_SHA: MERGED }));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('differs from the plan reviewed in #7: reviewed "Plan: 3 to add, 0 to change, 0 to remove (1 API call)."');
    expect(run.stdout).toContain('now "Plan: 4 to add, 0 to change, 0 to remove (1 API call)."');
    const strict = await t.box.run(['reviewed', '--plan', 'plan.json', '--require-identical'], t.env({ GITHUB_SHA: MERGED }));
    expect(strict.code).toBe(1);
    // With the pull request's plan artifact, each differing change is listed.
    await t.box.planFile('reviewed.json', [...adds(2), ...adds(3, 9).slice(2)]);
    const listed = await t.box.run(['reviewed', '--plan', 'plan.json', '--reviewed-plan', 'reviewed.json'], t.env({ GITHUB_SHA: MERGED }));
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n').slice(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^- new since the review: .+: add → proficiency 5$/);
    expect(lines[1]).toMatch(/^- changed since the review: .+: reviewed add → proficiency 9, now add → proficiency 5$/);
  });

  it('says why it cannot tell for a direct push', async () => {
    await t.box.planFile('plan.json', adds(1));
    const run = await t.box.run(['reviewed', '--plan', 'plan.json'], t.env({ GITHUB_SHA: 'c'.repeat(40) }));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Could not compare the plan of `skills-state` with a reviewed one: commit cccccccccccc was not merged from a pull request (a direct push, or Run workflow).\n');
  });
});

describe('cxskills github apply-comment', () => {
  it('posts the apply outcome with the commit on the merged pull request, once per directory', async () => {
    await t.box.planFile('plan.json', adds(2));
    await t.box.file('audit.jsonl', [1, 2].map((s) => JSON.stringify({ runId: 'r1', time: '2026-12-01T10:00:00.000Z', outcome: 'applied', kind: 'add', agentId: 1000, skillId: s, before: null, after: { proficiency: 5, active: true } })).join('\n'));
    const env = t.env({ ...RUN_ENV, GITHUB_SHA: MERGED });
    const run = await t.box.run(['apply-comment', '--pr', '7', '--plan', 'plan.json', '--audit', 'audit.jsonl'], env);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Apply result created on pull request #7 for skills-state: /);
    const body = t.gh.comments[0]!.body;
    expect(body.startsWith('<!-- cxskills:apply dir=skills-state -->\n### cxskills apply: `skills-state`: complete')).toBe(true);
    expect(body).toContain('| applied | 2 |');
    expect(body).toContain(`Applied commit ${MERGED} in [this workflow run](https://github.test/acme/cx-config/actions/runs/4242)`);
    await t.box.run(['apply-comment', '--pr', '7', '--plan', 'plan.json', '--audit', 'audit.jsonl', '--exit-code', '1'], env);
    expect(t.gh.comments).toHaveLength(1);
    expect(t.gh.comments[0]!.body).toContain('INCOMPLETE');
  });
});
