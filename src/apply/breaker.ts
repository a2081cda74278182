/**
 * The circuit breaker: after a few calls in a row fail the same way that no retry fixes (refused
 * credentials, no permission, the API failing on every call), apply stops starting calls; what is left
 * is "not attempted" (not a failure of those items) and a re-run finishes it.
 */
import type { CallOutcome } from './types.js';

export const DEFAULT_BREAKER_THRESHOLD = 5;

export interface Stopped {
  /** The failure that kept repeating. */
  code: string;
  message: string;
  /** What to check before running again. */
  hint: string;
}

const HINTS: Record<string, string> = {
  auth: 'The API refused the credentials: check CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET (and CXONE_CLIENT_ID/SECRET), and that the access key is active.',
  forbidden: "The API refused the writes (403): the access key's user needs permission to edit agent skills.",
  server: 'The API kept failing (5xx, resets or timeouts): check CXone status and the network path, then run apply again to finish.',
  interrupted: 'Interrupted: the calls in flight finished and are in the audit log; run apply again to finish the rest.',
};

/** Which kind of lasting failure an error code (and its message) is, if any. */
function kindOf(code: string, message: string): keyof typeof HINTS | undefined {
  if (code === 'CXONE_UNAUTHORIZED' || code === 'CXONE_AUTH_FAILED') return 'auth';
  if (code === 'CXONE_HTTP_ERROR' && /→ 403\b/.test(message)) return 'forbidden';
  if (code === 'CXONE_SERVER_ERROR' || code === 'CXONE_NETWORK' || code === 'CXONE_TIMEOUT') return 'server';
  return undefined;
}

export class Breaker {
  readonly #threshold: number;
  #kind: string | undefined;
  #count = 0;
  stopped: Stopped | undefined;

  constructor(threshold = DEFAULT_BREAKER_THRESHOLD) {
    if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`breaker threshold must be a positive integer, got ${threshold}`);
    this.#threshold = threshold;
  }

  /** A call ended: a call that applied anything, or failed another way, resets the count. */
  record(outcome: CallOutcome): void {
    const first = outcome.failures[0];
    const kind = outcome.applied === 0 && first !== undefined ? kindOf(first.code, first.message) : undefined;
    if (kind === undefined) return this.reset();
    if (!outcome.failures.every((f) => kindOf(f.code, f.message) === kind)) return this.reset();
    this.#count = kind === this.#kind ? this.#count + 1 : 1;
    this.#kind = kind;
    if (this.#count >= this.#threshold) this.trip(first!.code, first!.message, kind);
  }

  /** Opens at once (a guard read that failed for good: nothing may be written without it). */
  trip(code: string, message: string, kind: keyof typeof HINTS = kindOf(code, message) ?? 'server'): void {
    this.stopped ??= { code, message, hint: HINTS[kind]! };
  }

  private reset(): void {
    this.#kind = undefined;
    this.#count = 0;
  }
}
