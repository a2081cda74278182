/**
 * Client-side rate limiting for every call of a run: p-throttle's sliding window holds the configured
 * ceiling; an optional AdaptiveRate slows below it when the tenant answers 429 (its real limit is lower).
 */
import pThrottle from 'p-throttle';
import type { AdaptiveRate } from './adaptive-rate.js';

export interface ThrottleOptions {
  /** Requests per second; the default is conservative because real tenants do not tell their limit. */
  ratePerSecond: number;
  adaptive?: AdaptiveRate;
}

export const DEFAULT_RATE_PER_SECOND = 8;

export type Throttle = <T>(fn: () => Promise<T>) => Promise<T>;

export function validateRate(value: number, name = 'rate'): number {
  if (!Number.isFinite(value) && value !== Number.POSITIVE_INFINITY) throw new RangeError(`${name} must be a positive number of requests per second, got ${value}`);
  if (!(value > 0)) throw new RangeError(`${name} must be a positive number of requests per second, got ${value}`);
  return value;
}

/**
 * No 1-second window holds more than `ratePerSecond` calls. Fractional rates (e.g. 0.5) become one call
 * per 2 s. `Infinity` disables the ceiling (the adaptive pace, if any, still applies).
 */
export function createThrottle(options: ThrottleOptions): Throttle {
  const rate = validateRate(options.ratePerSecond);
  const adaptive = options.adaptive;
  let ceiling: Throttle = (fn) => fn();
  if (rate !== Number.POSITIVE_INFINITY) {
    const limit = rate >= 1 ? Math.floor(rate) : 1;
    const interval = rate >= 1 ? Math.round((1000 * limit) / rate) : Math.round(1000 / rate);
    const run = pThrottle({ limit, interval, strict: true })(<T>(fn: () => Promise<T>) => fn());
    ceiling = <T>(fn: () => Promise<T>) => run(fn) as Promise<T>;
  }
  if (adaptive === undefined) return ceiling;
  return async <T>(fn: () => Promise<T>) => {
    await adaptive.acquire();
    return ceiling(fn);
  };
}
