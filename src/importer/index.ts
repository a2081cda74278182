/**
 * Import: from the live tenant to a skills-state directory (as file texts, nothing written here) such that
 * `plan` on the result shows no changes. Pure and deterministic: the same tenant always gives the same files.
 */
import { Pair, YAMLMap } from 'yaml';
import type { LiveState } from '../model/types.js';
import { agentKeys } from './keys.js';
import { discoverProfiles, type DiscoveredProfile } from './profiles.js';
import { selectInScope, type ImportedAgent } from './select.js';
import { groupByTeam, type TeamFile } from './teams.js';
import { commentText } from './slug.js';
import { commentedKey, flowList, skillsNode, yamlFile } from './yaml-out.js';

export interface ImportOptions {
  /** scope.skills of the written cxskills.yaml; only assignments of matching skills are imported. */
  skills: string[];
  /** Identical skill sets held by at least this many agents become profiles; 0 turns discovery off. */
  minShared: number;
  /** Also declare agents with no in-scope assignment (as empty: "no in-scope skills"). */
  includeEmpty: boolean;
  /** `rate` to keep in the written cxskills.yaml (a re-import keeps the tenant's rate). */
  rate?: number;
}

export interface ImportedFile {
  path: string;
  text: string;
}

export interface ImportResult {
  files: ImportedFile[];
  summary: { agents: number; assignments: number; skills: number; profiles: number; agentsWithProfile: number; teamFiles: number };
}

export const DEFAULT_MIN_SHARED = 3;

export function importState(live: LiveState, options: ImportOptions): ImportResult {
  const agents = selectInScope(live, options.skills, options.includeEmpty);
  const keys = agentKeys(live.agents);
  const keyOf = (agentId: number) => keys.get(agentId) ?? String(agentId);
  const profiles = options.minShared > 0 ? discoverProfiles(agents, options.minShared) : [];
  const profileOf = new Map<number, string>();
  for (const p of profiles) for (const id of p.agentIds) profileOf.set(id, p.name);
  const teams = groupByTeam(agents, keyOf);

  const files: ImportedFile[] = [{ path: 'cxskills.yaml', text: configText(options.skills, options.rate) }];
  if (profiles.length > 0) files.push({ path: 'profiles.yaml', text: profilesText(profiles) });
  for (const team of teams) files.push({ path: team.path, text: teamText(team, keyOf, profileOf) });

  const assignments = agents.reduce((n, a) => n + a.skills.length, 0);
  const skills = new Set(agents.flatMap((a) => a.skills.map((s) => s.name))).size;
  return {
    files,
    summary: { agents: agents.length, assignments, skills, profiles: profiles.length, agentsWithProfile: profileOf.size, teamFiles: teams.length },
  };
}

function configText(skills: string[], rate?: number): string {
  const scope = new YAMLMap();
  scope.add(new Pair('skills', flowList(skills)));
  scope.add(new Pair('agents', 'declared'));
  return yamlFile(
    [
      'Written by `cxskills import` from the live tenant. Review and commit it; `cxskills plan` on this',
      'directory shows no changes until someone edits the files or the tenant.',
      'agents: declared — only the agents listed in these files are managed; others are left alone.',
      'Safety limits (apply refuses above them without --force) can be set here, e.g.:',
      'safety: { maxRemoveRatio: 0.25, maxChangeRatio: 0.5, minManaged: 20 }',
    ],
    [new Pair('version', 1), new Pair('scope', scope), ...(rate === undefined ? [] : [new Pair('rate', rate)])],
  );
}

function profilesText(profiles: readonly DiscoveredProfile[]): string {
  const map = new YAMLMap();
  for (const p of profiles) {
    const body = new YAMLMap();
    body.add(new Pair('skills', skillsNode(p.skills)));
    map.add(new Pair(commentedKey(p.name, `${p.agentIds.length} agents had exactly these skills at import`), body));
  }
  return yamlFile(['Profiles found by `cxskills import`: identical skill sets shared by several agents.', 'Proficiency is CXone\'s scale: 1..20, 1 = best.'], [new Pair('profiles', map)]);
}

function teamText(team: TeamFile, keyOf: (agentId: number) => string, profileOf: Map<number, string>): string {
  const map = new YAMLMap();
  for (const entry of team.agents) {
    const body = agentBody(entry, profileOf.get(entry.agent.agentId));
    if (body.items.length > 0) map.add(new Pair(commentedKey(keyOf(entry.agent.agentId), describe(entry)), body));
    else map.add(new Pair(keyOf(entry.agent.agentId), emptyAgent(describe(entry))));
  }
  const title = team.teamName ?? (team.teamId === undefined ? 'Agents without a team' : `Team ${team.teamId}`);
  const header = [
    `${title}${team.teamId === undefined ? '' : ` (teamId ${team.teamId})`}: imported by \`cxskills import\`.`,
    'For each agent listed, these are ALL of its in-scope skills: anything else in scope is removed by apply.',
  ];
  return yamlFile(header, [new Pair('agents', map)]);
}

function agentBody(entry: ImportedAgent, profile: string | undefined): YAMLMap {
  const body = new YAMLMap();
  if (profile !== undefined) body.add(new Pair('profiles', flowList([profile])));
  else if (entry.skills.length > 0) body.add(new Pair('skills', skillsNode(entry.skills)));
  return body;
}

/** `leaver: {} # Name`: no in-scope skills, with the comment where YAML keeps it on one line. */
function emptyAgent(comment: string): YAMLMap {
  const map = new YAMLMap();
  map.flow = true;
  const text = commentText(comment);
  if (text !== '') map.comment = ` ${text}`;
  return map;
}

function describe({ agent }: ImportedAgent): string {
  const name = `${agent.firstName} ${agent.lastName}`.trim();
  const parts = [name, agent.isActive ? '' : '(inactive in CXone)'].filter((p) => p !== '');
  return parts.join(' ');
}
