import { describe, expect, it } from 'vitest';
import { runExclusive, type KeyedTask } from '../../src/apply/execute-schedule.js';

const tick = (ms = 5) => new Promise<void>((r) => setTimeout(r, ms));

/** Tasks that record when they ran and check no key is held twice. */
function recorder() {
  const held = new Set<string>();
  const order: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const task = (name: string, keys: string[], ms = 5): KeyedTask => ({
    keys,
    run: async () => {
      for (const k of keys) {
        if (held.has(k)) throw new Error(`${name}: ${k} held twice`);
        held.add(k);
      }
      order.push(name);
      peak = Math.max(peak, ++inFlight);
      await tick(ms);
      inFlight--;
      for (const k of keys) held.delete(k);
    },
  });
  return { task, order, peak: () => peak };
}

describe('runExclusive', () => {
  it('runs up to `concurrency` tasks at once when their keys are disjoint', async () => {
    const r = recorder();
    await runExclusive(['a', 'b', 'c', 'd', 'e'].map((n) => r.task(n, [n])), 3);
    expect(r.order).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(r.peak()).toBe(3);
  });

  it('never runs two tasks sharing a key at once, and lets a later free task pass a blocked one', async () => {
    const r = recorder();
    await runExclusive([r.task('s1', ['skill:1', 'agent:1'], 20), r.task('s2', ['skill:2', 'agent:1']), r.task('s3', ['skill:3', 'agent:2'])], 4);
    expect(r.order).toEqual(['s1', 's3', 's2']);
  });

  it('starts no new task after one throws, lets running ones finish, and throws the first error', async () => {
    const r = recorder();
    const boom: KeyedTask = { keys: ['x'], run: async () => Promise.reject(new Error('boom')) };
    await expect(runExclusive([r.task('slow', ['a'], 20), boom, r.task('late', ['x'])], 2)).rejects.toThrow('boom');
    expect(r.order).toEqual(['slow']);
  });

  it('refuses a concurrency that is not a positive integer', async () => {
    await expect(runExclusive([], 0)).rejects.toThrow('concurrency must be a positive integer, got 0');
  });
});
