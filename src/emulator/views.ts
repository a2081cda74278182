/** Filtered read views cached per tenant generation, so paging a filtered list costs O(page) after its first page. */

/** Enough for every filter combination a client sweeps (the four required-filter reads, UpdatedSince, per-skill lists). */
const MAX_VIEWS = 64;

export class ViewCache {
  private generation = -1;
  private readonly views = new Map<string, readonly unknown[]>();

  /**
   * The view named `key` as of `generation`; built (once) by `build`. Any change to the tenant raises its
   * generation and so drops every view: filters depend on values a PUT changes in place.
   */
  get<T>(generation: number, key: string, build: () => readonly T[]): readonly T[] {
    if (generation !== this.generation) {
      this.views.clear();
      this.generation = generation;
    }
    const cached = this.views.get(key);
    if (cached) return cached as readonly T[];
    // Crude bound, not LRU: a client that keeps inventing filters only costs rebuilds, never memory.
    if (this.views.size >= MAX_VIEWS) this.views.clear();
    const view = build();
    this.views.set(key, view);
    return view;
  }
}
