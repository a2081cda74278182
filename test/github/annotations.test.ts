import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatAnnotation, parseDiagnosticLine } from '../../src/github/annotations.js';
import { sandbox, type Sandbox } from './harness.js';

describe('workflow command annotations', () => {
  it('escapes data so a message can never start a second workflow command', () => {
    expect(escapeData('50% done\r\n::add-mask::x')).toBe('50%25 done%0D%0A::add-mask::x');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    expect(formatAnnotation({ severity: 'error', title: 'UNKNOWN_SKILL', message: 'line 1\nline 2', file: 'tenants/a,b/x.yaml', line: 3, col: 7 })).toBe(
      '::error file=tenants/a%2Cb/x.yaml,line=3,col=7,title=UNKNOWN_SKILL::line 1%0Aline 2',
    );
  });

  it('reads back the diagnostics plan prints, with paths relative to the checkout', () => {
    const root = '/home/runner/work/repo/repo';
    expect(parseDiagnosticLine(`${root}/skills-state/agents.yaml:12:7: error UNKNOWN_SKILL: unknown skill "Biling EN" (did you mean "Billing EN"?)`, root)).toEqual({
      severity: 'error',
      title: 'UNKNOWN_SKILL',
      message: 'unknown skill "Biling EN" (did you mean "Billing EN"?)',
      file: 'skills-state/agents.yaml',
      line: 12,
      col: 7,
    });
    expect(parseDiagnosticLine('skills-state/x.yaml:4: warning UNUSED_PROFILE: profile "a" is not used', root)).toMatchObject({ severity: 'warning', file: 'skills-state/x.yaml', line: 4 });
    expect(parseDiagnosticLine('\u001b[31m/home/runner/work/repo/repo/skills-state/cxskills.yaml: error CONFIG_MISSING: no config\u001b[39m', root)).toEqual({
      severity: 'error',
      title: 'CONFIG_MISSING',
      message: 'no config',
      file: 'skills-state/cxskills.yaml',
    });
    expect(parseDiagnosticLine('error CXONE_AUTH_FAILED: POST /auth/token → 401: refused', root)).toEqual({ severity: 'error', title: 'CXONE_AUTH_FAILED', message: 'POST /auth/token → 401: refused' });
    expect(parseDiagnosticLine('GET /agents/skills → 500: error CXONE_SERVER_ERROR: boom', root)).toEqual({ severity: 'error', title: 'CXONE_SERVER_ERROR', message: 'GET /agents/skills → 500: boom' });
    expect(parseDiagnosticLine('2 errors found; nothing was changed.', root)).toBeUndefined();
    expect(parseDiagnosticLine('Saved the plan to plan.json.', root)).toBeUndefined();
  });
});

describe('cxskills github validate and annotate', () => {
  let box: Sandbox;
  beforeEach(async () => {
    box = await sandbox();
    await mkdir(join(box.cwd, 'skills-state'));
    await box.file('skills-state/cxskills.yaml', 'version: 1\nscope:\n  skills: ["Billing *"]\n  agents: declared\n');
  });
  afterEach(() => box.cleanup());

  it('passes a valid directory and says so, with outputs', async () => {
    await box.file('skills-state/agents.yaml', 'agents:\n  jdoe:\n    skills:\n      Billing EN: 3\n');
    const run = await box.run(['validate'], { GITHUB_OUTPUT: join(box.cwd, 'out.txt') });
    expect(run).toEqual({ code: 0, stdout: '', stderr: 'skills-state: valid (0 errors, 0 warnings).\n' });
    expect(await box.read('out.txt')).toMatch(/^valid<<(\S+)\ntrue\n\1\nerrors<<(\S+)\n0\n\2\nwarnings<<(\S+)\n0\n\3\n$/);
  });

  it('prints each problem as an annotation on its line and as a diagnostic, and fails', async () => {
    await box.file('skills-state/agents.yaml', 'agents:\n  jdoe:\n    skills:\n      Billing EN: 25\n');
    const run = await box.run(['validate', '--dir', 'skills-state'], { GITHUB_WORKSPACE: box.cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error file=skills-state\/agents\.yaml,line=4,col=19,title=[A-Z_]+::.+\n$/);
    expect(run.stderr).toMatch(/agents\.yaml:4:19: error [A-Z_]+: .+\nskills-state: invalid \(1 error, 0 warnings\)\.\n$/);
  });

  it('turns the diagnostics on stdin into annotations and passes other lines through', async () => {
    const stderr = [`${box.cwd}/skills-state/agents.yaml:4:19: error SCHEMA_MAXIMUM: must be <= 20`, '1 error found; nothing was changed.', ''].join('\n');
    const run = await box.run(['annotate'], { GITHUB_WORKSPACE: box.cwd }, stderr);
    expect(run).toEqual({
      code: 0,
      stdout: '::error file=skills-state/agents.yaml,line=4,col=19,title=SCHEMA_MAXIMUM::must be <= 20\n1 error found; nothing was changed.\n',
      stderr: '',
    });
  });

  it('lists its subcommands, and every subcommand has complete help', async () => {
    const top = await box.run(['--help']);
    expect(top.code).toBe(0);
    for (const name of ['validate', 'annotate', 'summary', 'comment', 'drift-issue']) {
      expect(top.stdout).toContain(`  ${name} `);
      const help = await box.run([name, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: cxskills (plan … 2> plan\.err; cxskills )?github /);
      expect(help.stdout).toContain('Exit codes:');
    }
    const unknown = await box.run(['nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^cxskills github: unknown subcommand "nope"\./);
  });
});
