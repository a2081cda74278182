import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { githubEnv, sandbox, type Sandbox } from './harness.js';

let gh: FakeGitHub;
let box: Sandbox;
beforeEach(async () => {
  gh = await startFakeGitHub();
  box = await sandbox();
});
afterEach(async () => {
  await gh.close();
  await box.cleanup();
});

it('blanks secret values of the environment in what it posts to a pull request', async () => {
  await box.file('body.md', 'Plan failed: "CXONE_CLIENT_SECRET=csec-POSTED-1" and token ghp-looking-one\n');
  const run = await box.run(['comment', '--pr', '7', '--body-file', 'body.md'], githubEnv(gh, { CXONE_CLIENT_SECRET: 'csec-POSTED-1', DEPLOY_TOKEN: 'ghp-looking-one' }));
  expect(run.code).toBe(0);
  expect(gh.comments[0]!.body).toContain('[redacted]');
  expect(gh.comments[0]!.body).not.toContain('csec-POSTED-1');
  expect(gh.comments[0]!.body).not.toContain('ghp-looking-one');
});
