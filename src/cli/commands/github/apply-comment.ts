/** `cxskills github apply-comment`: posts what an apply did back on the merged pull request, one comment per state directory. */
import { UsageError } from '../../command.js';
import { parse } from '../../options.js';
import { writeOutputs } from '../../../github/actions-files.js';
import { auditedOutcome, renderAuditedOutcome } from '../../../render/apply-markdown.js';
import { fitBody } from '../../../github/fit.js';
import { markerFor, normalizeDir } from '../../../github/marker.js';
import { fullPlanPointer, runUrl } from '../../../github/run-context.js';
import { upsertStickyComment } from '../../../github/sticky-comment.js';
import { exitCodeOption, positiveInteger, readPlan, readText, withClient, type Subcommand } from './shared.js';

export const applyCommentSubcommand: Subcommand = {
  name: 'apply-comment',
  summary: 'Post the outcome of an apply on the merged pull request (one comment per state directory, with the commit)',
  help: `Usage: cxskills github apply-comment --pr N --plan plan.json --audit FILE [--exit-code N] [--sha SHA] [--dir DIR]

Posts on pull request N what the apply of its merge did: applied, already in effect, failed, not
attempted, the changes not applied with their reasons, the commit applied (--sha, default GITHUB_SHA)
and a link to the run. One comment per state directory (marker <!-- cxskills:apply dir=DIR -->),
edited in place when the apply runs again.

Options:
  --pr N           the merged pull request
  --plan FILE      the plan that was applied
  --audit FILE     the audit log of that apply
  --exit-code N    the exit code of that apply (default 0)
  --sha SHA        the commit applied (default: GITHUB_SHA)
  --dir DIR        the state directory (default: the plan's dir)
  -h, --help       show this help

Environment: GITHUB_TOKEN (the job needs 'pull-requests: write'), GITHUB_REPOSITORY, GITHUB_API_URL.
Outputs (when GITHUB_OUTPUT is set): apply-comment-url.
Exit codes: 0 posted, 1 error.`,
  async run(argv, io) {
    const { values } = parse('github apply-comment', argv, {
      pr: { type: 'string' },
      plan: { type: 'string' },
      audit: { type: 'string' },
      'exit-code': { type: 'string' },
      sha: { type: 'string' },
      dir: { type: 'string' },
    });
    if (values.help) {
      io.stdout.write(`${applyCommentSubcommand.help}\n`);
      return 0;
    }
    if (values.pr === undefined || values.plan === undefined || values.audit === undefined) {
      throw new UsageError('github apply-comment: --pr N, --plan FILE and --audit FILE are required. See `cxskills github apply-comment --help`.');
    }
    const pr = positiveInteger('github apply-comment', 'pr', values.pr);
    const exitCode = exitCodeOption('github apply-comment', values['exit-code'] ?? '0');
    const plan = await readPlan(io, values.plan);
    const outcome = auditedOutcome(plan, await readText(io, values.audit, 'audit log'));
    const dir = normalizeDir(values.dir ?? plan.dir);
    const marker = markerFor('apply', dir);
    const sha = values.sha ?? io.env.GITHUB_SHA;
    const url = runUrl(io.env);
    const commit = sha !== undefined && /^[0-9a-f]{40}$/.test(sha) ? `Applied commit ${sha}` : 'Applied';
    const tail = `\n<sub>${commit}${url ? ` in [this workflow run](${url}); the audit log is its artifact` : ''}.</sub>\n`;
    const { body } = fitBody({ head: `${marker}\n`, content: renderAuditedOutcome(plan, outcome, exitCode), tail }, fullPlanPointer(url));
    const result = await withClient(io, (client) => upsertStickyComment(client, pr, marker, body));
    await writeOutputs(io.env, { 'apply-comment-url': result.url });
    io.stdout.write(`Apply result ${result.action} on pull request #${pr} for ${dir}: ${result.url || `id ${result.id}`}\n`);
    return 0;
  },
};
