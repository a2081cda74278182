/** Child process: times the pure planner on a tenant of N agents × 20 skills with 10 % of proficiencies changed. */
import { generateTenant } from '../src/emulator/index.js';
import type { DesiredState, LiveState } from '../src/model/types.js';
import { DEFAULT_SAFETY } from '../src/model/types.js';
import { buildPlan } from '../src/plan/index.js';

const agents = Number(process.argv[2] ?? 10_000);
const data = generateTenant({ seed: 3, agents, skills: 300, skillsPerAgent: 20 });
const live: LiveState = {
  agents: data.agents.map(({ lastUpdated: _l, ...a }) => a),
  skills: data.skills.map(({ lastUpdated: _l, isOutbound: _o, ...s }) => s),
  assignments: data.assignments.map((a) => ({ agentId: a.agentId, skillId: a.skillId, proficiency: a.proficiency, active: a.active })),
};
const names = new Map(live.skills.map((s) => [s.skillId, s.skillName]));
const source = { file: 'bench.yaml', line: 1, col: 1 };
const byAgent = new Map<number, DesiredState['agents'][number]>();
for (const a of live.agents) byAgent.set(a.agentId, { key: a.userName, source, skills: new Map() });
let i = 0;
for (const a of live.assignments) {
  const proficiency = i++ % 10 === 0 ? (a.proficiency % 20) + 1 : a.proficiency;
  byAgent.get(a.agentId)!.skills.set(names.get(a.skillId)!, { proficiency, active: a.active, via: 'agent', source });
}
const desired: DesiredState = { dir: 'bench', configFile: 'bench/cxskills.yaml', scope: { skills: ['*'], agents: 'declared' }, safety: DEFAULT_SAFETY, agents: [...byAgent.values()] };
// Collect the setup's garbage first (when run with --expose-gc), so the timing is the planner's own.
(globalThis as { gc?: () => void }).gc?.();
const rssBefore = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const { plan } = buildPlan({ desired, live, createdAt: 'bench', toolVersion: 'bench' });
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${JSON.stringify({
    agents,
    assignments: live.assignments.length,
    changes: plan?.changes.length ?? -1,
    calls: plan?.calls.length ?? -1,
    cpuS: (cpu.user + cpu.system) / 1e6,
    wallS: wallMs / 1000,
    rssBeforeMB: Math.round(rssBefore / 2 ** 20),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
