import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator, type TenantData, type TenantSpec } from '../../src/emulator/index.js';
import { emulatorEnv, workspace } from './harness.js';
import { runOperator } from './operator-harness.js';
import { tenant } from './tenant.js';

let emulator: RunningEmulator | undefined;
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  for (const c of cleanups.splice(0)) await c();
});

async function setup(live: TenantSpec | TenantData) {
  emulator = await startEmulator({ tenant: live, rateLimit: null });
  const ws = await workspace({});
  cleanups.push(ws.cleanup);
  return { ...ws, env: emulatorEnv(emulator), emulator };
}

async function readTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out[path.slice(dir.length + 1)] = await readFile(path, 'utf8');
    }
  }
  return out;
}

describe('cxskills import against the emulator', () => {
  it('adopts a generated tenant of 1,000 agents: plan right after import shows no changes, and a second import is byte-identical', async () => {
    const { cwd, env, emulator } = await setup({ seed: 42, agents: 1000, skills: 16, skillsPerAgent: 4 });
    const imported = await runOperator(['import', '--out', 'adopted'], { cwd, env });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Imported 1000 agents with 4000 in-scope assignments of 15 skills into adopted/:');
    expect(imported.stdout).toContain('Next: cxskills plan --dir adopted');
    // Bulk reads only: nothing per agent.
    expect(Object.keys(emulator.stats().calls).filter((route) => route.includes(':id'))).toEqual([]);
    // One call per page served (the emulator caps pages at 100 rows, as real tenants may): 10 + 1 + 40.
    expect(emulator.stats().reads).toBe(51);

    const plan = await runOperator(['plan', '--dir', 'adopted', '--detailed-exitcode'], { cwd, env });
    // The one line plan may say: which read it chose from the first pages, and what the other would have cost.
    expect(plan.stderr).toMatch(/^(note: read: [^\n]*\n)?$/);
    // The read it made (and its cost), then the verdict.
    expect(plan.stdout).toMatch(/^Read: the whole tenant, 40 pages, [\d.]+ s \(.*\)\.\n\nNo changes\. Live skills match skills-state\.\n$/);
    expect(plan.code).toBe(0);

    const again = await runOperator(['import', '--out', 'again'], { cwd, env });
    expect(again.code).toBe(0);
    const first = await readTree(join(cwd, 'adopted'));
    expect(Object.keys(first)).toHaveLength(41);
    expect(await readTree(join(cwd, 'again'))).toEqual(first);
  });

  it('discovers profiles, and an edit of the imported files plans exactly that edit', async () => {
    const live = tenant(4, [
      [1001, 101, 3],
      [1001, 102, 5],
      [1002, 101, 3],
      [1002, 102, 5],
      [1003, 101, 3],
      [1003, 102, 5],
      [1004, 105, 2, false],
      [1004, 111, 1],
    ]);
    const { cwd, env } = await setup(live);
    const imported = await runOperator(['import', '--out', 'state', '--skills', 'Billing *', '--skills', 'Retention'], { cwd, env });
    expect(imported.code).toBe(0);
    const files = await readTree(join(cwd, 'state'));
    expect(Object.keys(files).sort()).toEqual(['cxskills.yaml', 'profiles.yaml', 'teams/team-1.yaml']);
    expect(files['profiles.yaml']).toContain('  billing-en+billing-es: # 3 agents had exactly these skills at import\n    skills:\n      Billing EN: 3\n      Billing ES: 5\n');
    expect(files['teams/team-1.yaml']).toContain('  agent04: # Agent 04\n    skills:\n      Retention: {proficiency: 2, active: false}\n');
    expect(files['teams/team-1.yaml']).not.toContain('Outbound');
    for (const text of Object.values(files)) expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=\S+skills-state\.schema\.json$/);

    await writeFile(join(cwd, 'state/teams/team-1.yaml'), files['teams/team-1.yaml']!.replace('Retention: {proficiency: 2, active: false}', 'Retention: 2'));
    const plan = await runOperator(['plan', '--dir', 'state', '--detailed-exitcode'], { cwd, env });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('agent04\n  ~ Retention  active false → true\n');
    expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to remove (1 API call).');
  });

  it('refuses a non-empty directory unless --force, and then names the files it did not write', async () => {
    const { cwd, env } = await setup(tenant(2, [[1001, 101, 3]]));
    await mkdir(join(cwd, 'state'));
    await writeFile(join(cwd, 'state/old.yaml'), 'agents:\n');
    const refused = await runOperator(['import', '--out', 'state'], { cwd, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('import: state is not empty (old.yaml); choose an empty directory or pass --force to write into it.');
    const forced = await runOperator(['import', '--out', 'state', '--force'], { cwd, env });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('warning: state/ also holds old.yaml, not written by this import');
  });

  it('checks its options and prints a complete help', async () => {
    const { cwd, env } = await setup(tenant(1, []));
    const missing = await runOperator(['import'], { cwd, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--out DIR is required');
    const badGlob = await runOperator(['import', '--out', 'x', '--skills', '[z-a]'], { cwd, env });
    expect(badGlob.stderr).toContain('--skills "[z-a]" is not a valid pattern');
    const badMin = await runOperator(['import', '--out', 'x', '--min-shared', '1'], { cwd, env });
    expect(badMin.stderr).toContain('--min-shared must be a positive number');
    const help = await runOperator(['import', '--help'], { cwd, env });
    expect(help.code).toBe(0);
    for (const flag of ['--out', '--skills', '--min-shared', '--no-profiles', '--include-empty', '--force', '--rate']) expect(help.stdout).toContain(flag);
  });
});
