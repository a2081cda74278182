/** `cxskills github drift-issue`: open, update or close the one drift issue of a state directory. */
import { UsageError } from '../../command.js';
import { parse } from '../../options.js';
import { hasChanges, unscheduledChanges } from '../../../plan/index.js';
import { escapeInline } from '../../../render/markdown-syntax.js';
import { writeOutputs } from '../../../github/actions-files.js';
import { syncDriftIssue } from '../../../github/drift-issue.js';
import { markerFor, normalizeDir } from '../../../github/marker.js';
import { commitFromEvent, runUrl } from '../../../github/run-context.js';
import { buildBody, dirTitle } from './bodies.js';
import { booleanOption, readPlan, readText, withClient, type Subcommand } from './shared.js';

export const DEFAULT_DRIFT_LABEL = 'drift';

export const driftIssueSubcommand: Subcommand = {
  name: 'drift-issue',
  summary: 'Open or update the drift issue of a state directory, or close it when drift is gone',
  help: `Usage: cxskills github drift-issue (--plan plan.json | --body-file FILE --has-changes true|false) [--dir DIR]

Keeps one open issue per state directory about drift (live CXone skills that differ from Git):
  changes      opens the issue (label '${DEFAULT_DRIFT_LABEL}', hidden marker <!-- cxskills:drift dir=DIR -->)
               with the rendered plan, or updates the body of the open one (its title is kept);
  no changes   comments that the drift is gone and closes the open issue; nothing when none is open.
The issue is found among the open issues with the label whose body carries the marker, so several
state directories can share the label. Bodies over 65,536 characters are cut, with a pointer to the
job summary and plan artifact of the run. The label is created when the repository lacks it.

Options:
  --plan FILE          the saved plan of a drift check (from 'cxskills plan --out')
  --body-file FILE     the issue body as Markdown, instead of --plan; needs --has-changes
  --has-changes BOOL   true or false; only with --body-file (a plan knows it)
  --dir DIR            the state directory the marker names (default: the plan's dir, else skills-state)
  --label NAME         the label (default: ${DEFAULT_DRIFT_LABEL})
  --title TEXT         title of a new issue (default: "Drift: live CXone skills differ from DIR")
  --details-url URL    where the full plan is (default: this run, from GITHUB_SERVER_URL,
                       GITHUB_REPOSITORY and GITHUB_RUN_ID)
  -h, --help           show this help

Environment: GITHUB_TOKEN (the job needs 'issues: write'), GITHUB_REPOSITORY (owner/name),
GITHUB_API_URL (default https://api.github.com). The token is never printed.
Changes that only enact a time window opened or closed since the last apply (the plan's
windows.scheduled) are not drift: the issue says "scheduled" for them, and a plan with nothing else
opens no issue (and closes an open one).
Outputs (when GITHUB_OUTPUT is set): issue-number, issue-url, issue-action (created|updated|closed|none),
scheduled (changes that are scheduled, not drift).
Exit codes: 0 done, 1 error (GitHub's answer is shown with method, path and status).`,
  async run(argv, io) {
    const { values } = parse('github drift-issue', argv, {
      plan: { type: 'string' },
      'body-file': { type: 'string' },
      'has-changes': { type: 'string' },
      dir: { type: 'string' },
      label: { type: 'string' },
      title: { type: 'string' },
      'details-url': { type: 'string' },
    });
    if (values.help) {
      io.stdout.write(`${driftIssueSubcommand.help}\n`);
      return 0;
    }
    const flag = booleanOption('github drift-issue', 'has-changes', values['has-changes']);
    if ((values.plan === undefined) === (values['body-file'] === undefined)) {
      throw new UsageError('github drift-issue: give exactly one of --plan FILE and --body-file FILE. See `cxskills github drift-issue --help`.');
    }
    if (values.plan !== undefined && flag !== undefined) throw new UsageError('github drift-issue: --has-changes goes with --body-file; a plan says whether it has changes.');
    if (values['body-file'] !== undefined && flag === undefined) throw new UsageError('github drift-issue: --body-file needs --has-changes true|false.');
    const label = values.label ?? DEFAULT_DRIFT_LABEL;
    if (label.trim() === '' || label.includes(',')) throw new UsageError(`github drift-issue: --label must be one label name without commas, got "${label}".`);

    const plan = values.plan !== undefined ? await readPlan(io, values.plan) : undefined;
    const text = values['body-file'] !== undefined ? await readText(io, values['body-file'], 'body') : undefined;
    // Changes that only enact a window opened or closed since the last apply are scheduled, not drift.
    const scheduled = plan !== undefined && hasChanges(plan) ? plan.changes.length - unscheduledChanges(plan) : 0;
    const changes = plan !== undefined ? hasChanges(plan) && scheduled < plan.changes.length : flag === true;
    const dir = normalizeDir(values.dir ?? plan?.dir ?? 'skills-state');
    const marker = markerFor('drift', dir);
    const url = values['details-url'] ?? runUrl(io.env);
    const where = `**${escapeInline(dir)}**`;
    const outro = [
      `**What to do:** the live CXone skills differ from ${where} on the default branch (the plan above is what apply would change).`,
      'Either apply the state (run the apply workflow), or change the YAML to keep what people changed in CXone.',
      'This issue is updated by every drift check and closed once the live skills match again.',
    ].join(' ');
    const { body, truncated } = buildBody({ plan, text }, { marker, title: dirTitle('Drift in', dir), outro, runUrl: url, commit: await commitFromEvent(io.env) });
    const matched = scheduled > 0 ? `differ from ${where} only by ${scheduled} scheduled window change${scheduled === 1 ? '' : 's'}, which the next apply enacts` : `match ${where} again`;
    const closeComment = `No drift any more: the live CXone skills ${matched}${url ? ` (checked by [this workflow run](${url}))` : ''}. Closing.`;
    const title = values.title ?? `Drift: live CXone skills differ from ${dir}`;
    const result = await withClient(io, (client) => syncDriftIssue(client, { marker, label, title, body, hasChanges: changes, closeComment }));
    await writeOutputs(io.env, { 'issue-number': result.number ?? '', 'issue-url': result.url ?? '', 'issue-action': result.action, scheduled });
    const which = result.number !== undefined ? ` #${result.number}${result.url ? ` (${result.url})` : ''}` : '';
    const said: Record<typeof result.action, string> = { created: 'Opened drift issue', updated: 'Updated drift issue', closed: 'Closed drift issue', none: 'No drift and no open drift issue' };
    io.stdout.write(`${said[result.action]}${which} for ${dir}${truncated ? ' (body cut to fit 65,536 characters)' : ''}.\n`);
    if (scheduled > 0) io.stdout.write(`Scheduled, not drift: ${scheduled} change${scheduled === 1 ? '' : 's'} of ${dir} enact${scheduled === 1 ? 's' : ''} a window that opened or closed since the last apply.\n`);
    return 0;
  },
};
