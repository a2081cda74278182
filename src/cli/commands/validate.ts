/** `cxskills validate`: offline checks of a skills-state directory (YAML, schema, profiles, duplicates, scope) for pre-commit hooks and CI. */
import { resolve } from 'node:path';
import { Chalk } from 'chalk';
import { loadDesiredState } from '../../config/index.js';
import { withOfflinePolicy } from '../offline-policy.js';
import { formatDiagnostic, type Diagnostic } from '../../model/diagnostics.js';
import type { Command } from '../command.js';
import { enumOption, parse } from '../options.js';
import { useColor } from '../output.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check a skills-state directory offline (YAML, schema, profiles, duplicates, scope); for pre-commit hooks',
  help: `Usage: cxskills validate [--dir DIR] [--strict] [--format text|json]

Loads DIR exactly as plan does, without contacting CXone: YAML syntax, the schema of every file,
proficiencies, profiles (unknown, cycles, conflicts, duplicates), agents declared twice, skills
outside scope.skills, and the policy of cxskills.yaml over the declared skills of declared agents
(allowed proficiencies, requires, excludes, maxSkillsPerAgent; minActiveAgents and agents not
declared need the tenant, so plan checks them). Every problem of every file is reported, each with file:line:col and a code
(see docs/state-format.md). What needs the tenant (do agent keys and skill names exist?) is left
to plan.

Options:
  --dir DIR        skills-state directory (default: skills-state)
  --strict         warnings (e.g. PROFILE_UNUSED) fail too
  --format FMT     text (default: diagnostics on stderr, a verdict on stdout) or json (on stdout:
                   {"valid", "errors", "warnings", "agents", "diagnostics"})
  -h, --help       show this help

Needs no credentials and no network. As a pre-commit hook (.git/hooks/pre-commit):
  npx cxskills validate --dir skills-state

Exit codes: 0 valid, 1 errors found (or warnings with --strict).`,
  async run(argv, io) {
    const { values } = parse('validate', argv, {
      dir: { type: 'string' },
      strict: { type: 'boolean' },
      format: { type: 'string' },
    });
    if (values.help) {
      io.stdout.write(`${validateCommand.help}\n`);
      return 0;
    }
    const format = enumOption('validate', 'format', values.format, ['text', 'json'] as const, 'text');
    const dir = values.dir ?? 'skills-state';
    const { state, diagnostics } = withOfflinePolicy(await loadDesiredState(resolve(io.cwd, dir)));
    const shown = diagnostics.map((d) => (d.file ? { ...d, file: relativeTo(io.cwd, d.file) } : d));
    const errors = shown.filter((d) => d.severity === 'error').length;
    const warnings = shown.length - errors;
    const valid = errors === 0 && !(values.strict && warnings > 0);
    const agents = state?.agents.length ?? 0;
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ valid, errors, warnings, agents, diagnostics: shown }, null, 2)}\n`);
      return valid ? 0 : 1;
    }
    printAll(io.stderr, shown, useColor(io, 'stderr'));
    io.stdout.write(`${verdict(dir, { valid, errors, warnings, agents, assignments: state?.agents.reduce((n, a) => n + a.skills.size, 0) ?? 0 })}\n`);
    return valid ? 0 : 1;
  },
};

function printAll(stream: NodeJS.WritableStream, diagnostics: readonly Diagnostic[], color: boolean): void {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  for (const d of diagnostics) stream.write(`${d.severity === 'error' ? chalk.red(formatDiagnostic(d)) : chalk.yellow(formatDiagnostic(d))}\n`);
}

function verdict(dir: string, r: { valid: boolean; errors: number; warnings: number; agents: number; assignments: number }): string {
  const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  if (r.errors > 0) return `${dir}: invalid: ${count(r.errors, 'error')}, ${count(r.warnings, 'warning')}.`;
  const what = `${count(r.agents, 'agent')}, ${count(r.assignments, 'skill assignment')} declared`;
  if (!r.valid) return `${dir}: ${count(r.warnings, 'warning')} (--strict): ${what}.`;
  return `${dir}: valid: ${what}${r.warnings > 0 ? `; ${count(r.warnings, 'warning')}` : ''}.`;
}

/** Diagnostics name files as loaded (absolute); shown relative to where the command runs, like plan shows them. */
function relativeTo(cwd: string, file: string): string {
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}
