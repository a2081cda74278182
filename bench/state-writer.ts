/** Writes a desired map as a skills-state directory (one file per team), the way a team would keep it. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TenantData } from '../src/emulator/index.js';
import type { DesiredMap } from './scenarios.js';

export async function writeState(dir: string, data: TenantData, desired: DesiredMap): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'teams'), { recursive: true });
  await writeFile(join(dir, 'cxskills.yaml'), 'version: 1\nscope:\n  skills: ["*"]\n  agents: declared\nsafety:\n  maxRemoveRatio: 1\n  maxChangeRatio: 1\n');
  const names = new Map(data.skills.map((s) => [s.skillId, s.skillName]));
  const teams = new Map<number, string[]>();
  for (const agent of data.agents) {
    const skills = desired.get(agent.agentId) ?? new Map();
    const lines = [`  ${agent.userName}:`, '    skills:'];
    if (skills.size === 0) lines[1] = '    skills: {}';
    for (const [skillId, v] of [...skills].sort((a, b) => a[0] - b[0])) {
      const name = JSON.stringify(names.get(skillId));
      lines.push(v.active ? `      ${name}: ${v.proficiency}` : `      ${name}: { proficiency: ${v.proficiency}, active: false }`);
    }
    const team = agent.teamId ?? 0;
    const list = teams.get(team) ?? [];
    list.push(...lines);
    teams.set(team, list);
  }
  for (const [team, lines] of teams) await writeFile(join(dir, 'teams', `team-${team}.yaml`), `agents:\n${lines.join('\n')}\n`);
}
