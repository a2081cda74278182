/**
 * Grouping changes into the fewest bulk API calls. Each write carries up to `maxItems` pairs of one
 * agent (`/agents/{id}/skills`) or of one skill (`/skills/{id}/agents`); which side to group by is
 * decided per change kind, taking the cheapest of: all by agent, all by skill, or each pair on its
 * busier side (which wins for mixed change sets such as "one agent gains many skills while many agents
 * gain one skill").
 */
import type { CallItem, Change, ChangeKind, HttpMethod, PlannedCall } from './types.js';

export const DEFAULT_MAX_ITEMS = 100;

const METHOD: Record<ChangeKind, HttpMethod> = { add: 'POST', update: 'PUT', remove: 'DELETE' };
/** Adds first, removals last: an agent gains new skills before losing old ones, so routing never drops to zero in between. */
const KIND_ORDER: readonly ChangeKind[] = ['add', 'update', 'remove'];

type Side = 'agent' | 'skill';

export function groupIntoCalls(changes: readonly Change[], maxItems = DEFAULT_MAX_ITEMS): PlannedCall[] {
  if (!Number.isInteger(maxItems) || maxItems < 1) throw new RangeError(`maxItems must be a positive integer, got ${maxItems}`);
  const calls: PlannedCall[] = [];
  for (const kind of KIND_ORDER) {
    const ofKind = changes.filter((c) => c.kind === kind);
    if (ofKind.length > 0) calls.push(...groupOneKind(ofKind, METHOD[kind], maxItems));
  }
  return calls;
}

/** The number of calls of grouping everything by one side: the lower bound the benchmark compares with. */
export function callsIfGroupedBy(changes: readonly Change[], side: Side, maxItems = DEFAULT_MAX_ITEMS): number {
  let total = 0;
  for (const kind of KIND_ORDER) {
    const degrees = countBy(changes.filter((c) => c.kind === kind), side);
    for (const n of degrees.values()) total += Math.ceil(n / maxItems);
  }
  return total;
}

function groupOneKind(changes: readonly Change[], method: HttpMethod, maxItems: number): PlannedCall[] {
  const agentDegree = countBy(changes, 'agent');
  const skillDegree = countBy(changes, 'skill');
  const strategies: Array<(c: Change) => Side> = [
    () => 'agent',
    () => 'skill',
    (c) => ((agentDegree.get(c.agentId) ?? 0) >= (skillDegree.get(c.skillId) ?? 0) ? 'agent' : 'skill'),
  ];
  // Count each strategy's calls first (cheap), then build the bodies of the winner only.
  let best = strategies[0]!;
  let bestCalls = Number.POSITIVE_INFINITY;
  for (const sideOf of strategies) {
    const calls = countCalls(changes, sideOf, maxItems);
    if (calls < bestCalls) {
      best = sideOf;
      bestCalls = calls;
    }
  }
  return buildCalls(changes, method, best, maxItems);
}

function countCalls(changes: readonly Change[], sideOf: (c: Change) => Side, maxItems: number): number {
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

/** The body item for a change: adds carry both values; updates only what changes; removals only the pair. */
export function itemOf(change: Change): CallItem {
  const pair = { agentId: change.agentId, skillId: change.skillId };
  switch (change.kind) {
    case 'add':
      return { ...pair, proficiency: change.after.proficiency, active: change.after.active };
    case 'update': {
      const item: CallItem = { ...pair };
      if (change.before.proficiency !== change.after.proficiency) item.proficiency = change.after.proficiency;
      if (change.before.active !== change.after.active) item.active = change.after.active;
      return item;
    }
    case 'remove':
      return pair;
  }
}

function countBy(changes: readonly Change[], side: Side): Map<number, number> {
  const degrees = new Map<number, number>();
  for (const c of changes) {
    const id = side === 'agent' ? c.agentId : c.skillId;
    degrees.set(id, (degrees.get(id) ?? 0) + 1);
  }
  return degrees;
}
