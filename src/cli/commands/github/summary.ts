/** `cxskills github summary`: a plan (or an apply's outcome) into the job summary and step outputs. */
import { UsageError } from '../../command.js';
import { parse } from '../../options.js';
import { hasChanges } from '../../../plan/index.js';
import { renderMarkdown, renderSummaryLine } from '../../../render/index.js';
import { escapeInline } from '../../../render/markdown-syntax.js';
import { appendSummary, STEP_SUMMARY_LIMIT, writeOutputs } from '../../../github/actions-files.js';
import { auditedOutcome, renderAuditedOutcome } from '../../../render/apply-markdown.js';
import { exitCodeOption, readPlan, readText, workspaceRoot, type Subcommand } from './shared.js';
import { annotationOf, formatAnnotation } from '../../../github/annotations.js';

/** Room left in the 1 MiB step summary for what other steps of the job add (in UTF-16 units; Markdown here is mostly ASCII). */
const SUMMARY_MAX_CHARS = Math.floor(STEP_SUMMARY_LIMIT * 0.9);

export const summarySubcommand: Subcommand = {
  name: 'summary',
  summary: 'Write a plan (or what an apply did) to the job summary and step outputs',
  help: `Usage: cxskills github summary --plan plan.json [--audit FILE --exit-code N] [--title TEXT]

Writes a saved plan where GitHub Actions shows it, and prints its one-line verdict:
  - job summary (GITHUB_STEP_SUMMARY): the plan as Markdown, at most ${SUMMARY_MAX_CHARS.toLocaleString('en-US')} characters
    (GitHub keeps 1 MiB per step); with --audit, what the apply did instead: applied, already in
    effect, failed, not attempted, and a table of every change not applied with its reason;
  - step outputs (GITHUB_OUTPUT): has-changes (true|false), add, update, remove, calls,
    managed-agents, unsafe (true when apply would refuse without --force), summary (the verdict);
    with --audit also applied, already-applied, failed, not-attempted.
In Actions (GITHUB_ACTIONS=true) each warning of the plan (a policy warning, an unused profile) is
also printed as an annotation on its line. Outside Actions (neither variable set) it only prints the
verdict.

Options:
  --plan FILE       the saved plan (from 'cxskills plan --out FILE')
  --audit FILE      the audit log of an apply of that plan ('cxskills apply --audit FILE')
  --exit-code N     the exit code of that apply (with --audit; default 0)
  --title TEXT      heading of the plan summary (default: "cxskills plan for DIR")
  -h, --help        show this help

Exit codes: 0 written, 1 error (unreadable or edited plan file).`,
  async run(argv, io) {
    const { values } = parse('github summary', argv, { plan: { type: 'string' }, audit: { type: 'string' }, 'exit-code': { type: 'string' }, title: { type: 'string' } });
    if (values.help) {
      io.stdout.write(`${summarySubcommand.help}\n`);
      return 0;
    }
    if (values.plan === undefined) throw new UsageError('github summary: --plan FILE is required. See `cxskills github summary --help`.');
    if (values['exit-code'] !== undefined && values.audit === undefined) throw new UsageError('github summary: --exit-code goes with --audit.');
    const plan = await readPlan(io, values.plan);
    const verdict = renderSummaryLine(plan);
    const outputs: Record<string, string | number | boolean> = {
      'has-changes': hasChanges(plan),
      add: plan.counts.add,
      update: plan.counts.update,
      remove: plan.counts.remove,
      calls: plan.counts.calls,
      'managed-agents': plan.counts.managedAgents,
      unsafe: plan.safety.length > 0,
      summary: verdict,
    };
    if (values.audit !== undefined) {
      const exitCode = exitCodeOption('github summary', values['exit-code'] ?? '0');
      const outcome = auditedOutcome(plan, await readText(io, values.audit, 'audit log'));
      await appendSummary(io.env, renderAuditedOutcome(plan, outcome, exitCode));
      Object.assign(outputs, { applied: outcome.counts.applied, 'already-applied': outcome.counts['already-applied'], failed: outcome.counts.failed, 'not-attempted': outcome.counts['not-attempted'] });
      io.stdout.write(`Apply of ${plan.dir}: ${outcome.counts.applied} applied, ${outcome.counts['already-applied']} already in effect, ${outcome.counts.failed} failed, ${outcome.counts['not-attempted']} not attempted.\n`);
    } else {
      const title = values.title ?? `cxskills plan for ${escapeInline(plan.dir)}`;
      await appendSummary(io.env, renderMarkdown(plan, { maxChars: SUMMARY_MAX_CHARS, title, detailsHint: 'The plan.json artifact of this run has every change.' }));
      // The plan's warnings (policy warnings among them) on the lines of the pull request; its errors never reach a saved plan.
      if (io.env.GITHUB_ACTIONS === 'true') for (const d of plan.diagnostics) io.stdout.write(`${formatAnnotation(annotationOf(d, workspaceRoot(io)))}\n`);
      io.stdout.write(`${verdict}\n`);
    }
    await writeOutputs(io.env, outputs);
    return 0;
  },
};
