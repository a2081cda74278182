/**
 * The key an imported agent is written under: its userName when that names exactly this agent the way
 * plan resolves keys (agentId for all-digit keys first, then userName and emailAddress), else its agentId.
 */
import type { Agent, AgentId } from '../model/types.js';

export function agentKeys(agents: readonly Agent[]): Map<AgentId, string> {
  const names = new Map<string, number>();
  const ids = new Set(agents.map((a) => a.agentId));
  const count = (key: string) => names.set(key, (names.get(key) ?? 0) + 1);
  for (const a of agents) {
    count(a.userName);
    if (a.emailAddress && a.emailAddress !== a.userName) count(a.emailAddress);
  }
  const keys = new Map<AgentId, string>();
  for (const a of agents) {
    const digits = /^\d+$/.test(a.userName);
    const unique = a.userName.trim() !== '' && names.get(a.userName) === 1 && !(digits && ids.has(Number(a.userName)));
    keys.set(a.agentId, unique ? a.userName : String(a.agentId));
  }
  return keys;
}
