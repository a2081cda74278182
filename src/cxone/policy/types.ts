/** How calls are paced and repeated: the caller's policy (throttle, retry, observe), not built into the client. */

export interface RequestInfo {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  isWrite: boolean;
}

/**
 * Supplied by the caller (see throttle.ts and retry.ts beside this file). `throttle` wraps every HTTP exchange,
 * token and discovery calls included (they count against the rate limit too); `retry` wraps one logical
 * call and may repeat it.
 */
export interface RequestPolicy {
  throttle<T>(fn: () => Promise<T>): Promise<T>;
  /** `signal` aborts the waits between attempts (the client is closing, or a sibling read failed for good). */
  retry<T>(info: RequestInfo, attempt: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Told of every HTTP answer, for adaptive pacing and metrics. */
  observe?(info: RequestInfo, status: number | 'error', ms: number, retryAfterMs?: number): void;
}

export const DIRECT_POLICY: RequestPolicy = {
  throttle: (fn) => fn(),
  retry: (_info, attempt) => attempt(),
};
