/** Client-side rate limiting: p-throttle's sliding window at a configured request rate, shared by every call of a run. */
import pThrottle from 'p-throttle';

export interface ThrottleOptions {
  /** Requests per second; the default is conservative because real tenants do not tell their limit. */
  ratePerSecond: number;
}

export const DEFAULT_RATE_PER_SECOND = 8;

export type Throttle = <T>(fn: () => Promise<T>) => Promise<T>;

export function validateRate(value: number, name = 'rate'): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of requests per second, got ${value}`);
  return value;
}

/**
 * Spreads calls over time so that no 1-second window holds more than `ratePerSecond` calls. Fractional
 * rates (e.g. 0.5) become one call per 2 s. `Infinity` disables throttling.
 */
export function createThrottle(options: ThrottleOptions): Throttle {
  const rate = validateRate(options.ratePerSecond);
  if (rate === Number.POSITIVE_INFINITY) return (fn) => fn();
  const limit = rate >= 1 ? Math.floor(rate) : 1;
  const interval = rate >= 1 ? Math.round((1000 * limit) / rate) : Math.round(1000 / rate);
  const throttle = pThrottle({ limit, interval, strict: true });
  const run = throttle(<T>(fn: () => Promise<T>) => fn());
  return <T>(fn: () => Promise<T>) => run(fn) as Promise<T>;
}
