import { describe, expect, it } from 'vitest';
import { createThrottle } from '../../../src/cxone/policy/throttle.js';

describe('createThrottle', () => {
  it('lets a second’s worth of calls through at once and holds the rest to the next second', async () => {
    const throttle = createThrottle({ ratePerSecond: 5 });
    const started = performance.now();
    const times = await Promise.all(Array.from({ length: 8 }, () => throttle(async () => performance.now() - started)));
    const early = times.filter((t) => t < 500).length;
    expect(early).toBe(5);
    expect(Math.max(...times)).toBeGreaterThanOrEqual(900);
  });

  it('passes results and errors through', async () => {
    const throttle = createThrottle({ ratePerSecond: 100 });
    await expect(throttle(async () => 42)).resolves.toBe(42);
    await expect(throttle(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => createThrottle({ ratePerSecond: 0 })).toThrow('rate must be a positive number of requests per second, got 0');
    expect(() => createThrottle({ ratePerSecond: Number.NaN })).toThrow(RangeError);
  });
});
