/** `cxskills github annotate`: cxskills diagnostics read from stdin, printed as GitHub annotations. */
import { createInterface } from 'node:readline';
import { parse } from '../../options.js';
import { formatAnnotation, parseDiagnosticLine } from '../../../github/annotations.js';
import { workspaceRoot, type Subcommand } from './shared.js';

export const annotateSubcommand: Subcommand = {
  name: 'annotate',
  summary: 'Turn cxskills diagnostics on stdin (file:line:col: error CODE: …) into annotations',
  help: `Usage: cxskills plan … 2> plan.err; cxskills github annotate < plan.err

Reads what plan and apply print on stderr and writes it to stdout, with every diagnostic line
('file:line:col: error CODE: message', 'error CODE: message') replaced by a GitHub annotation
('::error file=…,line=…,col=…,title=CODE::message'), so Actions shows it on the line of the pull
request; warnings become '::warning'. Other lines are printed unchanged.

Options:
  -h, --help    show this help

Annotation paths are relative to GITHUB_WORKSPACE (or the current directory).
Exit codes: 0 (whatever was read), 1 usage error.`,
  async run(argv, io) {
    const { values } = parse('github annotate', argv, {});
    if (values.help) {
      io.stdout.write(`${annotateSubcommand.help}\n`);
      return 0;
    }
    const root = workspaceRoot(io);
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      const annotation = parseDiagnosticLine(line, root);
      io.stdout.write(`${annotation === undefined ? line : formatAnnotation(annotation)}\n`);
    }
    return 0;
  },
};
