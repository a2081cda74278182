import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulatorWorkspaces, runCli, workspace } from './harness.js';
import { tenant } from './tenant.js';

const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *", "Sales *"]\n  agents: declared\n';
const MESSY = 'agents:\n  zed:  # Zed\n    skills: { Sales EN: 4, "Billing EN": { proficiency: 3, active: true } }\n  ann:\n    skills:\n      Billing ES: {active: false, proficiency: 2}\n';
const ROSTER = 'Agent,Department\r\nagent02,Billing\r\nagent01,Sales\r\n';
const RULES = 'version: 1\nkey: agent\nrules:\n  - match: { department: Billing }\n    skills:\n      "Billing EN": 7\n      "Billing ES": 3\n  - match: { department: Sales }\n    skills:\n      "Sales EN": 6\n';
const LIVE = tenant(3, [
  [1001, 101, 5],
  [1001, 102, 7, false],
  [1002, 103, 9],
  [1003, 101, 1],
  [1003, 102, 1],
]);
const workspaces = emulatorWorkspaces();

describe('cxskills fmt', () => {
  it('lists the files --check would change (exit 1), rewrites them without it, and is then clean', async () => {
    const ws = await workspace({ 'cxskills.yaml': CONFIG, 'teams/a.yaml': MESSY });
    try {
      const check = await runCli(['fmt', '--check'], { cwd: ws.cwd, env: { PATH: process.env.PATH } });
      expect(check.code).toBe(1);
      expect(check.stdout).toBe('skills-state/cxskills.yaml\nskills-state/teams/a.yaml\n');
      expect(check.stderr).toContain('2 files are not in canonical form');
      expect(await readFile(join(ws.dir, 'teams/a.yaml'), 'utf8')).toBe(MESSY);
      const fmt = await runCli(['fmt'], { cwd: ws.cwd, env: { PATH: process.env.PATH } });
      expect(fmt.code).toBe(0);
      expect(await readFile(join(ws.dir, 'teams/a.yaml'), 'utf8')).toBe('agents:\n  zed: # Zed\n    skills:\n      Billing EN: 3\n      Sales EN: 4\n  ann:\n    skills:\n      Billing ES: {proficiency: 2, active: false}\n');
      const again = await runCli(['fmt', '--check', '--dir', 'skills-state'], { cwd: ws.cwd, env: { PATH: process.env.PATH } });
      expect([again.code, again.stdout, again.stderr]).toEqual([0, '', '']);
    } finally {
      await ws.cleanup();
    }
  });

  it('leaves a file with an error as it is, says so, and exits 1', async () => {
    const ws = await workspace({ 'cxskills.yaml': 'version: 1\nscope:\n  skills: ["*"]\n  agents: declared\n', 'a.yaml': 'agents:\n  ann:\n    skills:\n      B: 010\n      A: 1\n' });
    try {
      const run = await runCli(['fmt'], { cwd: ws.cwd, env: { PATH: process.env.PATH } });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('NUMBER_FORM');
      expect(run.stderr).toContain('left 1 file with errors as it is');
      expect(await readFile(join(ws.dir, 'a.yaml'), 'utf8')).toContain('B: 010\n      A: 1');
    } finally {
      await ws.cleanup();
    }
  });

  it('finds the output of import and generate already canonical', async () => {
    const { cwd, env } = await workspaces.start(LIVE, { 'cxskills.yaml': CONFIG });
    const imported = await runCli(['import', '--out', 'adopted', '--min-shared', '2'], { cwd, env });
    expect(imported.code).toBe(0);
    const importCheck = await runCli(['fmt', '--check', '--dir', 'adopted'], { cwd, env });
    expect([importCheck.code, importCheck.stdout, importCheck.stderr]).toEqual([0, '', '']);
    await writeFile(join(cwd, 'roster.csv'), ROSTER);
    await writeFile(join(cwd, 'rules.yaml'), RULES);
    const gen = await runCli(['generate', '--roster', 'roster.csv', '--rules', 'rules.yaml', '--out', 'skills-state/teams', '--dir', 'skills-state'], { cwd, env });
    expect(gen.code).toBe(0);
    // The generated file is canonical; only the hand-written cxskills.yaml of this test (quoted patterns) is not.
    const genCheck = await runCli(['fmt', '--check'], { cwd, env });
    expect([genCheck.code, genCheck.stdout]).toEqual([1, 'skills-state/cxskills.yaml\n']);
    expect(await readFile(join(cwd, 'skills-state/teams/roster.yaml'), 'utf8')).toContain('agent02:\n    skills:\n      Billing EN: 7\n      Billing ES: 3\n');
  });
});
