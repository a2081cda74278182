/** The upsert path (the default) against a misbehaving API, and the unverified points of contract v2 switched on. */
import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';
import { CHANGES, emulatorFor, envFor, expectConverged, readAudit, readIntents, stateDir } from './faults-harness.js';

const APPLY = ['apply', '--auto-approve', '--rate', '50'];
/** 9 changes: 7 adds and changes in one upsert, 2 removals per agent or skill. */
const UPSERT = 'POST /agents/skills';

describe('fault matrix (upserts and contract v2 variations): the CLI ends in the exact desired state', () => {
  it('without faults: one upsert carries every add and change, the removals go per list, each change is written once', async () => {
    const emulator = await emulatorFor();
    const cwd = await stateDir();
    const run = await runCli(APPLY, { cwd, env: envFor(emulator) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('API calls: 1 × POST /agents/skills, 2 × DELETE');
    expect(emulator.stats().calls[UPSERT]).toBe(1);
    expect(emulator.stats().writes).toBe(3);
    expect(emulator.stats().itemsWritten).toBe(CHANGES);
    expect(await readIntents(cwd)).toHaveLength(CHANGES);
    expectConverged(emulator.snapshot());
  });

  it('an upsert cut off after it was applied: asks what changed since it was sent, finds it done, never writes it twice', async () => {
    const emulator = await emulatorFor({ faults: { script: [{ fault: 'reset-after', route: UPSERT }] } });
    const cwd = await stateDir();
    const run = await runCli(APPLY, { cwd, env: envFor(emulator, { CXSKILLS_TIMEOUT_MS: '2000' }) });
    expect(run.code).toBe(0);
    expect(emulator.stats().calls[UPSERT]).toBe(1);
    expect(emulator.stats().itemsWritten).toBe(CHANGES);
    expect((await readAudit(cwd)).filter((e) => e.outcome === 'already-applied')).toHaveLength(7);
    expectConverged(emulator.snapshot());
  });

  it('a 502 on the upsert: not applied, re-read, written once', async () => {
    const emulator = await emulatorFor({ faults: { script: [{ fault: '502', route: UPSERT }] } });
    const cwd = await stateDir();
    const run = await runCli(APPLY, { cwd, env: envFor(emulator) });
    expect(run.code).toBe(0);
    expect(emulator.stats().calls[UPSERT]).toBe(2);
    expect(emulator.stats().itemsWritten).toBe(CHANGES);
    expectConverged(emulator.snapshot());
  });

  it('items failing inside a 200: the rest is applied, each failure named with the API reason, exit 1; a re-run finishes', async () => {
    const emulator = await emulatorFor({ faults: { script: [{ fault: 'item-fail', route: UPSERT, items: 2 }] } });
    const cwd = await stateDir();
    const run = await runCli(APPLY, { cwd, env: envFor(emulator) });
    expect(run.code).toBe(1);
    expect(run.stdout.match(/✗ .*CXONE_INVALID_ITEMS: the API refused it: injected item failure/g)).toHaveLength(2);
    expect(run.stdout).toContain(`Apply incomplete: ${CHANGES - 2} applied, 2 failed`);
    expect(emulator.stats().itemsWritten).toBe(CHANGES - 2);
    const again = await runCli(APPLY, { cwd, env: envFor(emulator) });
    expect(again.code).toBe(0);
    expect(emulator.stats().itemsWritten).toBe(CHANGES);
    expectConverged(emulator.snapshot());
  });

  it('a server without the upsert: falls back to per-agent and per-skill writes, says so once, converges', async () => {
    const emulator = await emulatorFor({ upsert: false });
    const cwd = await stateDir();
    const run = await runCli(APPLY, { cwd, env: envFor(emulator) });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('note: this server has no bulk upsert (POST /agents/skills): writing per agent and per skill instead\n');
    expect(run.stdout).toContain('the server has no bulk upsert, so adds and changes went per agent or skill');
    expect(emulator.stats().itemsWritten).toBe(CHANGES);
    expectConverged(emulator.snapshot());
  });

  it('pages of 7 rows: plan and apply read every page (one call each), and converge', async () => {
    const emulator = await emulatorFor({ pageCap: 7 });
    const cwd = await stateDir();
    emulator.resetStats();
    const plan = await runCli(['plan', '--rate', '50'], { cwd, env: envFor(emulator) });
    expect(plan.code).toBe(0);
    const { agents, skills, assignments } = emulator.tenant.counts;
    const pages = (n: number) => Math.ceil(n / 7) + (n % 7 === 0 ? 1 : 0);
    // Each list is read until the server says it ended (a short page is not the end; 204 or _links without next is).
    expect(emulator.stats().reads).toBeLessThanOrEqual(pages(agents) + pages(skills) + pages(assignments));
    expect(emulator.stats().reads).toBeGreaterThanOrEqual(Math.ceil(agents / 7) + Math.ceil(skills / 7) + Math.ceil(assignments / 7));
    expect((await runCli(APPLY, { cwd, env: envFor(emulator) })).code).toBe(0);
    expectConverged(emulator.snapshot());
  });

  it('a server that needs the /agents/skills filters: reads the four filtered combinations, says so once, converges', async () => {
    const emulator = await emulatorFor({ requireFilters: true });
    const cwd = await stateDir();
    const run = await runCli(APPLY, { cwd, env: envFor(emulator) });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^note: .*isActive.*isAgentActive.*\n$/);
    expectConverged(emulator.snapshot());
  });

  it('a server that sends ETags: writes per list carry If-Match, and still converge', async () => {
    const emulator = await emulatorFor({ etags: true });
    const cwd = await stateDir();
    const run = await runCli([...APPLY, '--no-upsert'], { cwd, env: envFor(emulator) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectConverged(emulator.snapshot());
  });
});
