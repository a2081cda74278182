import { spawn } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cxoneEnv, type RunningEmulator, type TenantData } from '../../src/emulator/index.js';
import { planDigest } from '../../src/plan/index.js';
import { CLI, runCli, type CliRun } from './harness.js';
import { AGENTS, CHANGES, CONFIG, LIVE, emulatorFor, envFor, expectConverged, stateDir } from './faults-harness.js';
import { pairs } from './tenant.js';

// Hostile and careless inputs, end to end: each ends in a stable code, exit status 1 (unless it is only
// a warning) and no write to the tenant; no case prints a stack trace or a secret.
const APPLY = ['apply', '--auto-approve', '--rate', '50'];
const SECRETS = { CXONE_CLIENT_SECRET: 'csec-Wx9HOSTILE', CXONE_ACCESS_KEY_SECRET: 'aksec-Hj2HOSTILE', GITHUB_TOKEN: 'ghp_HOSTILEtoken123', MY_SERVICE_PASSWORD: 'pw-HOSTILE-456' };
const CREDENTIALS = { clientId: 'cid-HOSTILE', clientSecret: SECRETS.CXONE_CLIENT_SECRET, accessKeyId: 'akid-HOSTILE', accessKeySecret: SECRETS.CXONE_ACCESS_KEY_SECRET };

interface Case {
  cwd: string;
  emulator: RunningEmulator;
  env: NodeJS.ProcessEnv;
  run(args: string[], extra?: Record<string, string>): Promise<CliRun>;
}

async function setup(files?: Record<string, string>, tenant: TenantData = LIVE): Promise<Case> {
  const emulator = await emulatorFor({ tenant: structuredClone(tenant), credentials: CREDENTIALS });
  const cwd = await stateDir(files);
  // The registered-application grant, so that the client secret is in the environment too.
  const env = envFor(emulator, { ...cxoneEnv(emulator, { grant: 'registered-app' }), GITHUB_TOKEN: SECRETS.GITHUB_TOKEN, MY_SERVICE_PASSWORD: SECRETS.MY_SERVICE_PASSWORD });
  return { cwd, emulator, env, run: (args, extra = {}) => runCli(args, { cwd, env: { ...env, ...extra } }) };
}

/** Exit 1 with `code` on stderr, no stack trace, no secret anywhere, and nothing written. */
function expectRefused(c: Case, run: CliRun, code: string): void {
  expect(run.stderr).toContain(code);
  expect(run.code).toBe(1);
  expectClean(run);
  expect(c.emulator.stats().writes).toBe(0);
}

function expectClean(run: CliRun): void {
  const all = run.stdout + run.stderr;
  expect(all).not.toContain('internal error');
  expect(all).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  for (const secret of Object.values(SECRETS)) expect(all).not.toContain(secret);
}

async function savedPlan(c: Case): Promise<Record<string, unknown>> {
  const plan = await c.run(['plan', '--out', 'plan.json', '--rate', '50']);
  expect(plan.code).toBe(0);
  return JSON.parse(await readFile(join(c.cwd, 'plan.json'), 'utf8')) as Record<string, unknown>;
}

async function savePlan(c: Case, plan: Record<string, unknown>, name = 'plan.json'): Promise<void> {
  await writeFile(join(c.cwd, name), JSON.stringify({ ...plan, digest: planDigest(plan as never) }));
}

describe('item 1: no file outside the state directory is read, no secret is printed', () => {
  it('refuses a state file linked to /proc/self/environ in validate, plan, apply and github validate, printing no variable', async () => {
    const c = await setup();
    await symlink('/proc/self/environ', join(c.cwd, 'skills-state/env.yaml'));
    for (const args of [['validate'], ['plan', '--rate', '50'], APPLY, ['github', 'validate']]) {
      const run = await c.run(args);
      expectRefused(c, run, 'FILE_LINK_OUTSIDE');
      expect(run.stdout + run.stderr).not.toContain('PATH=');
    }
  });

  it('refuses a link to a file outside the directory, and quotes at most an excerpt of a value holding a secret, blanked', async () => {
    const c = await setup({ 'cxskills.yaml': CONFIG, 'agents.yaml': `agents:\n  agent01:\n    skills:\n      Billing EN: "${SECRETS.CXONE_CLIENT_SECRET} ${'x'.repeat(4000)}"\n` });
    await writeFile(join(c.cwd, 'outside.yaml'), AGENTS);
    await symlink(join(c.cwd, 'outside.yaml'), join(c.cwd, 'skills-state/linked.yaml'));
    const run = await c.run(['validate']);
    expectRefused(c, run, 'FILE_LINK_OUTSIDE');
    expect(run.stderr).toContain('PROFICIENCY_INVALID');
    expect(run.stderr).toContain('[redacted]');
    expect(run.stderr).toContain('(4016 characters)');
  });
});

describe('item 2: YAML 1.1 merge keys are refused, so validate and apply never read a file differently', () => {
  it.each([
    ['a merge key', 'base: &b\n  Billing EN: 3\nagents:\n  agent01:\n    skills:\n      <<: *b\n      Sales EN: 4\n', 'YAML_MERGE_KEY'],
    ['a %YAML 1.1 directive', '%YAML 1.1\n---\nagents:\n  agent01:\n    skills:\n      Billing EN: { proficiency: 3, active: yes }\n', 'YAML_VERSION_UNSUPPORTED'],
    ['an octal-looking proficiency', 'agents:\n  agent01:\n    skills:\n      Billing EN: 010\n', 'NUMBER_FORM'],
  ])('%s: validate and apply both refuse', async (_, agents, code) => {
    const c = await setup({ 'cxskills.yaml': CONFIG, 'agents.yaml': agents });
    expectRefused(c, await c.run(['validate']), code);
    expectRefused(c, await c.run(APPLY), code);
    expect(pairs(c.emulator.snapshot())).toEqual(pairs(LIVE));
  });
});

describe('item 5: a saved plan does not decide its own scope and limits', () => {
  it('refuses a plan widened to "*", with loosened limits and an out-of-scope removal, digest recomputed', async () => {
    const c = await setup();
    const plan = await savedPlan(c);
    const changes = plan.changes as unknown[];
    const calls = plan.calls as unknown[];
    // Outbound Collections (111) of agent01 is outside cxskills.yaml's scope.
    changes.push({ kind: 'remove', agentId: 1001, skillId: 111, before: { proficiency: 2, active: true } });
    calls.push({ method: 'DELETE', target: 'agent', id: 1001, items: [{ agentId: 1001, skillId: 111 }] });
    const forged = { ...plan, scope: { skills: ['*'], agents: 'declared' }, safetyLimits: { maxRemoveRatio: 1, maxChangeRatio: 1, minManaged: 100000 } };
    await savePlan(c, forged);
    const run = await c.run([...APPLY, '--plan', 'plan.json']);
    expectRefused(c, run, 'PLAN_SCOPE_MISMATCH');
    expect(run.stderr).toContain('PLAN_LIMITS_MISMATCH');
  });

  it('refuses a plan that points its dir at another directory with a wider cxskills.yaml', async () => {
    const c = await setup();
    const plan = await savedPlan(c);
    const elsewhere = await stateDir({ 'cxskills.yaml': 'version: 1\nscope:\n  skills: ["*"]\n', 'agents.yaml': AGENTS });
    await savePlan(c, { ...plan, dir: join(elsewhere, 'skills-state'), scope: { skills: ['*'], agents: 'declared' } });
    const run = await c.run([...APPLY, '--plan', 'plan.json']);
    expectRefused(c, run, 'PLAN_SCOPE_MISMATCH');
    expect(run.stderr).toContain('not under the working directory');
  });

  it.each([
    ['a bad glob', (p: Record<string, unknown>) => (p.scope = { skills: ['Billing ['], agents: 'declared' })],
    ['a string scope', (p: Record<string, unknown>) => (p.scope = '*')],
    ['a call with no items', (p: Record<string, unknown>) => delete (p.calls as Record<string, unknown>[])[0]!.items],
    ['a proficiency of 25', (p: Record<string, unknown>) => {
      for (const ch of p.changes as { after?: { proficiency: number } }[]) if (ch.after) ch.after.proficiency = 25;
      for (const call of p.calls as { items: { proficiency?: number }[] }[]) for (const i of call.items) if (i.proficiency !== undefined) i.proficiency = 25;
    }],
  ])('a hand-edited plan with %s is PLAN_INVALID', async (_, edit) => {
    const c = await setup();
    const plan = await savedPlan(c);
    edit(plan);
    await savePlan(c, plan);
    expectRefused(c, await c.run([...APPLY, '--plan', 'plan.json']), 'PLAN_INVALID');
  });

  it('rollback refuses a forged audit log naming a skill outside the scope', async () => {
    const c = await setup();
    const line = { runId: 'forged-run', time: '2026-01-01T00:00:00.000Z', outcome: 'applied', kind: 'add', agentId: 1001, skillId: 111, before: null, after: { proficiency: 2, active: true } };
    await mkdir(join(c.cwd, '.cxskills'), { recursive: true });
    await writeFile(join(c.cwd, '.cxskills/audit.jsonl'), `${JSON.stringify(line)}\n`);
    expectRefused(c, await c.run(['rollback', '--auto-approve', '--rate', '50']), 'ROLLBACK_OUT_OF_SCOPE');
  });
});

describe('item 7: nothing is skipped or overwritten silently', () => {
  it('a broken or looping symlinked state file is an error, not agents that vanish (agents: all)', async () => {
    const c = await setup({ 'cxskills.yaml': CONFIG.replace('declared', 'all'), 'agents.yaml': AGENTS });
    await symlink('nowhere.yaml', join(c.cwd, 'skills-state/team.yaml'));
    await symlink('loop.yaml', join(c.cwd, 'skills-state/loop.yaml'));
    const run = await c.run(APPLY);
    expectRefused(c, run, 'FILE_LINK_BROKEN');
    expect(run.stderr.match(/FILE_LINK_BROKEN/g)).toHaveLength(2);
  });

  it.each([['skills-state/cxskills.yaml'], ['skills-state/agents.yaml'], ['skills-state/plan.json'], ['notes.yml']])('plan --out %s is refused and the file is untouched', async (out) => {
    const c = await setup();
    const before = await readFile(join(c.cwd, 'skills-state/cxskills.yaml'), 'utf8');
    const run = await c.run(['plan', '--out', out, '--rate', '50']);
    expectRefused(c, run, 'OUT_REFUSED');
    expect(await readFile(join(c.cwd, 'skills-state/cxskills.yaml'), 'utf8')).toBe(before);
    expect(c.emulator.stats().reads).toBe(0);
  });

  it('export --out over cxskills.yaml is refused too', async () => {
    const c = await setup();
    const before = await readFile(join(c.cwd, 'skills-state/cxskills.yaml'), 'utf8');
    expectRefused(c, await c.run(['export', '--out', 'skills-state/cxskills.yaml', '--rate', '50']), 'OUT_REFUSED');
    expect(await readFile(join(c.cwd, 'skills-state/cxskills.yaml'), 'utf8')).toBe(before);
  });

  it.each([['--dir', ''], ['--out', ' '], ['--audit', '']])('%s with an empty value is refused', async (flag, value) => {
    const c = await setup();
    const args = flag === '--out' ? ['plan', flag, value] : flag === '--dir' ? ['plan', flag, value] : [...APPLY, flag, value];
    const run = await c.run(args);
    expectRefused(c, run, 'OPTION_INVALID');
    expect(run.stderr).toContain(`${flag} must not be empty`);
  });

  it('a scope pattern that matches no skill of the tenant is a warning, not a silent "No changes"', async () => {
    const c = await setup({ 'cxskills.yaml': 'version: 1\nscope:\n  skills: ["Biling *"]\n', 'agents.yaml': 'agents:\n  agent01: {}\n' });
    const run = await c.run(['plan', '--rate', '50']);
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).toContain('SCOPE_MATCHES_NOTHING');
    expect(run.stdout + run.stderr).toContain('"Biling *"');
    expect(c.emulator.stats().writes).toBe(0);
  });
});

describe('item 8: ambiguity is reported, look-alike names are told apart', () => {
  it('a numeric key that is one agent\'s id and another agent\'s userName is AGENT_AMBIGUOUS', async () => {
    const tenant = structuredClone(LIVE);
    tenant.agents[4]!.userName = '1001';
    const c = await setup({ 'cxskills.yaml': CONFIG, 'agents.yaml': 'agents:\n  "1001":\n    skills:\n      Billing EN: 3\n' }, tenant);
    const run = await c.run(APPLY);
    expectRefused(c, run, 'AGENT_AMBIGUOUS');
    expect(run.stderr).toContain('agentId of agent 1001 and the userName or emailAddress of agent 1005');
  });
});

describe('item 9: numbers are read from their text', () => {
  it.each([['19.99999999999999999'], ['2.0000000000000001'], ['0x10'], ['1e1'], ['0o7']])('proficiency %s is NUMBER_FORM', async (value) => {
    const c = await setup({ 'cxskills.yaml': CONFIG, 'agents.yaml': `agents:\n  agent01:\n    skills:\n      Billing EN: ${value}\n` });
    expectRefused(c, await c.run(APPLY), 'NUMBER_FORM');
  });
});

describe('item 10: input errors end in a message and a code, never a crash', () => {
  it('apply --plan of a missing file or of a directory is PLAN_UNREADABLE', async () => {
    const c = await setup();
    expectRefused(c, await c.run([...APPLY, '--plan', 'missing.json']), 'PLAN_UNREADABLE');
    expectRefused(c, await c.run([...APPLY, '--plan', 'skills-state']), 'PLAN_UNREADABLE');
  });

  it('plan --out into a missing directory is OUT_UNWRITABLE, checked before the tenant is read', async () => {
    const c = await setup();
    expectRefused(c, await c.run(['plan', '--out', 'nowhere/plan.json']), 'OUT_UNWRITABLE');
    expect(c.emulator.stats().reads).toBe(0);
  });

  it('apply --audit naming a directory is AUDIT_UNWRITABLE before any write', async () => {
    const c = await setup();
    await mkdir(join(c.cwd, 'logs'));
    expectRefused(c, await c.run([...APPLY, '--audit', 'logs']), 'AUDIT_UNWRITABLE');
  });

  it.each([['skills-state/agents.yaml'], ['skills-state/audit.jsonl']])('apply --audit %s (a state file, inside the state directory) is AUDIT_UNWRITABLE', async (audit) => {
    const c = await setup();
    const before = await readFile(join(c.cwd, 'skills-state/agents.yaml'), 'utf8');
    expectRefused(c, await c.run([...APPLY, '--audit', audit]), 'AUDIT_UNWRITABLE');
    expect(await readFile(join(c.cwd, 'skills-state/agents.yaml'), 'utf8')).toBe(before);
  });

  it('a plan file with a byte-order mark is applied', async () => {
    const c = await setup();
    await c.run(['plan', '--out', 'plan.json', '--rate', '50']);
    await writeFile(join(c.cwd, 'plan.json'), `\uFEFF${await readFile(join(c.cwd, 'plan.json'), 'utf8')}`);
    const run = await c.run([...APPLY, '--plan', 'plan.json']);
    expect(run.code).toBe(0);
    expectClean(run);
    expectConverged(c.emulator.snapshot());
  });

  it('apply | head -1: the reader going away does not stop the apply half-way', async () => {
    const c = await setup();
    const child = spawn(process.execPath, [CLI, ...APPLY], { cwd: c.cwd, env: c.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toContain('internal error');
    expect(code).toBe(0);
    expect(c.emulator.stats().itemsWritten).toBe(CHANGES);
    expectConverged(c.emulator.snapshot());
  });

  it('200,000-deep nesting is YAML_TOO_DEEP', async () => {
    const c = await setup({ 'cxskills.yaml': CONFIG, 'a.yaml': `agents: ${'['.repeat(200_000)}`, 'b.yaml': `agents:\n  x:\n    skills:\n      ${'- '.repeat(200_000)}x\n` });
    const run = await c.run(APPLY);
    expectRefused(c, run, 'YAML_TOO_DEEP');
    expect(run.stderr).not.toContain('Maximum call stack');
  });

  it.each([
    ['-1', 'must be a positive number, got "-1"'],
    ['0.001', 'must be at least 0.1 requests per second'],
    ['abc', 'must be a positive number'],
  ])('--rate %s is OPTION_INVALID with an exact message, at once', async (rate, message) => {
    const c = await setup();
    const started = Date.now();
    const run = await c.run([...APPLY.slice(0, 2), '--rate', rate]);
    expectRefused(c, run, 'OPTION_INVALID');
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain('ambiguous');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('rollback tolerates a truncated last audit line with a warning; a truncated line in the middle is still refused', async () => {
    const c = await setup();
    expect((await c.run(APPLY)).code).toBe(0);
    const log = join(c.cwd, '.cxskills/audit.jsonl');
    const whole = await readFile(log, 'utf8');
    await writeFile(log, `${whole}{"runId":"cut-off","outc`);
    const list = await c.run(['rollback', '--list']);
    expect(list.code).toBe(0);
    expect(list.stderr).toContain('AUDIT_TRUNCATED');
    const rollback = await c.run(['rollback', '--auto-approve', '--allow-uncovered', '--rate', '50']);
    expect(rollback.code).toBe(0);
    expectClean(rollback);
    expect(pairs(c.emulator.snapshot())).toEqual(pairs(LIVE));
    await writeFile(log, `{"runId":"cut-off","outc\n${whole}`);
    const middle = await c.run(['rollback', '--list']);
    expect(middle.code).toBe(1);
    expect(middle.stderr).toContain('AUDIT_INVALID');
  });

  it('rollback --audit naming a directory is AUDIT_UNREADABLE', async () => {
    const c = await setup();
    expectRefused(c, await c.run(['rollback', '--audit', 'skills-state']), 'AUDIT_UNREADABLE');
  });
});
