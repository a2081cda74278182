import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';
import { CHANGES, emulatorFor, envFor, expectConverged, proxyFor, readAudit, stateDir } from './faults-harness.js';

// A high client rate: these tests are about faults, not pacing.
// These cases fault the per-agent and per-skill writes (--no-upsert); the upsert has its own cases.
const APPLY = ['apply', '--auto-approve', '--rate', '50', '--no-upsert'];

describe('fault matrix (network): the CLI against a misbehaving API ends in the exact desired state', () => {
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

});
