/** Resolving the desired state against the tenant: agent keys and skill names to ids, with "did you mean" on a miss. */
import { compileSkillScope } from '../model/glob.js';
import { suggest } from '../model/suggest.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { Agent, AgentId, DesiredAgent, DesiredState, LiveState, Skill, SkillId } from '../model/types.js';
import { emptyDocument, type SkillsDocument } from './document.js';
import { hasInvisible, showName } from '../model/show.js';

export interface ResolvedState {
  /** Sorted ascending. */
  managedAgentIds: AgentId[];
  inScopeSkillIds: Set<SkillId>;
  desired: SkillsDocument;
  /** Each managed agent's declaration (agents: all leaves undeclared ones out), for diagnostics that point at the files. */
  declarations: Map<AgentId, DesiredAgent>;
  diagnostics: Diagnostic[];
}

export function resolveDesired(desired: DesiredState, live: Pick<LiveState, 'agents' | 'skills'>): ResolvedState {
  const diagnostics: Diagnostic[] = [];
  const inScope = compileSkillScope(desired.scope.skills);
  const skillsByName = new Map<string, Skill>(live.skills.map((s) => [s.skillName, s]));
  const inScopeSkillIds = new Set(live.skills.filter((s) => inScope(s.skillName)).map((s) => s.skillId));
  const agentIndex = indexAgents(live.agents);

  const declaredIds = new Map<AgentId, string>();
  const resolvedAgents: Array<{ agentId: AgentId; skills: DesiredState['agents'][number]['skills'] }> = [];
  const declarations = new Map<AgentId, DesiredAgent>();

  for (const agent of desired.agents) {
    const place = { file: agent.source.file, line: agent.source.line, col: agent.source.col, path: `/agents/${agent.key}` };
    const found = agentIndex.lookup(agent.key);
    if (found.kind === 'missing') {
      diagnostics.push({
        severity: 'error',
        code: 'UNKNOWN_AGENT',
        message: `No agent ${showName(agent.key)} in the tenant (looked up by agentId, userName and emailAddress).`,
        ...place,
        suggestions: suggest(agent.key, agentIndex.names()),
      });
      continue;
    }
    if (found.kind === 'ambiguous') {
      diagnostics.push({
        severity: 'error',
        code: 'AGENT_AMBIGUOUS',
        message: found.byIdAndName
          ? `${showName(agent.key)} is the agentId of agent ${found.ids[0]} and the userName or emailAddress of agent ${found.ids.slice(1).join(', ')}; write the userName or emailAddress of the one you mean.`
          : `${showName(agent.key)} matches several agents (${found.ids.join(', ')}); use the numeric agentId.`,
        ...place,
      });
      continue;
    }
    const earlier = declaredIds.get(found.agent.agentId);
    if (earlier !== undefined) {
      diagnostics.push({
        severity: 'error',
        code: 'AGENT_DUPLICATE',
        message: `${showName(agent.key)} is agent ${found.agent.agentId}, already declared as ${showName(earlier)}.`,
        ...place,
      });
      continue;
    }
    declaredIds.set(found.agent.agentId, agent.key);
    resolvedAgents.push({ agentId: found.agent.agentId, skills: agent.skills });
    declarations.set(found.agent.agentId, agent);
  }

  const managedAgentIds = (desired.scope.agents === 'all' ? live.agents.map((a) => a.agentId) : [...declaredIds.keys()]).sort((a, b) => a - b);
  const doc = emptyDocument(managedAgentIds);
  const inScopeNames = live.skills.filter((s) => inScope(s.skillName)).map((s) => s.skillName);

  for (const { agentId, skills } of resolvedAgents) {
    const entry = doc[String(agentId)];
    if (entry === undefined) continue;
    for (const [skillName, value] of skills) {
      const skill = skillsByName.get(skillName);
      if (skill === undefined) {
        diagnostics.push({
          severity: 'error',
          code: 'UNKNOWN_SKILL',
          message: `No skill named ${showName(skillName)} in the tenant (names are case-sensitive${invisibleHint(skillName)}).`,
          file: value.source.file,
          line: value.source.line,
          col: value.source.col,
          path: `/agents/${desiredKey(declaredIds, agentId)}/skills/${skillName}`,
          suggestions: suggest(skillName, inScopeNames.length > 0 ? inScopeNames : skillsByName.keys()),
        });
        continue;
      }
      entry[String(skill.skillId)] = { proficiency: value.proficiency, active: value.active };
    }
  }
  return { managedAgentIds, inScopeSkillIds, desired: doc, declarations, diagnostics };
}

/** Said when the name holds characters a reader cannot see, so an identical-looking suggestion makes sense. */
function invisibleHint(name: string): string {
  return hasInvisible(name) ? '; this name holds invisible or look-alike characters, shown as <U+…>' : '';
}

function desiredKey(declared: Map<AgentId, string>, agentId: AgentId): string {
  return declared.get(agentId) ?? String(agentId);
}

type Lookup = { kind: 'found'; agent: Agent } | { kind: 'missing' } | { kind: 'ambiguous'; ids: AgentId[]; byIdAndName?: boolean };

/** Agents by agentId, userName and emailAddress, as agent keys are looked up (also by the narrowing of plan --agents). */
export function indexAgents(agents: readonly Agent[]) {
  const byId = new Map<AgentId, Agent>();
  const byName = new Map<string, Agent[]>();
  const add = (key: string, agent: Agent) => {
    const list = byName.get(key);
    if (list === undefined) byName.set(key, [agent]);
    else if (!list.includes(agent)) list.push(agent);
  };
  for (const agent of agents) {
    byId.set(agent.agentId, agent);
    add(agent.userName, agent);
    if (agent.emailAddress) add(agent.emailAddress, agent);
  }
  return {
    lookup(key: string): Lookup {
      const matches = byName.get(key) ?? [];
      if (/^\d+$/.test(key)) {
        const agent = byId.get(Number(key));
        // "1042" that is one agent's id and another's userName is not resolved by guessing which was meant.
        const others = matches.filter((a) => a !== agent);
        if (agent !== undefined && others.length > 0) return { kind: 'ambiguous', ids: [agent.agentId, ...others.map((a) => a.agentId)], byIdAndName: true };
        if (agent !== undefined) return { kind: 'found', agent };
      }
      if (matches.length === 1) return { kind: 'found', agent: matches[0]! };
      if (matches.length > 1) return { kind: 'ambiguous', ids: matches.map((a) => a.agentId) };
      return { kind: 'missing' };
    },
    names(): Iterable<string> {
      return byName.keys();
    },
  };
}
