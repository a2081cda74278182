/** `cxskills github validate`: offline check of a state directory, problems as annotations on the pull request's lines. */
import { resolve } from 'node:path';
import { loadDesiredState } from '../../../config/index.js';
import { withOfflinePolicy } from '../../offline-policy.js';
import { formatDiagnostic } from '../../../model/diagnostics.js';
import { parse } from '../../options.js';
import { writeOutputs } from '../../../github/actions-files.js';
import { annotationOf, formatAnnotation } from '../../../github/annotations.js';
import { workspaceRoot, type Subcommand } from './shared.js';

export const validateSubcommand: Subcommand = {
  name: 'validate',
  summary: 'Check a state directory offline (no CXone, no secrets); problems as annotations',
  help: `Usage: cxskills github validate [--dir DIR]

Checks a skills-state directory without CXone and without secrets (YAML, schema, profiles, scope,
the policy over declared skills), the part of 'cxskills plan' that needs no tenant. It runs where
secrets are missing, such as pull requests from forks. Every problem is printed twice: as a GitHub annotation on stdout
('::error file=…,line=…,col=…,title=CODE::message', shown on the line of the pull request) and as
'file:line:col: error CODE: message' on stderr. Names of skills and agents are checked by plan, which
reads the tenant.

Options:
  --dir DIR     skills-state directory (default: skills-state)
  -h, --help    show this help

Annotation paths are relative to GITHUB_WORKSPACE (or the current directory).
Outputs (when GITHUB_OUTPUT is set): valid (true|false), errors, warnings.
Exit codes: 0 valid (warnings allowed), 1 errors found.`,
  async run(argv, io) {
    const { values } = parse('github validate', argv, { dir: { type: 'string' } });
    if (values.help) {
      io.stdout.write(`${validateSubcommand.help}\n`);
      return 0;
    }
    const dir = values.dir ?? 'skills-state';
    const { diagnostics } = withOfflinePolicy(await loadDesiredState(resolve(io.cwd, dir)));
    const root = workspaceRoot(io);
    for (const d of diagnostics) {
      io.stdout.write(`${formatAnnotation(annotationOf(d, root))}\n`);
      io.stderr.write(`${formatDiagnostic(d)}\n`);
    }
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    await writeOutputs(io.env, { valid: errors === 0, errors, warnings });
    const counted = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
    io.stderr.write(errors === 0 ? `${dir}: valid (${counted}).\n` : `${dir}: invalid (${counted}).\n`);
    return errors === 0 ? 0 : 1;
  },
};
