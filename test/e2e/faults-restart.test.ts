import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { CHANGES, LIVE, envFor, expectConverged, readAudit, spawnCli, stateDir, waitFor } from './faults-harness.js';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

describe('the API restarted mid-apply', () => {
  it('rides out the outage, re-reads the write whose answer was lost, and converges on the restarted server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cxskills-restart-'));
    // Latency keeps each write's answer in flight for a while after it was applied, so the stop cuts one off.
    const first = await startEmulator({ tenant: structuredClone(LIVE), rateLimit: null, latencyMs: 150 });
    running.push(first);
    const cwd = await stateDir();
    const { done } = spawnCli(['apply', '--auto-approve', '--concurrency', '1', '--no-upsert'], { cwd, env: envFor(first) });
    await waitFor('the second write to arrive', () => first.stats().writes >= 2);
    await first.close();
    const file = join(dir, 'tenant.json');
    await first.save(file);
    await new Promise((r) => setTimeout(r, 300));
    const second = await startEmulator({ port: first.port, stateFile: file, rateLimit: null });
    running.push(second);

    const run = await done;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // The second write landed on the first server, its answer never came back; it was not sent again.
    expect(first.stats().itemsWritten + second.stats().itemsWritten).toBe(CHANGES);
    expect(second.stats().tokensIssued).toBe(1);
    const audit = await readAudit(cwd);
    expect(audit).toHaveLength(CHANGES);
    expect(audit.some((e) => e.outcome === 'already-applied')).toBe(true);
    expectConverged(second.snapshot());
    await rm(dir, { recursive: true, force: true });
  });
});
