import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { summarySubcommand } from '../../src/cli/commands/github/summary.js';
import { buildPlan, serializePlan } from '../../src/plan/index.js';
import { agent, desired, live, skill } from '../helpers/state.js';

async function run(env: NodeJS.ProcessEnv) {
  const cwd = await mkdtemp(join(tmpdir(), 'cxskills-summary-'));
  onTestFinished(() => rm(cwd, { recursive: true, force: true }));
  const d = desired({ ann: { 'PCI Payments': 3 } });
  d.agents[0]!.skills.get('PCI Payments')!.source.file = join(cwd, 'skills-state/agents.yaml');
  const rule = { index: 0, skills: ['PCI *'], severity: 'warning' as const, proficiencies: [1, 5], source: { file: join(cwd, 'skills-state/cxskills.yaml'), line: 5, col: 5 } };
  const { plan } = buildPlan({ desired: { ...d, policy: [rule] }, live: live([agent(1001, 'ann')], [skill(201, 'PCI Payments')], []), createdAt: '2026-01-01T00:00:00.000Z', toolVersion: 'test' });
  await writeFile(join(cwd, 'plan.json'), serializePlan(plan!));
  let stdout = '';
  const out = new PassThrough();
  out.on('data', (b: Buffer) => (stdout += b.toString()));
  const code = await summarySubcommand.run(['--plan', 'plan.json'], { stdout: out, stderr: new PassThrough(), stdin: new PassThrough(), env: { ...env, GITHUB_WORKSPACE: cwd }, cwd });
  return { code, stdout };
}

describe('github summary and the plan\'s warnings', () => {
  it('prints each warning of the saved plan as an annotation on its line in Actions', async () => {
    const { code, stdout } = await run({ GITHUB_ACTIONS: 'true' });
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('::warning file=skills-state/agents.yaml,line=2,col=5,title=POLICY_PROFICIENCY::"ann" has "PCI Payments" at proficiency 3; policy rule 1 allows only 1, 5 for "PCI *" (rule at cxskills.yaml:5:5). at /agents/ann/skills/PCI Payments');
  });

  it('prints only the verdict outside Actions', async () => {
    const { stdout } = await run({});
    expect(stdout).toBe('Plan: 1 to add, 0 to change, 0 to remove (1 API call).\n');
  });
});
