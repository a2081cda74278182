import { describe, expect, it } from 'vitest';
import { createRetry, isRetryable } from '../../../src/cxone/policy/retry.js';
import { CxoneError } from '../../../src/cxone/errors.js';
import type { RequestInfo } from '../../../src/cxone/client.js';

const read: RequestInfo = { method: 'GET', path: '/agents/skills', isWrite: false };
const write: RequestInfo = { method: 'PUT', path: '/agents/1/skills', isWrite: true };

function failing(errors: Error[], value = 'ok') {
  let calls = 0;
  const fn = async () => {
    const e = errors[calls++];
    if (e) throw e;
    return value;
  };
  return { fn, calls: () => calls };
}

describe('createRetry', () => {
  it('waits exactly Retry-After on 429 and does not spend the error budget on it', async () => {
    const waits: number[] = [];
    const retry = createRetry({ retries: 1, sleep: async (ms) => void waits.push(ms) });
    const limited = (s: number) => new CxoneError('CXONE_RATE_LIMITED', 'rate limited', { status: 429, retryAfterMs: s * 1000 });
    const f = failing([limited(2), limited(7), limited(1)]);
    await expect(retry(write, f.fn)).resolves.toBe('ok');
    expect(waits).toEqual([2000, 7000, 1000]);
    expect(f.calls()).toBe(4);
  });

  it('backs off exponentially with jitter on 429 without Retry-After', async () => {
    const waits: number[] = [];
    const retry = createRetry({ sleep: async (ms) => void waits.push(ms), random: () => 0.5, rateLimitBackoffMs: 100 });
    const f = failing([1, 2, 3].map(() => new CxoneError('CXONE_RATE_LIMITED', 'x', { status: 429 })));
    await retry(read, f.fn);
    expect(waits).toEqual([100, 200, 400]);
  });

  it('gives up after max429 rate-limited answers', async () => {
    const retry = createRetry({ max429: 2, sleep: async () => {} });
    const f = failing([1, 2, 3, 4].map(() => new CxoneError('CXONE_RATE_LIMITED', 'x', { status: 429, retryAfterMs: 1 })));
    await expect(retry(read, f.fn)).rejects.toMatchObject({ code: 'CXONE_RATE_LIMITED' });
    expect(f.calls()).toBe(3);
  });

  it('retries reads on 5xx up to the budget', async () => {
    const retry = createRetry({ retries: 2, minTimeoutMs: 0 });
    const f = failing([1, 2, 3].map(() => new CxoneError('CXONE_SERVER_ERROR', 'bad gateway', { status: 502 })));
    await expect(retry(read, f.fn)).rejects.toMatchObject({ status: 502 });
    expect(f.calls()).toBe(3);
  });

  it('never repeats a write whose outcome is unknown', async () => {
    const retry = createRetry({ retries: 5, minTimeoutMs: 0 });
    const f = failing([new CxoneError('CXONE_NETWORK', 'socket hang up', { outcome: 'unknown' })]);
    await expect(retry(write, f.fn)).rejects.toMatchObject({ code: 'CXONE_NETWORK', outcome: 'unknown' });
    expect(f.calls()).toBe(1);
  });

  it('repeats a write that never reached the server', async () => {
    const retry = createRetry({ retries: 2, minTimeoutMs: 0 });
    const f = failing([new CxoneError('CXONE_NETWORK', 'ECONNREFUSED', { outcome: 'not-applied' })]);
    await expect(retry(write, f.fn)).resolves.toBe('ok');
    expect(f.calls()).toBe(2);
  });

  it('does not retry conflicts, invalid items or auth failures', () => {
    for (const code of ['CXONE_CONFLICT', 'CXONE_INVALID_ITEMS', 'CXONE_AUTH_FAILED', 'CXONE_NOT_FOUND'] as const) {
      expect(isRetryable(read, new CxoneError(code, 'x'))).toBe(false);
    }
    expect(isRetryable(read, new Error('programming error'))).toBe(false);
  });

  it('rejects negative options with an exact message', () => {
    expect(() => createRetry({ retries: -1 })).toThrow('retry option retries must be a non-negative number, got -1');
  });
});

describe('createRetry with a signal', () => {
  it('ends a long Retry-After wait as soon as the signal aborts', async () => {
    const retry = createRetry({ retries: 3 });
    const controller = new AbortController();
    const limited = () => Promise.reject(new CxoneError('CXONE_RATE_LIMITED', 'rate limited', { status: 429, retryAfterMs: 60_000 }));
    const started = performance.now();
    setTimeout(() => controller.abort(new Error('closing')), 50);
    await expect(retry(read, limited, controller.signal)).rejects.toThrow('closing');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('rejects with the reason the caller aborted with, not a generic AbortError, and sends no attempt after it', async () => {
    const retry = createRetry({ retries: 3 });
    const controller = new AbortController();
    const reason = new Error('client closed');
    let attempts = 0;
    const limited = () => {
      attempts++;
      controller.abort(reason);
      return Promise.reject(new CxoneError('CXONE_RATE_LIMITED', 'rate limited', { status: 429, retryAfterMs: 60_000 }));
    };
    const rejection = await retry(read, limited, controller.signal).catch((error: unknown) => error);
    expect(rejection).toBe(reason);
    expect(attempts).toBe(1);
  });
});
