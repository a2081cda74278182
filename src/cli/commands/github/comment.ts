/** `cxskills github comment`: the plan as one sticky pull-request comment per state directory. */
import { UsageError } from '../../command.js';
import { parse } from '../../options.js';
import { writeOutputs } from '../../../github/actions-files.js';
import { markerFor, normalizeDir } from '../../../github/marker.js';
import { commitFromEvent, pullRequestFromEvent, runUrl } from '../../../github/run-context.js';
import { upsertStickyComment } from '../../../github/sticky-comment.js';
import { buildBody, dirTitle } from './bodies.js';
import { positiveInteger, readPlan, readText, withClient, type Subcommand } from './shared.js';

export const commentSubcommand: Subcommand = {
  name: 'comment',
  summary: 'Post the plan as one sticky pull-request comment per state directory (updated in place)',
  help: `Usage: cxskills github comment (--plan plan.json | --body-file FILE) [--pr N] [--dir DIR]

Posts the plan on a pull request as ONE comment per state directory. The comment carries a hidden
marker, <!-- cxskills:plan dir=DIR -->; later runs find it among all the comments (every page) and
edit it in place, so a pull request never collects a comment per push. Text people add around the
marker does not stop it being found (the next run replaces the whole comment). Bodies over GitHub's
65,536-character limit are cut, with a pointer to the job summary and plan artifact of the run.

Options:
  --plan FILE         render this saved plan (from 'cxskills plan --out'); cut by change, keeping
                      the verdict and totals, when it is too long
  --body-file FILE    post this Markdown instead (e.g. 'cxskills plan --format markdown' output);
                      cut by line when too long
  --pr N              pull request number (default: from GITHUB_EVENT_PATH on pull_request events)
  --dir DIR           the state directory the marker names (default: the plan's dir, else
                      skills-state); one comment per directory
  --details-url URL   where the full plan is (default: this run, from GITHUB_SERVER_URL,
                      GITHUB_REPOSITORY and GITHUB_RUN_ID)
  -h, --help          show this help

Environment: GITHUB_TOKEN (the job needs 'pull-requests: write'), GITHUB_REPOSITORY (owner/name),
GITHUB_API_URL (default https://api.github.com). The token is never printed.
Outputs (when GITHUB_OUTPUT is set): comment-id, comment-url, comment-action (created|updated|unchanged).
Exit codes: 0 posted, 1 error (GitHub's answer is shown with method, path and status).`,
  async run(argv, io) {
    const { values } = parse('github comment', argv, {
      plan: { type: 'string' },
      'body-file': { type: 'string' },
      pr: { type: 'string' },
      dir: { type: 'string' },
      'details-url': { type: 'string' },
    });
    if (values.help) {
      io.stdout.write(`${commentSubcommand.help}\n`);
      return 0;
    }
    if ((values.plan === undefined) === (values['body-file'] === undefined)) {
      throw new UsageError('github comment: give exactly one of --plan FILE and --body-file FILE. See `cxskills github comment --help`.');
    }
    const pr = values.pr !== undefined ? positiveInteger('github comment', 'pr', values.pr) : await pullRequestFromEvent(io.env);
    if (pr === undefined) throw new UsageError('github comment: --pr N is required outside pull_request events (GITHUB_EVENT_PATH names no pull request).');
    const plan = values.plan !== undefined ? await readPlan(io, values.plan) : undefined;
    const text = values['body-file'] !== undefined ? await readText(io, values['body-file'], 'body') : undefined;
    const dir = normalizeDir(values.dir ?? plan?.dir ?? 'skills-state');
    const marker = markerFor('plan', dir);
    const { body, truncated } = buildBody({ plan, text }, { marker, title: dirTitle('cxskills plan for', dir), runUrl: values['details-url'] ?? runUrl(io.env), commit: await commitFromEvent(io.env) });
    const result = await withClient(io, (client) => upsertStickyComment(client, pr, marker, body));
    await writeOutputs(io.env, { 'comment-id': result.id, 'comment-url': result.url, 'comment-action': result.action });
    io.stdout.write(`Comment ${result.action} on pull request #${pr} for ${dir}${truncated ? ' (cut to fit 65,536 characters)' : ''}: ${result.url || `id ${result.id}`}\n`);
    return 0;
  },
};
