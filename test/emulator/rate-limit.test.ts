import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../src/emulator/rate-limit.js';
import { Api, call, start, token, tokenRequest } from './helpers.js';

describe('TokenBuckets', () => {
  it('allows a burst, refills at the rate, and says how many whole seconds to wait (at least 1)', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => buckets.take('a').ok)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(buckets.take('b').ok).toBe(true);
    now = 499;
    expect(buckets.take('a').ok).toBe(false);
    now = 500;
    expect(buckets.take('a').ok).toBe(true);
    now = 100_000;
    expect([1, 2, 3, 4].map(() => buckets.take('a').ok)).toEqual([true, true, true, false]);
  });

  it('rounds Retry-After up for slow rates', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 0.25, burst: 1 }, () => now);
    expect(buckets.take('k').ok).toBe(true);
    expect(buckets.take('k')).toEqual({ ok: false, retryAfterSeconds: 4 });
    now = 1500;
    expect(buckets.take('k')).toEqual({ ok: false, retryAfterSeconds: 3 });
  });
});

describe('rate limit over HTTP', () => {
  it('answers 429 with an integer Retry-After and a JSON body once a token’s bucket is empty', async () => {
    // A slow refill (one token per 5 s) keeps the sequence exact even on a busy machine.
    const emulator = await start({ rateLimit: { perSecond: 0.2, burst: 3 } });
    const api = await Api.connect(emulator);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api.get('/skills?top=1')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await api.get('/skills?top=1');
    expect(limited.headers['retry-after']).toBe('5');
    expect(limited.json).toMatchObject({ error: 'TooManyRequests' });
    const stats = emulator.stats();
    expect(stats.rateLimited).toBe(3);
    expect(stats.status['429']).toBe(3);
    expect(stats.calls['GET /skills']).toBe(6);
  });

  it('keeps one bucket per token, and counts token calls and 401s against the caller’s address', async () => {
    const emulator = await start({ rateLimit: { perSecond: 0.1, burst: 3 } });
    const first = new Api(emulator, await token(emulator));
    for (let i = 0; i < 3; i++) expect((await first.get('/skills?top=1')).status).toBe(200);
    expect((await first.get('/skills?top=1')).status).toBe(429);
    const second = new Api(emulator, await token(emulator));
    expect((await second.get('/skills?top=1')).status).toBe(200);
    // The address bucket: two token calls taken, one left for an unauthenticated call, then 429.
    expect((await call(`${emulator.apiBase}/skills`)).status).toBe(401);
    const limitedToken = await tokenRequest(emulator);
    expect(limitedToken.status).toBe(429);
    expect(limitedToken.headers['retry-after']).toBe('10');
    expect((await call(`${emulator.apiBase}/skills`)).status).toBe(429);
  });

  it('sends 429s without Retry-After when retryAfter is false, on the API and the token endpoints', async () => {
    const emulator = await start({ rateLimit: { perSecond: 0.1, burst: 2 }, retryAfter: false });
    const api = await Api.connect(emulator);
    expect((await api.get('/skills?top=1')).status).toBe(200);
    expect((await api.get('/skills?top=1')).status).toBe(200);
    const limited = await api.get('/skills?top=1');
    expect(limited.status).toBe(429);
    expect(limited.headers).not.toHaveProperty('retry-after');
    expect(limited.json).toMatchObject({ error: 'TooManyRequests' });
    await tokenRequest(emulator);
    const limitedToken = await tokenRequest(emulator);
    expect(limitedToken.status).toBe(429);
    expect(limitedToken.headers).not.toHaveProperty('retry-after');
    expect(emulator.stats().rateLimited).toBe(2);
  });

  it('is off with rateLimit null', async () => {
    const emulator = await start({ rateLimit: null });
    const api = await Api.connect(emulator);
    const statuses = await Promise.all(Array.from({ length: 60 }, () => api.get('/skills?top=1').then((a) => a.status)));
    expect(new Set(statuses)).toEqual(new Set([200]));
  });
});
