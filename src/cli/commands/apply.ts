/** `cxskills apply`: execute a plan (fresh, or a reviewed saved one after a staleness check), then verify. */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { openAuditLog } from '../../apply/audit.js';
import { runApply } from '../../apply/run.js';
import { DEFAULT_RATE_PER_SECOND } from '../../apply/throttle.js';
import { DiagnosticsError } from '../../model/diagnostics.js';
import { applySummary, renderApplySummary } from '../../export/apply-summary.js';
import { hasChanges, parsePlanFile, revalidateSavedPlan, type Plan } from '../../plan/index.js';
import { allowCoverage, applyAllowance, checkCoverage, coverageErrors } from '../../plan/coverage.js';
import { renderText } from '../../render/index.js';
import { UsageError, type CliIo, type Command } from '../command.js';
import { enumOption, numberOption, parse, rateOption } from '../options.js';
import { useColor } from '../output.js';
import { progressReporter } from '../progress.js';
import { renderApplyReport } from '../report.js';
import { approve } from '../approve.js';
import { connect, loadState, planFrom } from '../session.js';

export const applyCommand: Command = {
  name: 'apply',
  summary: 'Make the live tenant match skills-state (or a reviewed saved plan), then verify',
  help: `Usage: cxskills apply [PLAN | --plan PLAN] [--dir DIR] [--auto-approve] [--force] [--format text|json]

Computes the plan (or loads a reviewed one with --plan), shows it, asks for approval, writes the
changes with the fewest bulk calls, and re-reads the tenant to verify every change took effect.

Options:
  --dir DIR          skills-state directory (default: skills-state, or the saved plan's dir)
  PLAN, --plan FILE  apply this saved plan (from 'plan --out'); refused if the live slice it was
                     computed from has changed since (staleness check), or if the file was edited
  --auto-approve     do not ask; required when stdin is not a terminal (CI)
  --force            apply even when the plan crosses a safety threshold (see cxskills.yaml safety)
                     or leaves a skill or an agent without routing coverage
  --allow-uncovered  apply even when an active in-scope skill would be left with no active agent,
                     or an active managed agent with no active in-scope skill (shown as warnings)
  --format FMT       text (default) or json: the end-of-run summary (outcome, verification, calls by
                     route, retries, 429s, p50/p95 latency, duration) as JSON on stdout; the plan
                     and progress then go to stderr
  --audit FILE       append one JSON line per change to FILE (default: .cxskills/audit.jsonl)
  --rate N           client-side request rate limit per second (default: CXSKILLS_RATE, else ${DEFAULT_RATE_PER_SECOND})
  --concurrency N    writes in flight at once (default 4)
  --no-guard         skip the read of each agent's or skill's list before its first PUT/DELETE (and
                     its If-Match). Faster (one read less per list), but a change someone else makes
                     to the same pair during the apply can then be overwritten. Only when nothing
                     else writes these skills while apply runs (e.g. CI runs one apply per tenant).
  -h, --help         show this help

Safe to run again: a run that stopped half-way leaves nothing a second run cannot finish.
Exit codes: 0 applied and verified (or nothing to do), 1 refused, failed or not verified.`,
  async run(argv, io) {
    const { values, positionals } = parse('apply', argv, {
      dir: { type: 'string' },
      plan: { type: 'string' },
      'auto-approve': { type: 'boolean' },
      force: { type: 'boolean' },
      'allow-uncovered': { type: 'boolean' },
      format: { type: 'string' },
      audit: { type: 'string' },
      rate: { type: 'string' },
      concurrency: { type: 'string' },
      'no-guard': { type: 'boolean' },
    }, true);
    if (values.help) {
      io.stdout.write(`${applyCommand.help}\n`);
      return 0;
    }
    const format = enumOption('apply', 'format', values.format, ['text', 'json'] as const, 'text');
    const rate = rateOption('apply', values.rate, io.env, DEFAULT_RATE_PER_SECOND);
    const concurrency = numberOption('apply', 'concurrency', values.concurrency, 4, (n) => Number.isInteger(n) && n >= 1);
    const planFile = savedPlanArgument(values.plan, positionals);
    const saved = planFile ? await loadSavedPlan(io, planFile) : undefined;
    const dir = values.dir ?? saved?.dir ?? 'skills-state';
    const loaded = saved === undefined ? await loadState(resolve(io.cwd, dir)) : undefined;
    const connection = connect(io, rate);
    const { client, metrics } = connection;
    const started = Date.now();
    try {
      const live = await connection.readLive();
      let plan: Plan;
      if (loaded === undefined) {
        // Staleness, scope and starting values checked, counts, names and safety computed again: the file is not trusted.
        const checked = revalidateSavedPlan(saved!, live);
        if (checked.plan === undefined) throw new DiagnosticsError(checked.diagnostics);
        // Unmanaged agents' skills are outside the checksum, so coverage is judged again on what is live now.
        plan = { ...checked.plan, coverage: applyAllowance(checkCoverage({ scope: saved!.scope, live, plan: saved! }), saved!.coverageAllowance, live) };
      } else {
        plan = planFrom(loaded, dir, live);
      }
      if (values.force || values['allow-uncovered']) plan = { ...plan, coverage: allowCoverage(plan.coverage ?? []) };
      const out = format === 'json' ? io.stderr : io.stdout;
      out.write(renderText(plan, { color: useColor(io, format === 'json' ? 'stderr' : 'stdout') }));
      if (!hasChanges(plan)) {
        if (format === 'json') io.stdout.write(renderApplySummary(applySummary({ ...NOTHING_DONE, command: 'apply', plan, metrics: metrics.summary(), durationMs: Date.now() - started })));
        return 0;
      }
      if (plan.safety.length > 0 && !values.force) {
        io.stderr.write(`Refusing to apply: the plan crosses ${plan.safety.length === 1 ? 'a safety threshold' : 'safety thresholds'} (see above). Review it, then re-run with --force if it is intended.\n`);
        return 1;
      }
      const uncovered = coverageErrors(plan.coverage);
      if (uncovered.length > 0) {
        io.stderr.write(`Refusing to apply: the plan leaves ${uncovered.length === 1 ? 'a skill or an agent' : `${uncovered.length} skills or agents`} without routing coverage (see above). Re-run with --allow-uncovered (or --force) if it is intended.\n`);
        return 1;
      }
      if (!values['auto-approve'] && !(await approve(io, 'apply', 'Apply these changes to CXone?'))) {
        io.stderr.write('Apply cancelled; nothing was changed.\n');
        return 1;
      }

      const auditFile = resolve(io.cwd, values.audit ?? '.cxskills/audit.jsonl');
      const runId = randomUUID();
      const audit = openAuditLog(auditFile, runId);
      const progress = progressReporter(io, { label: 'Applying' });
      let run;
      try {
        run = await runApply(plan, client, live, {
          concurrency,
          guard: values['no-guard'] !== true,
          audit: (entry) => audit.write(entry),
          onProgress: (p) => progress.onProgress(p),
        });
      } finally {
        progress.done();
        audit.close();
      }
      const { result, verification } = run;
      const report = { plan, result, verification, metrics: metrics.summary(), durationMs: Date.now() - started, auditFile: relative(io.cwd, auditFile) || auditFile };
      if (format === 'json') io.stdout.write(renderApplySummary(applySummary({ command: 'apply', runId, ...report })));
      else io.stdout.write(renderApplyReport({ ...report, color: useColor(io) }));
      return result.failed === 0 && verification.mismatches.length === 0 ? 0 : 1;
    } finally {
      await client.close();
    }
  },
};

/** The JSON summary's parts when there was nothing to apply. */
const NOTHING_DONE = { runId: '', result: { outcomes: [], applied: 0, failed: 0, failures: [] }, verification: { checked: 0, mismatches: [] }, auditFile: '' };

/** `apply PLAN` as Terraform has it, or `--plan PLAN`; one plan only. */
function savedPlanArgument(option: string | undefined, positionals: readonly string[]): string | undefined {
  if (positionals.length > 1) throw new UsageError(`apply: one saved plan at most, got ${positionals.length}: ${positionals.join(' ')}. See \`cxskills apply --help\`.`);
  if (option !== undefined && positionals.length === 1) throw new UsageError('apply: give the saved plan either as PLAN or as --plan PLAN, not both. See `cxskills apply --help`.');
  return option ?? positionals[0];
}

async function loadSavedPlan(io: CliIo, file: string): Promise<Plan> {
  const text = await readFile(resolve(io.cwd, file), 'utf8');
  const { plan, diagnostics } = parsePlanFile(text, file);
  if (plan === undefined) throw new DiagnosticsError(diagnostics);
  return plan;
}

