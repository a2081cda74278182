import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from './harness.js';
import { LIVE, envFor } from './faults-harness.js';

// Each directory under fixtures/plan-time/ is a work directory whose skills-state only the live tenant can refute.
const CASES = fileURLToPath(new URL('../fixtures/plan-time/', import.meta.url));
const names = (await readdir(CASES, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ tenant: structuredClone(LIVE), rateLimit: null });
});
afterAll(() => emulator.close());

describe('plan-time bad input: exit 1, a message a person can act on, zero writes', () => {
  it.concurrent.for(names)('%s', async (name, { expect }) => {
    const expected = JSON.parse(await readFile(join(CASES, name, 'expected.json'), 'utf8')) as { stderr?: string[]; stdout?: string[] };
    const cwd = await mkdtemp(join(tmpdir(), `cxskills-${name}-`));
    try {
      await cp(join(CASES, name, 'skills-state'), join(cwd, 'skills-state'), { recursive: true });
      const run = await runCli(['apply', '--auto-approve', '--rate', '50'], { cwd, env: envFor(emulator) });
      expect(run.code).toBe(1);
      const stderr = run.stderr.replaceAll('\\', '/');
      for (const text of expected.stderr ?? []) expect(stderr).toContain(text);
      for (const text of expected.stdout ?? []) expect(run.stdout).toContain(text);
      expect(stderr).not.toContain('internal error');
      // No case writes, so the tenant-wide count must stay at zero whichever cases ran before.
      expect(emulator.stats().writes).toBe(0);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it('holds the cases the issue asks for (and more)', ({ expect }) => {
    expect(names.length).toBeGreaterThanOrEqual(12);
  });
});
