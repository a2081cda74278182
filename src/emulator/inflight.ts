/** Which agents and skills a write is still processing, so an overlapping write gets 409 ConcurrentModification. */

export type ResourceKey = `agent:${number}` | `skill:${number}`;

export class InFlight {
  private readonly held = new Set<ResourceKey>();

  /** Takes all keys, or none when any is held; the returned release must run once the answer is out. */
  tryAcquire(keys: Iterable<ResourceKey>): (() => void) | null {
    const wanted = [...new Set(keys)];
    if (wanted.some((key) => this.held.has(key))) return null;
    for (const key of wanted) this.held.add(key);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const key of wanted) this.held.delete(key);
    };
  }

  get size(): number {
    return this.held.size;
  }
}
