/** `cxskills github reviewed`: after a merge, says whether the fresh plan is the one reviewed on the merged pull request. */
import { UsageError } from '../../command.js';
import { parse } from '../../options.js';
import { appendSummary, writeOutputs } from '../../../github/actions-files.js';
import { markerFor, normalizeDir } from '../../../github/marker.js';
import { comparePlans, comparisonText, diffChanges, diffLines, findReviewedPlan, mergedPullRequestOf, type Comparison } from '../../../github/reviewed.js';
import { positiveInteger, readPlan, withClient, type Subcommand } from './shared.js';

export const reviewedSubcommand: Subcommand = {
  name: 'reviewed',
  summary: 'After a merge: is the fresh plan the one reviewed on the merged pull request (by digest)?',
  help: `Usage: cxskills github reviewed --plan plan.json [--pr N | --sha SHA] [--dir DIR] [--reviewed-plan FILE] [--require-identical]

Finds the pull request the pushed commit was merged from (--sha, default GITHUB_SHA), reads the
sticky plan comment of the state directory on it, and compares the plan digest its footer shows with
the digest of this plan. Prints and adds to the job summary one line: "identical to the plan reviewed
in #N", or how it differs (the reviewed and the current verdict), or why it could not tell.

Options:
  --plan FILE            the fresh plan (from 'cxskills plan --out FILE')
  --pr N                 the pull request (default: the merged one of --sha)
  --sha SHA              the merged commit (default: GITHUB_SHA)
  --dir DIR              the state directory the comment's marker names (default: the plan's dir)
  --reviewed-plan FILE   the plan file of the pull request (its artifact): when the plans differ,
                         list the changes that differ, pair by pair
  --require-identical    exit 1 unless identical
  -h, --help             show this help

Outputs (when GITHUB_OUTPUT is set): reviewed (identical|differs|unknown), reviewed-pr.
Exit codes: 0 compared (whatever the result, unless --require-identical), 1 error.`,
  async run(argv, io) {
    const { values } = parse('github reviewed', argv, { plan: { type: 'string' }, pr: { type: 'string' }, sha: { type: 'string' }, dir: { type: 'string' }, 'reviewed-plan': { type: 'string' }, 'require-identical': { type: 'boolean' } });
    if (values.help) {
      io.stdout.write(`${reviewedSubcommand.help}\n`);
      return 0;
    }
    if (values.plan === undefined) throw new UsageError('github reviewed: --plan FILE is required. See `cxskills github reviewed --help`.');
    if (values.pr !== undefined && values.sha !== undefined) throw new UsageError('github reviewed: give --pr N or --sha SHA, not both.');
    const sha = values.sha ?? io.env.GITHUB_SHA;
    if (values.pr === undefined && (sha === undefined || !/^[0-9a-f]{40}$/.test(sha))) throw new UsageError('github reviewed: --pr N or a 40-hex --sha (or GITHUB_SHA) is required.');
    const plan = await readPlan(io, values.plan);
    const dir = normalizeDir(values.dir ?? plan.dir);
    const comparison = await withClient(io, async (client): Promise<Comparison> => {
      const pr = values.pr !== undefined ? positiveInteger('github reviewed', 'pr', values.pr) : await mergedPullRequestOf(client, sha!);
      if (pr === undefined) return { result: 'unknown', reason: `commit ${sha!.slice(0, 12)} was not merged from a pull request (a direct push, or Run workflow)` };
      return comparePlans(plan, pr, await findReviewedPlan(client, pr, markerFor('plan', dir)));
    });
    const differs = comparison.result === 'differs' && values['reviewed-plan'] !== undefined ? diffLines(diffChanges(await readPlan(io, values['reviewed-plan']), plan), plan) : [];
    const line = [comparisonText(comparison, plan), ...differs].join('\n');
    await appendSummary(io.env, `${line}\n`);
    await writeOutputs(io.env, { reviewed: comparison.result, 'reviewed-pr': comparison.pr ?? '' });
    io.stdout.write(`${line.replace(/\*\*/g, '')}\n`);
    return values['require-identical'] && comparison.result !== 'identical' ? 1 : 0;
  },
};
