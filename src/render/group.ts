/** Groups a plan's changes by agent in one pass, keeping the plan's order (agent name, then skill name). */
import type { AgentId } from '../model/types.js';
import type { Change, ChangeKind } from '../plan/types.js';

export interface AgentGroup {
  agentId: AgentId;
  changes: Change[];
  counts: Record<ChangeKind, number>;
}

export function groupByAgent(changes: readonly Change[]): AgentGroup[] {
  const groups = new Map<AgentId, AgentGroup>();
  for (const change of changes) {
    let group = groups.get(change.agentId);
    if (!group) {
      group = { agentId: change.agentId, changes: [], counts: { add: 0, update: 0, remove: 0 } };
      groups.set(change.agentId, group);
    }
    group.changes.push(change);
    group.counts[change.kind] += 1;
  }
  return [...groups.values()];
}
