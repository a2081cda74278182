/** Runs tasks a few at a time, never two at once that share a key: the API answers 409 to overlapping writes on one agent or skill. */

export interface KeyedTask {
  /** Resources the task holds while it runs, e.g. `agent:1001`, `skill:101`. */
  keys: readonly string[];
  run(): Promise<void>;
}

/**
 * Starts tasks in order as slots and keys free up; a blocked task lets later free ones pass, looking at
 * most `window` tasks ahead (which bounds the cost of a scan on large plans). If a task throws, no new
 * task starts; the running ones finish and the first error is thrown.
 */
export async function runExclusive(tasks: readonly KeyedTask[], concurrency: number, window = 64): Promise<void> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  const waiting = [...tasks];
  const held = new Set<string>();
  const running = new Set<Promise<void>>();
  let failed = false;
  let failure: unknown;

  const start = (task: KeyedTask) => {
    for (const key of task.keys) held.add(key);
    const done: Promise<void> = task
      .run()
      .catch((error: unknown) => {
        if (!failed) [failed, failure] = [true, error];
      })
      .finally(() => {
        for (const key of task.keys) held.delete(key);
        running.delete(done);
      });
    running.add(done);
  };

  while (running.size > 0 || (waiting.length > 0 && !failed)) {
    for (let i = 0; !failed && i < Math.min(waiting.length, window) && running.size < concurrency; ) {
      const task = waiting[i]!;
      if (task.keys.some((key) => held.has(key))) {
        i++;
        continue;
      }
      waiting.splice(i, 1);
      start(task);
    }
    if (running.size > 0) await Promise.race(running);
  }
  if (failed) throw failure;
}
