/** Turns agent declarations into DesiredAgents: one per key, declaration order, skills fully resolved. */
import type { Diagnostic } from '../model/diagnostics.js';
import type { DesiredAgent } from '../model/types.js';
import { CONFIG_CODES } from './codes.js';
import type { HolderDecl } from './declarations.js';
import { errorAt, showPlace } from './diagnostic.js';
import type { Resolver } from './profiles.js';
import { showName } from '../model/show.js';

export function buildAgents(agents: HolderDecl[], resolver: Resolver, diagnostics: Diagnostic[]): DesiredAgent[] {
  const byKey = new Map<string, HolderDecl>();
  const result: DesiredAgent[] = [];
  for (const agent of agents) {
    const first = byKey.get(agent.name);
    if (first) {
      const message = `agent ${showName(agent.name)} is declared twice; first at ${showPlace(first.place)}`;
      diagnostics.push(errorAt(CONFIG_CODES.AGENT_DUPLICATE, message, agent.place, { path: agent.path }));
      continue;
    }
    byKey.set(agent.name, agent);
    result.push({ key: agent.name, source: agent.place, skills: resolver.resolve(agent) });
  }
  return result;
}
