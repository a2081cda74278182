/** `generate --check-live`: roster keys resolved against the tenant's agents the way plan resolves state keys. */
import { suggest } from '../model/suggest.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { Agent } from '../model/types.js';
import type { GeneratedAgent } from './match.js';

export function checkAgentsExist(agents: readonly GeneratedAgent[], live: readonly Agent[], roster: string): Diagnostic[] {
  const ids = new Set(live.map((a) => a.agentId));
  const names = new Map<string, number[]>();
  const add = (key: string, id: number) => {
    const list = names.get(key) ?? [];
    if (!list.includes(id)) list.push(id);
    names.set(key, list);
  };
  for (const a of live) {
    add(a.userName, a.agentId);
    if (a.emailAddress) add(a.emailAddress, a.agentId);
  }
  const diagnostics: Diagnostic[] = [];
  for (const agent of agents) {
    if (/^\d+$/.test(agent.key) && ids.has(Number(agent.key))) continue;
    const found = names.get(agent.key) ?? [];
    if (found.length === 1) continue;
    diagnostics.push(
      found.length === 0
        ? { severity: 'error', code: 'ROSTER_UNKNOWN_AGENT', message: `no agent "${agent.key}" in the tenant (looked up by agentId, userName and emailAddress)`, file: roster, line: agent.line, suggestions: suggest(agent.key, names.keys()) }
        : { severity: 'error', code: 'ROSTER_AMBIGUOUS_AGENT', message: `"${agent.key}" matches several agents (${found.join(', ')}); use the numeric agentId`, file: roster, line: agent.line },
    );
  }
  return diagnostics;
}
