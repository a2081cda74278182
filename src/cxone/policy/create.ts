/** Composes throttle (with adaptive pacing), retry and metrics into the RequestPolicy the CXone client is given. */
import type { RequestPolicy } from '../client.js';
import { AdaptiveRate } from './adaptive-rate.js';
import { Metrics } from './metrics.js';
import { createRetry, type RetryOptions } from './retry.js';
import { createThrottle } from './throttle.js';

export interface PolicyOptions {
  ratePerSecond: number;
  retry?: Partial<RetryOptions>;
}

export function createPolicy(options: PolicyOptions, metrics = new Metrics()): { policy: RequestPolicy; metrics: Metrics; adaptive: AdaptiveRate } {
  // Slows below ratePerSecond when the tenant answers 429, and back up as calls succeed.
  const adaptive = new AdaptiveRate({ ceiling: options.ratePerSecond });
  const throttle = createThrottle({ ratePerSecond: options.ratePerSecond, adaptive });
  const retry = createRetry({
    ...options.retry,
    onRetry: (info, reason, waitMs) => {
      metrics.retried();
      options.retry?.onRetry?.(info, reason, waitMs);
    },
  });
  return {
    metrics,
    adaptive,
    policy: {
      throttle,
      retry,
      observe: (info, status, ms, retryAfterMs) => {
        metrics.observe(info, status, ms);
        if (status === 429) adaptive.rateLimited(performance.now() - ms, retryAfterMs);
        else if (status !== 'error') adaptive.succeeded();
      },
    },
  };
}
