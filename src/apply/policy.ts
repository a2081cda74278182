/** Composes throttle, retry and metrics into the RequestPolicy the CXone client is given. */
import type { RequestPolicy } from '../cxone/client.js';
import { Metrics } from './metrics.js';
import { createRetry, type RetryOptions } from './retry.js';
import { createThrottle } from './throttle.js';

export interface PolicyOptions {
  ratePerSecond: number;
  retry?: Partial<RetryOptions>;
}

export function createPolicy(options: PolicyOptions, metrics = new Metrics()): { policy: RequestPolicy; metrics: Metrics } {
  const throttle = createThrottle({ ratePerSecond: options.ratePerSecond });
  const retry = createRetry({
    ...options.retry,
    onRetry: (info, reason, waitMs) => {
      metrics.retried();
      options.retry?.onRetry?.(info, reason, waitMs);
    },
  });
  return {
    metrics,
    policy: {
      throttle,
      retry,
      observe: (info, status, ms) => metrics.observe(info, status, ms),
    },
  };
}
