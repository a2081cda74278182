/**
 * Retry policy on p-retry. 429s wait for Retry-After (or an exponential backoff with jitter when the
 * header is missing) and do not use up the error budget; 5xx, resets and timeouts back off with jitter.
 * Writes are repeated only when they certainly did not happen: a write with an unknown outcome is
 * handed back to the executor, which re-reads before deciding what is still to do.
 */
import { setTimeout as delay } from 'node:timers/promises';
import pRetry from 'p-retry';
import { CxoneError, isCxoneError } from '../errors.js';
import type { RequestInfo } from '../client.js';

export interface RetryOptions {
  /** Retries of 5xx, network faults and timeouts per call. */
  retries: number;
  /** First backoff for 5xx and network faults; doubles each time, with jitter. */
  minTimeoutMs: number;
  maxTimeoutMs: number;
  /** 429 answers tolerated per call before giving up. */
  max429: number;
  /** Backoff for a 429 without Retry-After: min × 2^n, capped, with jitter. */
  rateLimitBackoffMs: number;
  /** Longest Retry-After honoured as is; longer ones are capped (a stuck header must not stall a run for hours). */
  maxRetryAfterMs: number;
  /** All 429 waits of every call of the run together; past it the run gives up (CXSKILLS_MAX_WAIT_S). */
  maxTotalWaitMs: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told of every retry, for metrics and progress. */
  onRetry?: (info: RequestInfo, reason: string, waitMs: number) => void;
  random?: () => number;
}

export const DEFAULT_RETRY: RetryOptions = {
  retries: 5,
  minTimeoutMs: 500,
  maxTimeoutMs: 20_000,
  max429: 30,
  rateLimitBackoffMs: 1000,
  maxRetryAfterMs: 120_000,
  maxTotalWaitMs: 900_000,
};

export type Retry = <T>(info: RequestInfo, attempt: () => Promise<T>, signal?: AbortSignal) => Promise<T>;

/**
 * A sleep that ends early when `signal` aborts, so a closing run does not wait out a backoff. It rejects
 * with the signal's reason (what the caller aborted with), not node's generic AbortError.
 */
const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  delay(ms, undefined, signal ? { signal } : {}).catch((error: unknown) => {
    throw signal?.aborted ? signal.reason : error;
  });

export function createRetry(options: Partial<RetryOptions> = {}): Retry {
  const o: RetryOptions = { ...DEFAULT_RETRY, ...options };
  for (const key of ['retries', 'minTimeoutMs', 'maxTimeoutMs', 'max429', 'rateLimitBackoffMs', 'maxRetryAfterMs', 'maxTotalWaitMs'] as const) {
    if (!Number.isFinite(o[key]) || o[key] < 0) throw new RangeError(`retry option ${key} must be a non-negative number, got ${o[key]}`);
  }
  const sleep = o.sleep ?? defaultSleep;
  const random = o.random ?? Math.random;
  // Shared by every call of the run: calls waiting side by side for one pause count it once each, which errs on the side of stopping.
  let waitedMs = 0;

  return <T>(info: RequestInfo, attempt: () => Promise<T>, signal?: AbortSignal) => {
    let rateLimited = 0;
    return pRetry(() => attempt(), {
      ...(signal ? { signal } : {}),
      retries: o.retries,
      minTimeout: o.minTimeoutMs,
      maxTimeout: o.maxTimeoutMs,
      factor: 2,
      randomize: true,
      onFailedAttempt: async ({ error }) => {
        if (isCxoneError(error) && error.code === 'CXONE_RATE_LIMITED') {
          rateLimited++;
          if (rateLimited > o.max429) return;
          const backoff = Math.min(o.rateLimitBackoffMs * 2 ** (rateLimited - 1), o.maxTimeoutMs) * (0.5 + random());
          const wait = Math.min(error.retryAfterMs ?? backoff, o.maxRetryAfterMs);
          if (waitedMs + wait > o.maxTotalWaitMs) {
            throw new CxoneError('CXONE_RATE_LIMITED', `gave up: the API kept answering 429, and waiting ${Math.round(wait / 1000)} s more would pass ${Math.round(o.maxTotalWaitMs / 1000)} s of waiting in all (CXSKILLS_MAX_WAIT_S); lower --rate, or run again later`, {
              method: info.method,
              path: info.path,
              status: 429,
            });
          }
          waitedMs += wait;
          o.onRetry?.(info, '429', wait);
          await sleep(wait, signal);
        } else if (isRetryable(info, error)) {
          o.onRetry?.(info, isCxoneError(error) ? error.code : 'error', 0);
        }
      },
      shouldConsumeRetry: ({ error }) => !(isCxoneError(error) && error.code === 'CXONE_RATE_LIMITED'),
      shouldRetry: ({ error }) => {
        if (isCxoneError(error) && error.code === 'CXONE_RATE_LIMITED') return rateLimited <= o.max429;
        return isRetryable(info, error);
      },
    });
  };
}

/** Whether repeating the same request as is is safe and useful. */
export function isRetryable(info: RequestInfo, error: unknown): boolean {
  if (!isCxoneError(error)) return false;
  switch (error.code) {
    case 'CXONE_RATE_LIMITED':
      return true;
    case 'CXONE_SERVER_ERROR':
    case 'CXONE_NETWORK':
    case 'CXONE_TIMEOUT':
      return !info.isWrite || error.outcome === 'not-applied';
    default:
      return false;
  }
}
