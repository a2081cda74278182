/**
 * Profile discovery: an identical set of in-scope skills (names, proficiencies and active flags) held by
 * at least `minShared` agents becomes a named profile, named after its skills (`billing-en+billing-es`),
 * with the proficiencies appended when several sets share those skill names (`billing-en-12`).
 */
import type { ImportedAgent } from './select.js';
import { compare } from './select.js';
import { slug } from './slug.js';

export interface DiscoveredProfile {
  name: string;
  skills: ImportedAgent['skills'];
  agentIds: number[];
}

/** Skill names in a profile name before the rest is summed up as `+N-more`. */
const NAMED_SKILLS = 3;

export function discoverProfiles(agents: readonly ImportedAgent[], minShared: number): DiscoveredProfile[] {
  const groups = new Map<string, { skills: ImportedAgent['skills']; agentIds: number[] }>();
  for (const { agent, skills } of agents) {
    if (skills.length === 0) continue;
    const signature = skills.map((s) => `${s.name}\u0000${s.value.proficiency}\u0000${s.value.active ? 1 : 0}`).join('\u0001');
    let group = groups.get(signature);
    if (group === undefined) groups.set(signature, (group = { skills, agentIds: [] }));
    group.agentIds.push(agent.agentId);
  }
  const shared = [...groups.entries()]
    .filter(([, g]) => g.agentIds.length >= minShared)
    .map(([signature, g]) => ({ signature, base: baseName(g.skills), ...g }))
    // Most used first: when names still collide, the most common set keeps the plain name.
    .sort((a, b) => b.agentIds.length - a.agentIds.length || compare(a.base, b.base) || compare(a.signature, b.signature));
  const perBase = new Map<string, number>();
  for (const g of shared) perBase.set(g.base, (perBase.get(g.base) ?? 0) + 1);
  const taken = new Set<string>();
  const profiles: DiscoveredProfile[] = [];
  for (const g of shared) {
    // Sets that differ only in values are told apart by them: billing-en-12, billing-en-5-off.
    const wanted = (perBase.get(g.base) ?? 0) > 1 ? `${g.base}-${valueSuffix(g.skills)}` : g.base;
    let name = wanted;
    for (let n = 2; taken.has(name); n += 1) name = `${wanted}-v${n}`;
    taken.add(name);
    profiles.push({ name, skills: g.skills, agentIds: g.agentIds });
  }
  return profiles.sort((a, b) => compare(a.name, b.name));
}

function valueSuffix(skills: ImportedAgent['skills']): string {
  return skills
    .slice(0, NAMED_SKILLS)
    .map((s) => (s.value.active ? `${s.value.proficiency}` : `${s.value.proficiency}-off`))
    .join('-');
}

function baseName(skills: ImportedAgent['skills']): string {
  const parts = skills.slice(0, NAMED_SKILLS).map((s, i) => slug(s.name) || `skill-${i + 1}`);
  const more = skills.length - NAMED_SKILLS;
  const name = more > 0 ? `${parts.join('+')}+${more}-more` : parts.join('+');
  // `agent` is reserved (it marks an agent's own skills); never produced above, but kept safe.
  return name === 'agent' ? 'agent-profile' : name;
}
