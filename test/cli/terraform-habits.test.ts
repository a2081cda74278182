import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { optionsOf } from '../../src/cli/completion.js';
import { main } from '../../src/cli/main.js';
import { useColor } from '../../src/cli/output.js';
import { rateOption } from '../../src/cli/options.js';
import { terraformHint } from '../../src/cli/terraform.js';
import { serializePlan } from '../../src/plan/serialize.js';
import { capture, sandbox, savedPlan, type Sandbox } from '../github/harness.js';
import { planCommand } from '../../src/cli/commands/plan.js';
import { runCli } from '../e2e/harness.js';

let box: Sandbox;
beforeAll(async () => {
  box = await sandbox();
});
afterAll(() => box.cleanup());

async function cli(argv: string[], env: NodeJS.ProcessEnv = { NO_COLOR: '1' }): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = capture();
  const err = capture();
  const io: CliIo = { stdout: out.stream, stderr: err.stream, stdin: Readable.from(['']), env, cwd: box.cwd };
  const code = await main(argv, io);
  return { code, stdout: out.text(), stderr: err.text() };
}

const CHANGES = [
  { kind: 'add' as const, agentId: 1, skillId: 10, after: { proficiency: 4, active: true } },
  { kind: 'remove' as const, agentId: 2, skillId: 11, before: { proficiency: 7, active: true } },
];

describe('cxskills show PLAN', () => {
  it('renders a saved plan offline, in each format', async () => {
    await box.file('plan.json', serializePlan(savedPlan(CHANGES)));
    const text = await cli(['show', 'plan.json']);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe('Plan: 1 to add, 0 to change, 1 to remove (2 API calls).');
    expect(text.stdout).toContain('Per skill:');
    const md = await cli(['show', 'plan.json', '--format', 'markdown']);
    expect(md.stdout).toContain('**Plan: 1 to add, 0 to change, 1 to remove (2 API calls).**');
    const json = JSON.parse((await cli(['show', '--format', 'json', 'plan.json'])).stdout) as { changes: Array<{ agentName: string; skillName: string }> };
    expect(json.changes[0]).toMatchObject({ agentName: 'agent.1', skillName: 'Skill 10' });
  });

  it('refuses a plan file edited by hand, and a missing one', async () => {
    await box.file('edited.json', serializePlan(savedPlan(CHANGES)).replace('"proficiency": 4', '"proficiency": 1'));
    const edited = await cli(['show', 'edited.json']);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/PLAN_/);
    expect((await cli(['show', 'nope.json'])).stderr).toContain('show: cannot read nope.json (ENOENT)');
    expect((await cli(['show'])).stderr).toContain('show: give one saved plan');
  });
});

describe('Terraform spellings', () => {
  it('names the cxskills option for -out=FILE, -auto-approve and friends', () => {
    expect(terraformHint(['-out=plan.json'])).toBe('"-out=plan.json" is the Terraform spelling; cxskills uses --out FILE (two dashes, the value after a space or =).');
    expect(terraformHint(['--dir', 'x', '-auto-approve'])).toBe('"-auto-approve" is the Terraform spelling; cxskills uses --auto-approve (two dashes).');
    expect(terraformHint(['-target=foo'])).toBe('"-target=foo" is a Terraform option; cxskills has no equivalent of -target.');
    expect(terraformHint(['-h', '--out', 'x'])).toBeUndefined();
    expect(terraformHint(['--', '-out=x'])).toBeUndefined();
  });

  it('says so instead of "Unknown option \'-o\'"', async () => {
    const run = await cli(['plan', '-out=plan.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('plan: "-out=plan.json" is the Terraform spelling; cxskills uses --out FILE (two dashes, the value after a space or =). See `cxskills plan --help`.\n');
  });

  it('takes the saved plan of apply as a positional, and refuses two', async () => {
    const both = await cli(['apply', 'a.json', '--plan', 'b.json']);
    expect(both.stderr).toContain('apply: give the saved plan either as PLAN or as --plan PLAN, not both.');
    expect((await cli(['apply', 'a.json', 'b.json'])).stderr).toContain('apply: one saved plan at most, got 2: a.json b.json.');
    const missing = await cli(['apply', 'missing.json', '--auto-approve']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).not.toContain('Unexpected argument');
  });
});

describe('the command line', () => {
  it('suggests the command meant', async () => {
    const run = await cli(['pla']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('cxskills: unknown command "pla". Did you mean "plan"? See `cxskills --help`.\n');
    expect((await cli(['zzzz'])).stderr).toContain('Usage: cxskills <command>');
  });

  it('lists --version and --no-color in the help', async () => {
    const help = (await cli(['--help'])).stdout;
    expect(help).toContain('--version, -v  print the version');
    expect(help).toContain('--no-color');
    expect(help).toMatch(/show\s+Render a saved plan/);
    expect(help).toMatch(/completion\s+Print the shell completion script/);
  });

  it('turns --no-color anywhere into no colour, even under FORCE_COLOR', async () => {
    await box.file('plan.json', serializePlan(savedPlan(CHANGES)));
    const forced = await cli(['show', 'plan.json'], { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\u001b[');
    const plain = await cli(['show', 'plan.json', '--no-color'], { FORCE_COLOR: '1' });
    expect(plain.stdout).not.toContain('\u001b[');
  });

  it('decides colour as chalk does for the process streams, NO_COLOR winning; an injected stream only under FORCE_COLOR', () => {
    const io = (env: NodeJS.ProcessEnv): CliIo => ({ stdout: capture().stream, stderr: capture().stream, stdin: Readable.from(['']), env, cwd: '.' });
    expect(useColor(io({}))).toBe(false);
    expect(useColor(io({ FORCE_COLOR: '1' }))).toBe(true);
    expect(useColor(io({ FORCE_COLOR: '0' }))).toBe(false);
    expect(useColor(io({ FORCE_COLOR: 'false' }))).toBe(false);
    expect(useColor(io({ TERM: 'dumb' }))).toBe(false);
    expect(useColor(io({ FORCE_COLOR: '1' }), 'stderr')).toBe(true);
    expect(useColor(io({ NO_COLOR: '', FORCE_COLOR: '1' }))).toBe(true);
    expect(useColor(io({ FORCE_COLOR: '1', NO_COLOR: '1' }))).toBe(false);
    expect(useColor({ ...io({ NO_COLOR: '1' }), stdout: process.stdout })).toBe(false);
  });

  it('prints completion scripts naming every command and its options', async () => {
    const bash = await cli(['completion', 'bash']);
    expect(bash.code).toBe(0);
    expect(bash.stdout).toContain('complete -o filenames -F _cxskills cxskills');
    expect(bash.stdout).toMatch(/plan\) opts="[^"]*--detailed-exitcode/);
    expect((await cli(['completion', 'zsh'])).stdout.startsWith('#compdef cxskills\n')).toBe(true);
    const fish = (await cli(['completion', 'fish'])).stdout;
    expect(fish).toContain("complete -c cxskills -n '__fish_seen_subcommand_from apply' -l auto-approve");
    expect((await cli(['completion', 'tcsh'])).stderr).toContain('completion: give one shell: bash, zsh, fish, got "tcsh"');
    expect(optionsOf(planCommand.help)).toContain('--out');
    // fmt and the narrowing options of plan and apply complete too.
    expect(bash.stdout).toMatch(/fmt\) opts="[^"]*--check[^"]*--dir/);
    expect(bash.stdout).toMatch(/plan\) opts="[^"]*--agents[^"]*--skills/);
    expect(bash.stdout).toMatch(/apply\) opts="[^"]*--agents[^"]*--skills/);
  });

  it('takes --rate from CXSKILLS_RATE when the flag is absent, the flag winning', () => {
    expect(rateOption('plan', undefined, { CXSKILLS_RATE: '3' }, 8)).toBe(3);
    expect(rateOption('plan', '5', { CXSKILLS_RATE: '3' }, 8)).toBe(5);
    expect(rateOption('plan', undefined, {}, 8)).toBe(8);
    expect(() => rateOption('plan', undefined, { CXSKILLS_RATE: 'fast' }, 8)).toThrow('plan: CXSKILLS_RATE must be a positive number, got "fast".');
  });
});

/** Loaded before the CLI: fd 1 and 2 answer isatty as a terminal's do, so chalk's detection sees a TTY while the test still reads a pipe. */
const AS_TTY = `data:text/javascript,${encodeURIComponent("import tty from 'node:tty'; tty.isatty = (fd) => fd === 1 || fd === 2;")}`;

describe('colour in the built CLI, as chalk decides it', () => {
  const base = { PATH: process.env.PATH };
  const show = (env: NodeJS.ProcessEnv, extra: string[] = [], tty = false) =>
    runCli(['show', 'plan.json', ...extra], { cwd: box.cwd, env: { ...base, ...env }, ...(tty ? { nodeArgs: ['--import', AS_TTY] } : {}) });
  const colored = async (env: NodeJS.ProcessEnv, extra: string[] = [], tty = false) => {
    const run = await show(env, extra, tty);
    expect(run.code, JSON.stringify(env)).toBe(0);
    expect(run.stdout, JSON.stringify(env)).toContain('Plan: 1 to add');
    return run.stdout.includes('\u001b[');
  };

  it('colours a pipe only under FORCE_COLOR=1; FORCE_COLOR=0 and FORCE_COLOR=false do not force it', async () => {
    await box.file('plan.json', serializePlan(savedPlan(CHANGES)));
    expect(await colored({})).toBe(false);
    expect(await colored({ FORCE_COLOR: '1' })).toBe(true);
    expect(await colored({ FORCE_COLOR: '0' })).toBe(false);
    expect(await colored({ FORCE_COLOR: 'false' })).toBe(false);
    expect(await colored({ FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
    expect(await colored({ FORCE_COLOR: '1' }, ['--no-color'])).toBe(false);
  });

  it('colours a terminal, except under TERM=dumb, FORCE_COLOR=0 or false, NO_COLOR or --no-color', async () => {
    await box.file('plan.json', serializePlan(savedPlan(CHANGES)));
    expect(await colored({ TERM: 'xterm-256color' }, [], true)).toBe(true);
    expect(await colored({ TERM: 'dumb' }, [], true)).toBe(false);
    expect(await colored({ TERM: 'xterm-256color', FORCE_COLOR: '0' }, [], true)).toBe(false);
    expect(await colored({ TERM: 'xterm-256color', FORCE_COLOR: 'false' }, [], true)).toBe(false);
    expect(await colored({ TERM: 'xterm-256color', NO_COLOR: '1' }, [], true)).toBe(false);
    expect(await colored({ TERM: 'xterm-256color' }, ['--no-color'], true)).toBe(false);
  });
});
