import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { GitHubClient } from '../../src/github/client.js';
import { githubConfigFromEnv } from '../../src/github/config.js';
import { startFakeGitHub } from './fake-github.js';
import { adds, githubPerTest, type Run } from './harness.js';

const t = githubPerTest({
  setup: async () => {
    await t.box.planFile('plan.json', adds(2));
    await t.box.planFile('none.json', []);
  },
});

function expectNoToken(run: Run, token: string): void {
  expect(run.stdout).not.toContain(token);
  expect(run.stderr).not.toContain(token);
}

describe('GitHub errors', () => {
  it('reports a 403 with method, path, status and body excerpt, with the token cut out of an echoed body', async () => {
    t.gh.faults.push({ method: 'POST', pathSuffix: '/issues/7/comments', status: 403, body: JSON.stringify({ message: 'Resource not accessible by integration', echoed: `Bearer ${t.gh.token}` }) });
    const run = await t.box.run(['comment', '--pr', '7', '--plan', 'plan.json'], t.env());
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error GITHUB_HTTP: POST \/repos\/acme\/cx-config\/issues\/7\/comments → 403: forbidden: the token lacks a permission/);
    expect(run.stderr).toContain('Resource not accessible by integration');
    expect(run.stderr).toContain('Bearer ***');
    expectNoToken(run, t.gh.token);
  });

  it('reports a 500 while listing comments with the page it asked for', async () => {
    t.gh.faults.push({ method: 'GET', pathSuffix: '/issues/7/comments', status: 500, body: '<html>Server Error</html>' });
    const run = await t.box.run(['comment', '--pr', '7', '--plan', 'plan.json'], t.env());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error GITHUB_HTTP: GET /repos/acme/cx-config/issues/7/comments?per_page=100 → 500: GitHub had a server error; re-run the job (body: <html>Server Error</html>)\n');
    expect(t.gh.comments).toEqual([]);
    expectNoToken(run, t.gh.token);
  });

  it('reports a 502 while closing the drift issue, after the closing comment went in', async () => {
    await t.box.run(['drift-issue', '--plan', 'plan.json'], t.env());
    const number = t.gh.issues[0]!.number;
    t.gh.faults.push({ method: 'PATCH', pathSuffix: `/issues/${number}`, status: 502, body: '' });
    const run = await t.box.run(['drift-issue', '--plan', 'none.json'], t.env());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error GITHUB_HTTP: PATCH /repos/acme/cx-config/issues/${number} → 502: GitHub had a server error; re-run the job\n`);
    expect(t.gh.issues[0]!.state).toBe('open');
    expectNoToken(run, t.gh.token);
  });

  it('reports a refused token (401) without printing it', async () => {
    const wrong = 'ghp_WRONGwrongWRONG0123456789';
    const run = await t.box.run(['drift-issue', '--plan', 'plan.json'], t.env({ GITHUB_TOKEN: wrong }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error GITHUB_HTTP: GET \/repos\/acme\/cx-config\/issues\?state=open&labels=drift&sort=created&direction=asc&per_page=100 → 401: GitHub refused the token/);
    expectNoToken(run, wrong);
  });

  it('reports an unreachable API as a network error naming the call', async () => {
    const closed = await startFakeGitHub();
    await closed.close();
    const run = await t.box.run(['comment', '--pr', '7', '--plan', 'plan.json'], t.env({ GITHUB_API_URL: closed.url }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error GITHUB_NETWORK: GET \/repos\/acme\/cx-config\/issues\/7\/comments\?per_page=100: network error \(ECONNREFUSED/);
    expectNoToken(run, t.gh.token);
  });

  it('names missing or malformed settings without their values', async () => {
    const noToken = await t.box.run(['comment', '--pr', '7', '--plan', 'plan.json'], { GITHUB_REPOSITORY: 'acme/cx' });
    expect(noToken.stderr).toMatch(/^error GITHUB_CONFIG: Missing environment variable: GITHUB_TOKEN\./);
    const badUrl = await t.box.run(['comment', '--pr', '7', '--plan', 'plan.json'], t.env({ GITHUB_API_URL: 'http://api.example.com' }));
    expect(badUrl.stderr).toBe('error GITHUB_CONFIG: GITHUB_API_URL must use https:// (http:// only for loopback), got http://api.example.com.\n');
    const badRepo = await t.box.run(['comment', '--pr', '7', '--plan', 'plan.json'], t.env({ GITHUB_REPOSITORY: 'acme' }));
    expect(badRepo.stderr).toBe('error GITHUB_CONFIG: GITHUB_REPOSITORY must be "owner/name", got "acme".\n');
    for (const run of [noToken, badUrl, badRepo]) expectNoToken(run, t.gh.token);
  });

  it('never follows a Link header to another origin, so the token stays with GITHUB_API_URL', async () => {
    const seen: Array<string | undefined> = [];
    const other = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.end('[]');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherUrl = `http://localhost:${(other.address() as AddressInfo).port}`;
    const api = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', link: `<${otherUrl}/repos/acme/cx/issues/1/comments?page=2>; rel="next"` });
      res.end('[]');
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const client = new GitHubClient(githubConfigFromEnv({ GITHUB_TOKEN: 'secret-token', GITHUB_REPOSITORY: 'acme/cx', GITHUB_API_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}` }));
    try {
      await expect(client.paginate('/repos/acme/cx/issues/1/comments')).rejects.toThrow(/^GET \/repos\/acme\/cx\/issues\/1\/comments\?per_page=100: the Link header points outside GITHUB_API_URL/);
      expect(seen).toEqual([]);
    } finally {
      await client.close();
      await new Promise((resolve) => api.close(resolve));
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
