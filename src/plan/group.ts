/**
 * Grouping changes into the fewest API writes, with the bound no grouping can beat.
 *
 * Adds and changes: `POST /agents/skills` (the upsert) takes any mix of pairs up to the item limit, so
 * they need exactly ⌈pairs ÷ limit⌉ calls. Where the upsert is not available, and for removals always, each
 * write carries the pairs of one agent (`/agents/{id}/skills`) or of one skill (`/skills/{id}/agents`):
 * such calls cover the edges at one vertex of the bipartite agent–skill graph, so their number is at least
 * its minimum vertex cover (König: the size of a maximum matching) and at least ⌈pairs ÷ limit⌉. The cover
 * itself is a grouping that reaches that bound when no vertex has more pairs than the limit; otherwise the
 * best of it and the simple one-side groupings is taken.
 */
import { minimumVertexCover } from './cover.js';
import type { CallItem, Change, ChangeKind, HttpMethod, PlannedCall } from './types.js';

export const DEFAULT_MAX_ITEMS = 100;

const METHOD: Record<ChangeKind, HttpMethod> = { add: 'POST', update: 'PUT', remove: 'DELETE' };
/** Adds first, removals last: an agent gains new skills before losing old ones, so routing never drops to zero in between. */
const KIND_ORDER: readonly ChangeKind[] = ['add', 'update', 'remove'];

type Side = 'agent' | 'skill';

export interface GroupOptions {
  /** Items (pairs) per request; default 100. */
  maxItems?: number;
  /** Carry adds and changes in `POST /agents/skills` upserts (default true). */
  upsert?: boolean;
}

export interface Grouping {
  calls: PlannedCall[];
  /** `upsert`: adds and changes in upserts, removals per agent or skill; `per-list`: every write per agent or skill. */
  strategy: 'upsert' | 'per-list';
  itemLimit: number;
  /** No grouping of these changes into this strategy's writes needs fewer calls. */
  lowerBound: number;
}

export function groupChanges(changes: readonly Change[], options: GroupOptions = {}): Grouping {
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  if (!Number.isInteger(maxItems) || maxItems < 1) throw new RangeError(`maxItems must be a positive integer, got ${maxItems}`);
  const upsert = options.upsert ?? true;
  const calls: PlannedCall[] = [];
  let lowerBound = 0;
  if (upsert) {
    const upserts = changes.filter((c) => c.kind !== 'remove');
    for (let i = 0; i < upserts.length; i += maxItems) calls.push({ method: 'POST', target: 'upsert', id: 0, items: upserts.slice(i, i + maxItems).map(itemOf) });
    lowerBound += Math.ceil(upserts.length / maxItems);
  }
  for (const kind of KIND_ORDER) {
    if (upsert && kind !== 'remove') continue;
    const ofKind = changes.filter((c) => c.kind === kind);
    if (ofKind.length === 0) continue;
    const best = groupOneKind(ofKind, METHOD[kind], maxItems);
    calls.push(...best.calls);
    lowerBound += best.lowerBound;
  }
  return { calls, strategy: upsert ? 'upsert' : 'per-list', itemLimit: maxItems, lowerBound };
}

/** Every write per agent or per skill (the grouping for servers without the upsert). */
export function groupIntoCalls(changes: readonly Change[], maxItems = DEFAULT_MAX_ITEMS): PlannedCall[] {
  return groupChanges(changes, { maxItems, upsert: false }).calls;
}

/** The number of calls of grouping everything by one side (the grouping of per-agent and per-skill scripts). */
export function callsIfGroupedBy(changes: readonly Change[], side: Side, maxItems = DEFAULT_MAX_ITEMS): number {
  let total = 0;
  for (const kind of KIND_ORDER) {
    const degrees = countBy(changes.filter((c) => c.kind === kind), side);
    for (const n of degrees.values()) total += Math.ceil(n / maxItems);
  }
  return total;
}

function groupOneKind(changes: readonly Change[], method: HttpMethod, maxItems: number): { calls: PlannedCall[]; lowerBound: number } {
  const cover = minimumVertexCover(changes);
  const agentDegree = countBy(changes, 'agent');
  const skillDegree = countBy(changes, 'skill');
  const byCover = coverSides(changes, cover.agents, cover.skills, maxItems);
  const strategies: Array<(c: Change) => Side> = [
    (c) => byCover.get(c) ?? 'agent',
    () => 'agent',
    () => 'skill',
    (c) => ((agentDegree.get(c.agentId) ?? 0) >= (skillDegree.get(c.skillId) ?? 0) ? 'agent' : 'skill'),
  ];
  // Count each strategy's calls first (cheap), then build the bodies of the winner only.
  let best = strategies[0]!;
  let bestCalls = Number.POSITIVE_INFINITY;
  for (const sideOf of strategies) {
    const calls = callsPerSide(changes, sideOf, maxItems);
    if (calls < bestCalls) {
      best = sideOf;
      bestCalls = calls;
    }
  }
  return { calls: buildCalls(changes, method, best, maxItems), lowerBound: Math.max(cover.size, Math.ceil(changes.length / maxItems)) };
}

/**
 * Each change goes to an endpoint in the cover (at least one is). When both are, it goes where it fills
 * a chunk that is already open rather than opening a new one, so chunking adds as few calls as it can.
 */
function coverSides(changes: readonly Change[], agents: Set<number>, skills: Set<number>, maxItems: number): Map<Change, Side> {
  const load = new Map<string, number>();
  const sides = new Map<Change, Side>();
  const take = (c: Change, side: Side) => {
    const key = side === 'agent' ? `a${c.agentId}` : `s${c.skillId}`;
    load.set(key, (load.get(key) ?? 0) + 1);
    sides.set(c, side);
  };
  const both: Change[] = [];
  for (const c of changes) {
    const a = agents.has(c.agentId);
    const s = skills.has(c.skillId);
    if (a && s) both.push(c);
    else take(c, a ? 'agent' : 'skill');
  }
  for (const c of both) {
    const room = (key: string) => {
      const n = load.get(key) ?? 0;
      return n === 0 ? 0 : (maxItems - (n % maxItems)) % maxItems;
    };
    const agentRoom = room(`a${c.agentId}`);
    const skillRoom = room(`s${c.skillId}`);
    take(c, agentRoom >= skillRoom && agentRoom > 0 ? 'agent' : skillRoom > 0 ? 'skill' : (load.get(`a${c.agentId}`) ?? 0) > 0 ? 'agent' : 'skill');
  }
  return sides;
}

function callsPerSide(changes: readonly Change[], sideOf: (c: Change) => Side, maxItems: number): number {
  const agents = new Map<number, number>();
  const skills = new Map<number, number>();
  for (const c of changes) {
    if (sideOf(c) === 'agent') agents.set(c.agentId, (agents.get(c.agentId) ?? 0) + 1);
    else skills.set(c.skillId, (skills.get(c.skillId) ?? 0) + 1);
  }
  let calls = 0;
  for (const n of agents.values()) calls += Math.ceil(n / maxItems);
  for (const n of skills.values()) calls += Math.ceil(n / maxItems);
  return calls;
}

function buildCalls(changes: readonly Change[], method: HttpMethod, sideOf: (c: Change) => Side, maxItems: number): PlannedCall[] {
  const buckets = new Map<string, { target: Side; id: number; items: CallItem[] }>();
  for (const change of changes) {
    const target = sideOf(change);
    const id = target === 'agent' ? change.agentId : change.skillId;
    const key = `${target}:${id}`;
    let bucket = buckets.get(key);
    if (bucket === undefined) {
      bucket = { target, id, items: [] };
      buckets.set(key, bucket);
    }
    bucket.items.push(itemOf(change));
  }
  const calls: PlannedCall[] = [];
  for (const { target, id, items } of buckets.values()) {
    for (let i = 0; i < items.length; i += maxItems) {
      calls.push({ method, target, id, items: items.slice(i, i + maxItems) });
    }
  }
  return calls;
}

/**
 * The body item for a change: adds and updates carry both values (the API requires `isActive` on a PUT, and a
 * PUT of both is the same merge), removals only the pair.
 */
export function itemOf(change: Change): CallItem {
  const pair = { agentId: change.agentId, skillId: change.skillId };
  return change.kind === 'remove' ? pair : { ...pair, proficiency: change.after.proficiency, active: change.after.active };
}

function countBy(changes: readonly Change[], side: Side): Map<number, number> {
  const degrees = new Map<number, number>();
  for (const c of changes) {
    const id = side === 'agent' ? c.agentId : c.skillId;
    degrees.set(id, (degrees.get(id) ?? 0) + 1);
  }
  return degrees;
}
