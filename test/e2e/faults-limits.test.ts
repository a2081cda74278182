import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';
import { CHANGES, emulatorFor, envFor, expectConverged, proxyFor, readAudit, readIntents, spawnCli, stateDir, waitFor } from './faults-harness.js';

// A high client rate: these tests are about the API's answers, not pacing.
// These cases fault the per-agent and per-skill writes (--no-upsert); the upsert has its own cases.
const APPLY = ['apply', '--auto-approve', '--rate', '50', '--no-upsert'];

/** Milliseconds between consecutive arrivals of `method path` at the proxy. */
function gaps(arrivals: Array<{ at: number; method: string; path: string }>, method: string, path: string): number[] {
  const at = arrivals.filter((a) => a.method === method && a.path === path).map((a) => a.at);
  return at.slice(1).map((t, i) => t - at[i]!);
}

describe('fault matrix (rate limits, conflicts, tokens): the CLI ends in the exact desired state', () => {
  it('429 storm: waits exactly as long as each Retry-After says before the same call again', async () => {
    const emulator = await emulatorFor({
      faults: {
        script: [
          { fault: '429', route: 'GET /agents/skills', count: 1, retryAfterSeconds: 1 },
          { fault: '429', method: 'POST', count: 1, retryAfterSeconds: 2 },
        ],
      },
    });
    const proxy = await proxyFor(emulator);
    const cwd = await stateDir();
    const run = await runCli([...APPLY, '--concurrency', '1'], { cwd, env: envFor(emulator, { CXONE_API_BASE: proxy.apiBase }) });
    expect(run.code).toBe(0);
    expect(emulator.stats().faultsInjected['429']).toBe(2);
    // The bulk read: 429 with Retry-After 1, repeated ≥ 1 s later.
    expect(gaps(proxy.arrivals, 'GET', '/agents/skills')[0]).toBeGreaterThanOrEqual(980);
    // The first POST: 429 with Retry-After 2, repeated ≥ 2 s later (and not much later): the header, not the 1 s default backoff.
    const posts = proxy.arrivals.filter((a) => a.method === 'POST');
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(1980);
    expect(posts[1]!.at - posts[0]!.at).toBeLessThan(4000);
    expect(posts[1]!.path).toBe(posts[0]!.path);
    expectConverged(emulator.snapshot());
  });

  it('409 on the same write three times, and 412 on a removal: re-reads, retries, converges', async () => {
    const emulator = await emulatorFor({ faults: { script: [{ fault: '409', method: 'PUT', count: 3 }, { fault: '412', method: 'DELETE' }] } });
    const cwd = await stateDir();
    const run = await runCli(APPLY, { cwd, env: envFor(emulator) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(emulator.stats().faultsInjected).toMatchObject({ '409': 3, '412': 1 });
    expectConverged(emulator.snapshot());
  });

  it('tokens expiring twice mid-apply: each time one new token, and the call is repeated', async () => {
    const emulator = await emulatorFor();
    const cwd = await stateDir();
    const { done } = spawnCli(['apply', '--auto-approve', '--rate', '12', '--concurrency', '1', '--no-upsert'], { cwd, env: envFor(emulator) });
    await waitFor('the first write', () => emulator.stats().writes >= 1);
    emulator.expireTokens();
    await waitFor('the fourth write', () => emulator.stats().writes >= 4);
    emulator.expireTokens();
    const run = await done;
    expect(run.code).toBe(0);
    const stats = emulator.stats();
    expect(stats.status['401']).toBe(2);
    expect(stats.tokensIssued).toBe(3);
    expect(stats.itemsWritten).toBe(CHANGES);
    expectConverged(emulator.snapshot());
  });
});

describe('long waits and interruptions are never silent', () => {
  it('a Retry-After of an hour: capped, said on stderr, and the run gives up with a clear message once CXSKILLS_MAX_WAIT_S would pass', async () => {
    const emulator = await emulatorFor({ faults: { script: [{ fault: '429', route: 'GET /agents/skills', count: 50, retryAfterSeconds: 3600 }] } });
    const cwd = await stateDir();
    const started = Date.now();
    const run = await runCli(['plan', '--rate', '50'], { cwd, env: envFor(emulator, { CXSKILLS_MAX_WAIT_S: '5' }) });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/CXONE_RATE_LIMITED: .*gave up: the API kept answering 429, and waiting 120 s more would pass 5 s of waiting in all \(CXSKILLS_MAX_WAIT_S\)/);
  });

  it('a wait of 5 s or more is announced once, with how long and until when, and the run goes on', async () => {
    const emulator = await emulatorFor({ faults: { script: [{ fault: '429', route: 'GET /agents/skills', count: 1, retryAfterSeconds: 5 }] } });
    const cwd = await stateDir();
    const run = await runCli(['plan', '--rate', '50'], { cwd, env: envFor(emulator) });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^note: the API answered 429 \(rate limit\) to GET \/agents\/skills: waiting 5 s, until \d\d:\d\d:\d\d UTC\n$/);
  });

  it('SIGINT during an apply: no new call starts, the calls in flight finish and are audited, it says what was left, exit 130; a re-run finishes', async () => {
    const emulator = await emulatorFor({ latencyMs: 150 });
    const cwd = await stateDir();
    const { child, done } = spawnCli(['apply', '--auto-approve', '--rate', '4', '--concurrency', '1', '--no-upsert'], { cwd, env: envFor(emulator) });
    await waitFor('the first write', () => emulator.stats().writes >= 1);
    child.kill('SIGINT');
    const run = await done;
    expect(run.code).toBe(130);
    expect(run.stdout).toMatch(/Interrupted \(stopped by SIGINT\)\./);
    expect(run.stdout).toMatch(/\d+ changes not attempted \(not failures of those changes\): a re-run does them\./);
    const writes = emulator.stats().writes;
    expect(writes).toBeLessThan(7);
    // Every write sent has its outcome lines: nothing in flight was left unaudited.
    const answered = new Set((await readAudit(cwd)).map((e) => `${e.agentId}/${e.skillId}`));
    for (const intent of await readIntents(cwd)) expect(answered.has(`${intent.agentId}/${intent.skillId}`)).toBe(true);
    const again = await runCli(['apply', '--auto-approve', '--rate', '50'], { cwd, env: envFor(emulator) });
    expect(again.code).toBe(0);
    expectConverged(emulator.snapshot());
  });
});
