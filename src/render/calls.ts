/** Summarises planned API calls as counts per method and endpoint: `2 × POST /skills/{id}/agents`. */
import type { PlannedCall } from '../plan/types.js';

export interface CallCount {
  method: string;
  path: string;
  count: number;
}

const PATHS: Record<PlannedCall['target'], string> = {
  agent: '/agents/{id}/skills',
  skill: '/skills/{id}/agents',
  upsert: '/agents/skills',
};
const METHOD_RANK: Record<string, number> = { POST: 0, PUT: 1, DELETE: 2 };
const TARGET_RANK: Record<string, number> = { upsert: 0, agent: 1, skill: 2 };

/** In the order apply thinks about them: POST, PUT, DELETE; upserts, then agent endpoints, then skill endpoints. */
export function countCalls(calls: readonly PlannedCall[]): CallCount[] {
  const counts = new Map<string, { call: PlannedCall; count: number }>();
  for (const call of calls) {
    const key = `${call.method} ${call.target}`;
    const entry = counts.get(key);
    if (entry) entry.count += 1;
    else counts.set(key, { call, count: 1 });
  }
  const rank = (c: PlannedCall): number => (METHOD_RANK[c.method] ?? 9) * 10 + (TARGET_RANK[c.target] ?? 9);
  return [...counts.values()]
    .sort((a, b) => rank(a.call) - rank(b.call))
    .map(({ call, count }) => ({ method: call.method, path: PATHS[call.target] ?? `/${call.target}`, count }));
}

export function formatCallCount(c: CallCount): string {
  return `${c.count} × ${c.method} ${c.path}`;
}
