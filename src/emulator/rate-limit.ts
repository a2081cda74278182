/** Token-bucket rate limiting per key (a bearer token, or the remote address for token calls and 401s). */
import type { RateLimit } from './types.js';

interface Bucket {
  tokens: number;
  at: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  /** `now` is in milliseconds; injectable so tests can drive time. */
  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token for `key`, or says how many whole seconds until one is there (at least 1). */
  take(key: string): TakeResult {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    const seconds = (1 - bucket.tokens) / this.limit.perSecond;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(seconds)) };
  }
}

export function validateRateLimit(limit: RateLimit): void {
  if (!(Number.isFinite(limit.perSecond) && limit.perSecond > 0)) {
    throw new RangeError(`rateLimit.perSecond must be a number > 0, got ${String(limit.perSecond)}`);
  }
  if (!(Number.isSafeInteger(limit.burst) && limit.burst >= 1)) {
    throw new RangeError(`rateLimit.burst must be an integer >= 1, got ${String(limit.burst)}`);
  }
}
