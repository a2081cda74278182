import { describe, expect, it } from 'vitest';
import { AdaptiveRate } from '../../../src/cxone/policy/adaptive-rate.js';

/** A simulated clock and a token-bucket server like the emulator's: deterministic, no real time passes. */
function simulate(opts: { ceiling: number; serverRate: number; burst: number; calls: number; retryAfterS?: (waitS: number) => number; latencyMs?: number }) {
  let clock = 0;
  const rate = new AdaptiveRate({ ceiling: opts.ceiling, now: () => clock, sleep: async (ms) => void (clock += ms) });
  let tokens = opts.burst;
  let refilledAt = 0;
  let ok = 0;
  let limited = 0;
  const server = () => {
    tokens = Math.min(opts.burst, tokens + ((clock - refilledAt) / 1000) * opts.serverRate);
    refilledAt = clock;
    if (tokens >= 1) {
      tokens -= 1;
      return undefined;
    }
    const waitS = Math.max(1, Math.ceil((1 - tokens) / opts.serverRate));
    return (opts.retryAfterS ?? ((w) => w))(waitS) * 1000;
  };
  return (async () => {
    // The ceiling is enforced by p-throttle in production; here: one call per 1/ceiling s at most.
    let nextCeilingSlot = 0;
    while (ok < opts.calls) {
      await rate.acquire();
      clock = Math.max(clock, nextCeilingSlot);
      nextCeilingSlot = clock + 1000 / opts.ceiling;
      const sentAt = clock;
      const retryAfter = server();
      clock += opts.latencyMs ?? 2;
      if (retryAfter === undefined) {
        ok++;
        rate.succeeded();
      } else {
        limited++;
        rate.rateLimited(sentAt, retryAfter);
        await rate.acquire();
      }
    }
    return { ok, limited, seconds: clock / 1000, finalRate: rate.rate };
  })();
}

describe('AdaptiveRate', () => {
  it('stays out of the way until the first 429', async () => {
    const r = await simulate({ ceiling: 10, serverRate: 10, burst: 20, calls: 500 });
    expect(r.limited).toBe(0);
    expect(r.finalRate).toBe(Number.POSITIVE_INFINITY);
  });

  it('converges on an unknown lower limit with few 429s and little lost time', async () => {
    const r = await simulate({ ceiling: 50, serverRate: 10, burst: 20, calls: 1000 });
    const ideal = 1000 / 10;
    expect(r.limited / (r.ok + r.limited)).toBeLessThanOrEqual(0.02);
    expect(r.seconds).toBeLessThanOrEqual(ideal * 1.25);
    expect(r.finalRate).toBeGreaterThan(8.5);
    expect(r.finalRate).toBeLessThanOrEqual(10.5);
  });

  it('does not collapse when Retry-After is long (the bucket overfills during the pause)', async () => {
    const r = await simulate({ ceiling: 40, serverRate: 10, burst: 20, calls: 600, retryAfterS: () => 20 });
    expect(r.finalRate).toBeGreaterThanOrEqual(2.5);
    expect(r.ok).toBe(600);
  });

  it('waits out a 429 pause on the real clock by default', async () => {
    const rate = new AdaptiveRate({ ceiling: 1000 });
    rate.rateLimited(performance.now(), 150);
    const started = performance.now();
    await rate.acquire();
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(rate.rate).toBe(900);
  });

  it('refuses a ceiling that is not positive', () => {
    expect(() => new AdaptiveRate({ ceiling: 0 })).toThrow('ceiling must be a positive rate, got 0');
  });
});

