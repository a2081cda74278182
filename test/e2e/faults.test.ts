import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';
import { CHANGES, emulatorFor, envFor, expectConverged, proxyFor, readAudit, spawnCli, stateDir, waitFor } from './faults-harness.js';

// A high client rate: these tests are about faults, not pacing.
const APPLY = ['apply', '--auto-approve', '--rate', '50'];

/** Arrivals of `method path` at the proxy, as ms after the first. */
function gaps(arrivals: Array<{ at: number; method: string; path: string }>, method: string, path: string): number[] {
  const at = arrivals.filter((a) => a.method === method && a.path === path).map((a) => a.at);
  return at.slice(1).map((t, i) => t - at[i]!);
}

describe('fault matrix: the CLI against a misbehaving API ends in the exact desired state', () => {
  it('without faults: applies 9 changes in as many items, then plans nothing', async () => {
    const emulator = await emulatorFor();
    const cwd = await stateDir();
    const run = await runCli(APPLY, { cwd, env: envFor(emulator) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Apply complete: ${CHANGES} applied, 0 failed`);
    expect(emulator.stats().itemsWritten).toBe(CHANGES);
    expectConverged(emulator.snapshot());
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd, env: envFor(emulator) })).code).toBe(0);
  });

  it('429 storm: waits exactly as long as each Retry-After says before the same call again', async () => {
    const emulator = await emulatorFor({
      faults: {
        script: [
          { fault: '429', route: 'GET /agents/skills', count: 2, retryAfterSeconds: 1 },
          { fault: '429', method: 'POST', count: 1, retryAfterSeconds: 2 },
        ],
      },
    });
    const proxy = await proxyFor(emulator);
    const cwd = await stateDir();
    const run = await runCli([...APPLY, '--concurrency', '1'], { cwd, env: envFor(emulator, { CXONE_API_BASE: proxy.apiBase }) });
    expect(run.code).toBe(0);
    expect(emulator.stats().faultsInjected['429']).toBe(3);
    // The bulk read: 429 (1 s), 429 (1 s), then served; its first two retries each came after ≥ 1 s.
    const reads = gaps(proxy.arrivals, 'GET', '/agents/skills');
    expect(reads[0]).toBeGreaterThanOrEqual(980);
    expect(reads[1]).toBeGreaterThanOrEqual(980);
    // The first POST: 429 with Retry-After 2, repeated ≥ 2 s later (and not much later: the header, not a guess).
    const posts = proxy.arrivals.filter((a) => a.method === 'POST');
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(1980);
    expect(posts[1]!.at - posts[0]!.at).toBeLessThan(4000);
    expect(posts[1]!.path).toBe(posts[0]!.path);
    expectConverged(emulator.snapshot());
  });

  it('500/502/503/504 with HTML bodies: reads are retried, writes are re-read before being repeated', async () => {
    const emulator = await emulatorFor({
      faults: {
        script: [
          { fault: '500', route: 'GET /agents/skills' },
          { fault: '502', method: 'POST' },
          { fault: '503', method: 'PUT' },
          { fault: '504', method: 'DELETE' },
        ],
      },
    });
    const cwd = await stateDir();
    const run = await runCli(APPLY, { cwd, env: envFor(emulator) });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(emulator.stats().faultsInjected).toMatchObject({ '500': 1, '502': 1, '503': 1, '504': 1 });
    expect(emulator.stats().itemsWritten).toBe(CHANGES);
    expectConverged(emulator.snapshot());
  });

  it('connection reset before a read and before each kind of write: nothing lost, nothing doubled', async () => {
    const emulator = await emulatorFor({
      faults: { script: [{ fault: 'reset-before', route: 'GET /skills' }, { fault: 'reset-before', method: 'POST' }, { fault: 'reset-before', method: 'PUT' }, { fault: 'reset-before', method: 'DELETE' }] },
    });
    const cwd = await stateDir();
    const run = await runCli(APPLY, { cwd, env: envFor(emulator) });
    expect(run.code).toBe(0);
    expect(emulator.stats().faultsInjected['reset-before']).toBe(4);
    expect(emulator.stats().itemsWritten).toBe(CHANGES);
    expectConverged(emulator.snapshot());
  });

  it('connection reset after a write was applied: re-reads, records it as already applied, never applies it twice', async () => {
    const emulator = await emulatorFor({
      faults: { script: [{ fault: 'reset-after', method: 'POST', count: 2 }, { fault: 'reset-after', method: 'PUT' }, { fault: 'reset-after', method: 'DELETE' }] },
    });
    const cwd = await stateDir();
    const run = await runCli(APPLY, { cwd, env: envFor(emulator) });
    expect(run.code).toBe(0);
    const stats = emulator.stats();
    expect(stats.faultsInjected['reset-after']).toBe(4);
    // Every item was written once: a repeated add would also have met 400 (already assigned).
    expect(stats.itemsWritten).toBe(CHANGES);
    expect(stats.status['400'] ?? 0).toBe(0);
    const audit = await readAudit(cwd);
    expect(audit).toHaveLength(CHANGES);
    expect(audit.filter((e) => e.outcome === 'already-applied').length).toBeGreaterThanOrEqual(4);
    expect(audit.every((e) => e.outcome !== 'failed')).toBe(true);
    expectConverged(emulator.snapshot());
  });

  it('hung calls (no headers): a read and a write time out after CXSKILLS_TIMEOUT_MS, and the run still converges', async () => {
    const emulator = await emulatorFor({ faults: { script: [{ fault: 'hang', route: 'GET /agents' }, { fault: 'hang', method: 'PUT' }] } });
    const cwd = await stateDir();
    const started = Date.now();
    const run = await runCli(APPLY, { cwd, env: envFor(emulator, { CXSKILLS_TIMEOUT_MS: '500' }) });
    expect(run.code).toBe(0);
    expect(emulator.stats().faultsInjected.hang).toBe(2);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(emulator.stats().itemsWritten).toBe(CHANGES);
    expectConverged(emulator.snapshot());
  });

  it('bodies that stall after the headers (a read, and the answer to an applied write) time out and converge', async () => {
    const emulator = await emulatorFor();
    const proxy = await proxyFor(emulator);
    proxy.rules.push({ method: 'GET', path: '/agents/skills', count: 1, action: { kind: 'stall-body' } }, { method: 'POST', count: 1, action: { kind: 'stall-body' } });
    const cwd = await stateDir();
    const run = await runCli(APPLY, { cwd, env: envFor(emulator, { CXONE_API_BASE: proxy.apiBase, CXSKILLS_TIMEOUT_MS: '500' }) });
    expect(run.code).toBe(0);
    expect(emulator.stats().itemsWritten).toBe(CHANGES);
    const audit = await readAudit(cwd);
    expect(audit.filter((e) => e.outcome === 'already-applied').length).toBeGreaterThanOrEqual(1);
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
    const { done } = spawnCli(['apply', '--auto-approve', '--rate', '6', '--concurrency', '1'], { cwd, env: envFor(emulator) });
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
