/** Reads run side by side: the first failure stops the others at their next attempt, and is thrown once all have stopped. */
import { CxoneError, isCxoneError } from './errors.js';

/** Thrown by a call that a sibling's failure (or close()) stopped before it started again; never retried. */
export function stoppedError(method: string, path: string): CxoneError {
  return new CxoneError('CXONE_ABORTED', 'stopped: another call of this read failed, or the client was closed', { method, path });
}

/**
 * Waits for every promise to settle, aborting `stop` at the first rejection so the others end at their
 * next attempt instead of retrying for minutes behind an error that has already decided the outcome.
 * Throws the first real error (a stopped sibling's CXONE_ABORTED only if nothing else failed).
 */
export async function settleAll(stop: AbortController, promises: ReadonlyArray<Promise<unknown>>): Promise<void> {
  const results = await Promise.allSettled(
    promises.map((p) =>
      p.catch((error: unknown) => {
        stop.abort();
        throw error;
      }),
    ),
  );
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (errors.length === 0) return;
  throw errors.find((e) => !(isCxoneError(e) && e.code === 'CXONE_ABORTED')) ?? errors[0];
}
