import { expect, it } from 'vitest';
import { githubPerTest } from './harness.js';

const t = githubPerTest();
it('blanks secret values of the environment in what it posts to a pull request', async () => {
  await t.box.file('body.md', 'Plan failed: "CXONE_CLIENT_SECRET=csec-POSTED-1" and token ghp-looking-one\n');
  const run = await t.box.run(['comment', '--pr', '7', '--body-file', 'body.md'], t.env({ CXONE_CLIENT_SECRET: 'csec-POSTED-1', DEPLOY_TOKEN: 'ghp-looking-one' }));
  expect(run.code).toBe(0);
  expect(t.gh.comments[0]!.body).toContain('[redacted]');
  expect(t.gh.comments[0]!.body).not.toContain('csec-POSTED-1');
  expect(t.gh.comments[0]!.body).not.toContain('ghp-looking-one');
});
