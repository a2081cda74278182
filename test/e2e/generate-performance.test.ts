import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli, workspace } from './harness.js';

const RULES = `version: 1
rules:
  - name: billing
    match: { department: Billing }
    skills: { Billing EN: 8 }
performance:
  - name: CSAT
    skills: "Billing *"
    column: csat
    range: [0, 5]
    thresholds:
      - { atLeast: 4.5, proficiency: 2 }
      - { atLeast: 4.0, proficiency: 4 }
    otherwise: 12
    default: 8
`;

async function setup(roster: string) {
  const ws = await workspace({ 'cxskills.yaml': 'version: 1\nscope:\n  skills: [Billing *]\n' }); // canonical, so fmt --check judges the generated file
  onTestFinished(ws.cleanup);
  await writeFile(join(ws.cwd, 'roster.csv'), roster);
  await writeFile(join(ws.cwd, 'rules.yaml'), RULES);
  return ws;
}

const env = { PATH: process.env.PATH ?? '', NO_COLOR: '1' };

describe('generate with performance rules (the CLI)', () => {
  it('writes levels from the CSAT column with a comment each, in canonical form that validates', async () => {
    const { cwd } = await setup('agent,department,csat\nann,Billing,4.6\nbob,Billing,4.2\ncy,Billing,\n');
    const gen = await runCli(['generate', '--roster', 'roster.csv', '--rules', 'rules.yaml', '--out', 'skills-state/roster.yaml', '--dir', 'skills-state'], { cwd, env });
    expect(gen.stderr).toBe('');
    expect(gen.code).toBe(0);
    const yaml = await readFile(join(cwd, 'skills-state/roster.yaml'), 'utf8');
    expect(yaml).toContain('  ann:\n    skills:\n      Billing EN: 2 # rule 1 (billing), performance 1 (CSAT): csat 4.6 ≥ 4.5 → 2\n');
    expect(yaml).toContain('      Billing EN: 4 # rule 1 (billing), performance 1 (CSAT): csat 4.2 ≥ 4 → 4\n');
    expect(yaml).toContain('      Billing EN: 8 # rule 1 (billing), performance 1 (CSAT): csat empty → default 8\n');
    const fmt = await runCli(['fmt', '--check', '--dir', 'skills-state'], { cwd, env });
    expect(fmt.stdout + fmt.stderr).toBe('');
    expect(fmt.code).toBe(0);
    const validate = await runCli(['validate', '--dir', 'skills-state'], { cwd, env });
    expect(validate.stdout).toBe('skills-state: valid: 3 agents, 3 skill assignments declared.\n');
  });

  it('refuses a non-numeric or out-of-range value with the roster line and writes nothing', async () => {
    const { cwd } = await setup('agent,department,csat\nann,Billing,great\nbob,Billing,9\n');
    const gen = await runCli(['generate', '--roster', 'roster.csv', '--rules', 'rules.yaml', '--out', 'skills-state/roster.yaml'], { cwd, env });
    expect(gen.code).toBe(1);
    expect(gen.stderr).toContain('roster.csv:2: error ROSTER_VALUE_NOT_NUMBER: agent "ann": csat is "great", not a number');
    expect(gen.stderr).toContain('roster.csv:3: error ROSTER_VALUE_OUT_OF_RANGE: agent "bob": csat is 9, outside the range 0..5 of performance 1 (CSAT)');
    await expect(readFile(join(cwd, 'skills-state/roster.yaml'), 'utf8')).rejects.toThrow();
  });
});
