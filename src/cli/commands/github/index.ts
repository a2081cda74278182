/** `cxskills github <subcommand>`: the GitHub side of GitOps (annotations, job summary, sticky PR comment, drift issue). */
import { annotateSubcommand } from './annotate.js';
import { applyCommentSubcommand } from './apply-comment.js';
import { commentSubcommand } from './comment.js';
import { driftIssueSubcommand } from './drift-issue.js';
import { reviewedSubcommand } from './reviewed.js';
import type { Subcommand } from './shared.js';
import { summarySubcommand } from './summary.js';
import { validateSubcommand } from './validate.js';
import type { Command } from '../../command.js';

const SUBCOMMANDS: readonly Subcommand[] = [validateSubcommand, annotateSubcommand, summarySubcommand, commentSubcommand, driftIssueSubcommand, reviewedSubcommand, applyCommentSubcommand];

function help(): string {
  const width = Math.max(...SUBCOMMANDS.map((s) => s.name.length));
  return `Usage: cxskills github <subcommand> [options]

What the GitHub workflows and action.yml of cxskills run: validation as annotations, the plan in the
job summary and step outputs, one sticky comment per state directory on a pull request, and one drift
issue per state directory. They talk to the GitHub REST API with GITHUB_TOKEN, GITHUB_REPOSITORY and
GITHUB_API_URL (default https://api.github.com); the token is never printed. See docs/github.md.

Subcommands:
${SUBCOMMANDS.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`).join('\n')}

Run \`cxskills github <subcommand> --help\` for its options.
Exit codes: 0 success, 1 error (a GitHub API error names the method, path and status).`;
}

export const githubCommand: Command = {
  name: 'github',
  summary: 'GitHub Actions helpers: annotations, job summary, sticky PR comment, drift issue',
  help: help(),
  async run(argv, io) {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.stdout.write(`${help()}\n`);
      return name === undefined ? 1 : 0;
    }
    const sub = SUBCOMMANDS.find((s) => s.name === name);
    if (sub === undefined) {
      io.stderr.write(`cxskills github: unknown subcommand "${name}".\n\n${help()}\n`);
      return 1;
    }
    return sub.run(rest, io);
  },
};
