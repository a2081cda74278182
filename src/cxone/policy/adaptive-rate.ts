/**
 * Adaptive pacing for a tenant whose rate limit is not known (or is lower than configured). Silent until
 * the first 429; from then on it spaces calls at an estimated rate and pauses for Retry-After.
 *
 * The estimate: after a pause, the server has refilled about `rate × pause` tokens, and then allows
 * `rate` calls a second; so the calls that succeeded between the end of one pause and the next 429,
 * divided by (pause + run), measure the server's rate. Each 429 moves the pace to 97 % of that, but at
 * least halves nothing more than once (never below half, never above 90 % of the current pace), so a
 * long Retry-After (which overfills the bucket) cannot collapse the pace. Without 429s the pace probes
 * upwards by 1 % every `probeEvery` successes, up to the configured ceiling.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface AdaptiveRateOptions {
  /** The configured rate (requests/s): the pace never goes above it. */
  ceiling: number;
  /** The pace never goes below this. */
  floor?: number;
  probeEvery?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The longest pause a 429 imposes on the whole run (as DEFAULT_RETRY.maxRetryAfterMs). */
export const MAX_PAUSE_MS = 120_000;

export class AdaptiveRate {
  readonly #ceiling: number;
  readonly #floor: number;
  readonly #probeEvery: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  /** Current pace in requests/s; Infinity until the first 429. */
  #rate = Number.POSITIVE_INFINITY;
  #nextSlot = 0;
  #pausedUntil = 0;
  #runStart = 0;
  #lastPauseMs = 0;
  #successesInRun = 0;
  #successesSinceProbe = 0;
  #lastEventAt = Number.NEGATIVE_INFINITY;
  events = 0;

  constructor(options: AdaptiveRateOptions) {
    if (!(options.ceiling > 0)) throw new RangeError(`ceiling must be a positive rate, got ${options.ceiling}`);
    this.#ceiling = options.ceiling;
    this.#floor = options.floor ?? 0.2;
    this.#probeEvery = options.probeEvery ?? 100;
    this.#now = options.now ?? (() => performance.now());
    this.#sleep = options.sleep ?? ((ms) => delay(ms));
  }

  /** The pace in requests/s, or Infinity while no 429 has been seen. */
  get rate(): number {
    return this.#rate;
  }

  /** Waits for this call's slot: after any pause, and `1/rate` after the previous slot. */
  async acquire(): Promise<void> {
    for (;;) {
      const now = this.#now();
      const start = Math.max(now, this.#pausedUntil, Number.isFinite(this.#rate) ? this.#nextSlot : now);
      if (Number.isFinite(this.#rate)) this.#nextSlot = start + 1000 / this.#rate;
      if (start > now) await this.#sleep(start - now);
      // A 429 may have paused everything while this call slept: then take a new slot after the pause.
      if (this.#now() >= this.#pausedUntil) return;
    }
  }

  /** A call succeeded (any answer that is not 429). */
  succeeded(): void {
    this.#successesInRun++;
    if (!Number.isFinite(this.#rate)) return;
    if (++this.#successesSinceProbe >= this.#probeEvery) {
      this.#successesSinceProbe = 0;
      this.#rate = Math.min(this.#ceiling, this.#rate * 1.01);
    }
  }

  /** A call sent at `sentAt` was answered 429, with Retry-After in ms if given. */
  rateLimited(sentAt: number, retryAfterMs: number | undefined): void {
    const now = this.#now();
    // Capped like the retry waits: a Retry-After of hours must not stall every call of the run that long.
    const pauseMs = Math.min(retryAfterMs ?? 1000, MAX_PAUSE_MS);
    this.#pausedUntil = Math.max(this.#pausedUntil, now + pauseMs);
    // One decrease per congestion event: answers to calls sent before the last decrease are old news.
    if (sentAt < this.#lastEventAt) return;
    this.events++;
    const current = Number.isFinite(this.#rate) ? this.#rate : this.#ceiling;
    const runMs = Math.max(1, now - this.#runStart);
    const measured = this.events === 1 ? current : (this.#successesInRun * 1000) / (runMs + this.#lastPauseMs);
    const next = Math.min(current * 0.9, Math.max(measured * 0.97, current * 0.5));
    this.#rate = Math.max(this.#floor, next);
    this.#lastEventAt = now;
    this.#lastPauseMs = pauseMs;
    this.#runStart = now + pauseMs;
    this.#successesInRun = 0;
    this.#successesSinceProbe = 0;
  }
}
