/** `/agents/skills` on servers that require its isActive and isAgentActive filters: four filtered reads, merged. */
import type { Assignment } from '../model/types.js';
import { isCxoneError } from './errors.js';
import { settleAll } from './settle-all.js';

/** The four filtered reads that together are every assignment. */
const COMBINATIONS = [
  { isActive: 'true', isAgentActive: 'true' },
  { isActive: 'true', isAgentActive: 'false' },
  { isActive: 'false', isAgentActive: 'true' },
  { isActive: 'false', isAgentActive: 'false' },
];

export type FilteredRead = (filters: Record<string, string>) => Promise<Assignment[]>;

/**
 * The reference marks both filters as required, but whether servers enforce it is unverified: read without
 * them first, and on a 400 naming one of them switch to the combinations for the life of the client,
 * saying so once.
 */
export class AssignmentFilters {
  #required = false;
  readonly #onNotice: ((message: string) => void) | undefined;

  constructor(onNotice?: (message: string) => void) {
    this.#onNotice = onNotice;
  }

  async read(read: FilteredRead, stop: AbortController): Promise<Assignment[]> {
    if (!this.#required) {
      try {
        return await read({});
      } catch (error) {
        if (stop.signal.aborted || !namesRequiredFilter(error)) throw error;
        this.#require();
      }
    }
    const parts = COMBINATIONS.map((filters) => read(filters));
    await settleAll(stop, parts);
    // The combinations do not overlap; deduplicating by pair guards against a server whose filters do.
    const seen = new Set<string>();
    const out: Assignment[] = [];
    for (const part of parts) {
      for (const a of await part) {
        const key = `${a.agentId}:${a.skillId}`;
        if (!seen.has(key)) out.push(a);
        seen.add(key);
      }
    }
    return out;
  }

  #require(): void {
    if (this.#required) return;
    this.#required = true;
    this.#onNotice?.('GET /agents/skills requires the isActive and isAgentActive filters on this server: every read of it is now four filtered reads, merged');
  }
}

/** A 400 whose text names isActive or isAgentActive (not isSkillActive): this server requires the filters. */
function namesRequiredFilter(error: unknown): boolean {
  return isCxoneError(error) && error.status === 400 && /\bis(Agent)?Active\b/i.test(`${error.excerpt ?? ''} ${error.message}`);
}
