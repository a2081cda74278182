import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulatorWorkspaces } from './harness.js';
import { runOperator } from './operator-harness.js';
import { tenant } from './tenant.js';

const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *", "Sales *"]\n  agents: declared\n';
const AGENTS = 'agents:\n  agent01:\n    skills:\n      Billing EN: 3\n  agent02@example.test:\n    skills:\n      Sales EN: { proficiency: 9, active: false }\n';
const LIVE = tenant(3, [
  [1001, 101, 5],
  [1001, 111, 2],
  [1002, 103, 9],
  [1003, 105, 1, false],
]);
const HEADER = 'agentId,userName,skillId,skillName,proficiency,active,from,until\r\n';

const workspaces = emulatorWorkspaces();

function setup() {
  return workspaces.start(LIVE, { 'cxskills.yaml': CONFIG, 'agents.yaml': AGENTS });
}

describe('cxskills export against the emulator', () => {
  it('exports every live assignment as CSV by default', async () => {
    const { cwd, env } = await setup();
    const run = await runOperator(['export'], { cwd, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      HEADER + '1001,agent01,101,Billing EN,5,true,,\r\n1001,agent01,111,Outbound Collections,2,true,,\r\n1002,agent02,103,Sales EN,9,true,,\r\n1003,agent03,105,Retention,1,false,,\r\n',
    );
  });

  it('exports live assignments of matching skills as JSON to a file', async () => {
    const { cwd, env } = await setup();
    const run = await runOperator(['export', '--format', 'json', '--skills', 'Retention', '--skills', 'Sales *', '--out', 'wfm.json'], { cwd, env });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('Exported 2 live assignments to wfm.json.\n');
    const json = JSON.parse(await readFile(join(cwd, 'wfm.json'), 'utf8'));
    expect(json).toMatchObject({ formatVersion: 1, source: 'live', count: 2 });
    expect(json.assignments.map((r: { userName: string; skillName: string }) => `${r.userName}/${r.skillName}`)).toEqual(['agent02/Sales EN', 'agent03/Retention']);
  });

  it('exports the desired state resolved against the tenant, and offline without any credentials', async () => {
    const { cwd, env } = await setup();
    const resolved = await runOperator(['export', '--source', 'desired', '--dir', 'skills-state'], { cwd, env });
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toBe(HEADER + '1001,agent01,101,Billing EN,3,true,,\r\n1002,agent02,103,Sales EN,9,false,,\r\n');
    const offline = await runOperator(['export', '--source', 'desired', '--offline', '--format', 'csv'], { cwd, env: { PATH: process.env.PATH } });
    expect(offline.code).toBe(0);
    expect(offline.stdout).toBe(HEADER + ',agent01,,Billing EN,3,true,,\r\n,agent02@example.test,,Sales EN,9,false,,\r\n');
  });

  it('exports the live assignments within a directory\'s scope with --dir and no --source', async () => {
    const { cwd, env } = await setup();
    const run = await runOperator(['export', '--dir', 'skills-state'], { cwd, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(HEADER + '1001,agent01,101,Billing EN,5,true,,\r\n1002,agent02,103,Sales EN,9,true,,\r\n');
  });

  it('checks its options and prints a complete help', async () => {
    const { cwd, env } = await setup();
    const bad = await runOperator(['export', '--source', 'desired', '--skills', 'x'], { cwd, env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--skills goes with --source live');
    const format = await runOperator(['export', '--format', 'xml'], { cwd, env });
    expect(format.stderr).toContain('--format must be one of csv, json');
    const help = await runOperator(['export', '--help'], { cwd, env });
    for (const flag of ['--source', '--format', '--out', '--skills', '--dir', '--offline', '--rate']) expect(help.stdout).toContain(flag);
  });
});
