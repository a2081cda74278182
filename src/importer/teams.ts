/** One state file per team: `teams/<team-slug>.yaml`, agents sorted by key; teams whose slugs collide get their teamId appended. */
import type { ImportedAgent } from './select.js';
import { compare } from './select.js';
import { slug } from './slug.js';

export interface TeamFile {
  path: string;
  teamName: string | undefined;
  teamId: number | undefined;
  agents: ImportedAgent[];
}

export function groupByTeam(agents: readonly ImportedAgent[], keyOf: (agentId: number) => string): TeamFile[] {
  const teams = new Map<string, { teamName: string | undefined; teamId: number | undefined; agents: ImportedAgent[] }>();
  for (const entry of agents) {
    const { teamId, teamName } = entry.agent;
    const id = teamId === undefined && (teamName === undefined || teamName.trim() === '') ? 'none' : `${teamId ?? ''}|${teamName ?? ''}`;
    let team = teams.get(id);
    if (team === undefined) teams.set(id, (team = { teamName, teamId, agents: [] }));
    team.agents.push(entry);
  }
  const bySlug = new Map<string, number>();
  const slugOf = (t: { teamName: string | undefined; teamId: number | undefined }) =>
    slug(t.teamName ?? '') || (t.teamId === undefined ? 'no-team' : `team-${t.teamId}`);
  for (const t of teams.values()) bySlug.set(slugOf(t), (bySlug.get(slugOf(t)) ?? 0) + 1);
  const files: TeamFile[] = [];
  for (const t of teams.values()) {
    const base = slugOf(t);
    const name = (bySlug.get(base) ?? 0) > 1 && t.teamId !== undefined ? `${base}-${t.teamId}` : base;
    const sorted = [...t.agents].sort((a, b) => compare(keyOf(a.agent.agentId), keyOf(b.agent.agentId)));
    files.push({ path: `teams/${name}.yaml`, teamName: t.teamName, teamId: t.teamId, agents: sorted });
  }
  return uniquePaths(files).sort((a, b) => compare(a.path, b.path));
}

/** Two teams can still meet on one path (same slug, no teamId): number the later ones. */
function uniquePaths(files: TeamFile[]): TeamFile[] {
  const seen = new Set<string>();
  return files.map((f) => {
    let path = f.path;
    for (let n = 2; seen.has(path); n += 1) path = f.path.replace(/\.yaml$/, `-${n}.yaml`);
    seen.add(path);
    return { ...f, path };
  });
}
