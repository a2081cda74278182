/** `cxskills apply`: execute a plan (fresh, or a reviewed saved one after a staleness check), then verify. */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { appendEntries, openAuditLog } from '../../apply/audit.js';
import { settleIntents, unsettledIntents } from '../../apply/settle.js';
import type { LiveState } from '../../model/types.js';
import { runApply } from '../../apply/run.js';
import { DEFAULT_RATE_PER_SECOND } from '../../cxone/policy/throttle.js';
import { DiagnosticsError } from '../../model/diagnostics.js';
import { applySummary, renderApplySummary } from '../../render/apply-summary.js';
import { checkAgainstCommitted, hasChanges, parsePlanFile, revalidateSavedPlan, type Plan } from '../../plan/index.js';
import { allowCoverage, applyAllowance, checkCoverage, coverageErrors } from '../../plan/coverage.js';
import { renderText } from '../../render/index.js';
import { recheckPolicy } from '../../plan/policy.js';
import { refusedByPolicy } from '../policy-refusal.js';
import { UsageError, type CliIo, type Command } from '../command.js';
import { enumOption, numberOption, OPTION_INVALID, parse, rateOption, TARGET_OPTIONS, targetOptions } from '../options.js';
import { useColor } from '../output.js';
import { progressReporter } from '../progress.js';
import { renderApplyReport } from '../../render/apply-report.js';
import { approve } from '../approve.js';
import { checkAuditTarget, checkPlanFile } from '../paths.js';
import { callsPerWave, connect, loadState, planFrom } from '../session.js';

export const applyCommand: Command = {
  name: 'apply',
  summary: 'Make the live tenant match skills-state (or a reviewed saved plan), then verify',
  help: `Usage: cxskills apply [PLAN | --plan PLAN] [--dir DIR] [--agents KEYS]... [--skills GLOBS]...
                      [--auto-approve] [--force] [--format text|json]

Computes the plan (or loads a reviewed one with --plan), shows it, asks for approval, writes the
changes with the fewest bulk calls, and re-reads the tenant to verify every change took effect.

Options:
  --dir DIR          skills-state directory (default: skills-state, or the saved plan's dir)
  PLAN, --plan FILE  apply this saved plan (from 'plan --out'); refused if the live slice it was
                     computed from has changed since (staleness check), or if the file was edited
  --agents KEYS      narrow a fresh plan to these managed agents (agentId, userName or emailAddress;
                     repeatable or comma-separated), like terraform -target; the safety and coverage
                     rules judge the narrowed slice. A saved plan keeps the narrowing it was made
                     with (shown, and covered by its digest), so these cannot be given with one
  --skills GLOBS     narrow a fresh plan to the in-scope skills matching these globs
  --auto-approve     do not ask; required when stdin is not a terminal (CI)
  --force            apply even when the plan crosses a safety threshold (see cxskills.yaml safety)
                     or leaves a skill or an agent without routing coverage
  --allow-uncovered  apply even when an active in-scope skill would be left with no active agent,
                     or an active managed agent with no active in-scope skill (shown as warnings)
  --format FMT       text (default) or json: the end-of-run summary (outcome, verification, calls by
                     route, retries, 429s, p50/p95 latency, duration) as JSON on stdout; the plan
                     and progress then go to stderr
  --audit FILE       append one JSON line per change to FILE (default: .cxskills/audit.jsonl)
  --rate N           client-side request rate limit per second (default: CXSKILLS_RATE, else
                     cxskills.yaml's rate, else ${DEFAULT_RATE_PER_SECOND})
  --concurrency N    writes in flight at once (default 4)
  --no-guard         skip the guard read before each wave of writes (GET /agents/skills?UpdatedSince,
                     usually a page or two). A little faster, but a change someone else makes to a
                     pair during the apply can then be overwritten. Only when nothing else writes
                     these skills while apply runs (e.g. CI runs one apply per tenant).
  --no-upsert        group adds and changes per agent or per skill instead of in POST /agents/skills
                     upserts (for servers without the upsert; apply also falls back by itself)
  --verify MODE      delta (default): adds and changes from the guard's reads, removals from the
                     API's per-item results; full: read back every change (the cheapest way)
  -h, --help         show this help

A state that breaks an error rule of cxskills.yaml's policy is refused before any write, fresh or
saved (a saved plan is judged with the committed policy and the tenant as it is now); --force does
not pass it.

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
      verify: { type: 'string' },
      'no-upsert': { type: 'boolean' },
      ...TARGET_OPTIONS,
    }, true);
    if (values.help) {
      io.stdout.write(`${applyCommand.help}\n`);
      return 0;
    }
    const format = enumOption('apply', 'format', values.format, ['text', 'json'] as const, 'text');
    rateOption('apply', values.rate, io.env, DEFAULT_RATE_PER_SECOND); // --rate and CXSKILLS_RATE checked before anything is read
    const concurrency = numberOption('apply', 'concurrency', values.concurrency, 4, (n) => Number.isInteger(n) && n >= 1);
    const verify = enumOption('apply', 'verify', values.verify, ['delta', 'full'] as const, 'delta');
    const planFile = savedPlanArgument(values.plan, positionals);
    const target = targetOptions('apply', values);
    if (planFile !== undefined && target !== undefined) {
      throw new UsageError('apply: --agents and --skills narrow a fresh plan; a saved plan applies the narrowing it was reviewed with. Make the narrowed plan with `cxskills plan --agents … --out FILE`.', OPTION_INVALID);
    }
    const saved = planFile ? await loadSavedPlan(io, planFile) : undefined;
    const dir = values.dir ?? (saved ? savedDir(io, saved) : 'skills-state');
    const state = await loadState(resolve(io.cwd, dir));
    const loaded = saved === undefined ? state : undefined;
    const rate = rateOption('apply', values.rate, io.env, state.desired.rate ?? DEFAULT_RATE_PER_SECOND);
    if (saved !== undefined) {
      // Scope, limits and coverage exceptions are the committed cxskills.yaml's; the plan file only proposes changes.
      const mismatch = checkAgainstCommitted(saved, state.desired, relative(io.cwd, state.desired.configFile) || state.desired.configFile);
      if (mismatch.length > 0) throw new DiagnosticsError(mismatch);
    }
    const auditFile = await checkAuditTarget(io, values.audit ?? '.cxskills/audit.jsonl', '--audit', dir);
    const connection = connect(io, rate);
    const { client, metrics } = connection;
    const started = Date.now();
    try {
      // The guard's first UpdatedSince read starts where this read did.
      const readAt = new Date();
      const live = await connection.readLive();
      await settleInterrupted(io, auditFile, live);
      let plan: Plan;
      if (loaded === undefined) {
        // Staleness, scope and starting values checked, counts, names and safety computed again: the file is not trusted.
        const checked = revalidateSavedPlan(saved!, live);
        if (checked.plan === undefined) throw new DiagnosticsError(checked.diagnostics);
        // Unmanaged agents' skills are outside the checksum, so coverage is judged again on what is live now.
        plan = { ...checked.plan, coverage: applyAllowance(checkCoverage({ scope: saved!.scope, live, plan: saved! }), saved!.coverageAllowance, live) };
        plan = recheckPolicy(plan, state.desired, live);
      } else {
        plan = planFrom(loaded, dir, live, { upsert: values['no-upsert'] !== true, cost: connection.cost(), ...(target ? { target } : {}) });
      }
      if (values.force || values['allow-uncovered']) plan = { ...plan, coverage: allowCoverage(plan.coverage ?? []) };
      const out = format === 'json' ? io.stderr : io.stdout;
      out.write(renderText(plan, { color: useColor(io, format === 'json' ? 'stderr' : 'stdout') }));
      if (refusedByPolicy(io, plan, '', 'apply')) return 1;
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

      const runId = randomUUID();
      const audit = openAuditLog(auditFile, runId);
      const progress = progressReporter(io, { label: 'Applying' });
      let run;
      // Ctrl-C or a CI cancel: stop starting calls, let those in flight finish and be audited, then report.
      const interrupted = new AbortController();
      const onSignal = (name: NodeJS.Signals) => () => interrupted.abort(name);
      const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => [name, onSignal(name)] as const);
      for (const [name, handler] of handlers) process.once(name, handler);
      try {
        run = await runApply(plan, client, live, {
          signal: interrupted.signal,
          concurrency,
          readAt,
          verify,
          waveCalls: callsPerWave(rate),
          onNotice: (message) => io.stderr.write(`note: ${message}\n`),
          guard: values['no-guard'] !== true,
          audit: (entry) => audit.write(entry),
          flushAudit: () => audit.flush(),
          onProgress: (p) => progress.onProgress(p),
        });
      } finally {
        for (const [name, handler] of handlers) process.removeListener(name, handler);
        progress.done();
        audit.close();
      }
      const { result, verification } = run;
      const report = { plan, result, verification, metrics: metrics.summary(), durationMs: Date.now() - started, auditFile: relative(io.cwd, auditFile) || auditFile };
      if (format === 'json') io.stdout.write(renderApplySummary(applySummary({ command: 'apply', runId, ...report })));
      else io.stdout.write(renderApplyReport({ ...report, color: useColor(io) }));
      if (interrupted.signal.aborted) return 130;
      return result.failed === 0 && result.notAttempted.length === 0 && verification.mismatches.length === 0 ? 0 : 1;
    } finally {
      await client.close();
    }
  },
};

/** The JSON summary's parts when there was nothing to apply. */
const NOTHING_DONE = {
  runId: '',
  result: { outcomes: [], applied: 0, failed: 0, failures: [], notAttempted: [], guard: { reads: 0, waves: 0 }, upsertFallback: false, seen: new Map() },
  verification: { checked: 0, mismatches: [] },
  auditFile: '',
};



/**
 * Writes that an earlier run sent but never heard back from (it was killed) are settled from what is
 * live now, in its audit log, before anything else: in effect → applied; else → failed, for this plan.
 */
export async function settleInterrupted(io: CliIo, auditFile: string, live: LiveState): Promise<number> {
  let text: string;
  try {
    text = await readFile(auditFile, 'utf8');
  } catch {
    return 0; // no audit log yet
  }
  const settled = settleIntents(unsettledIntents(text), live, new Date());
  if (settled.length === 0) return 0;
  appendEntries(auditFile, settled);
  const inEffect = settled.filter((e) => e.outcome === 'applied').length;
  io.stderr.write(`note: settled ${settled.length} write${settled.length === 1 ? '' : 's'} of an interrupted run from the live state (${inEffect} in effect, ${settled.length - inEffect} not): see ${relative(io.cwd, auditFile) || auditFile}\n`);
  return settled.length;
}

/** `apply PLAN` as Terraform has it, or `--plan PLAN`; one plan only. */
function savedPlanArgument(option: string | undefined, positionals: readonly string[]): string | undefined {
  if (positionals.length > 1) throw new UsageError(`apply: one saved plan at most, got ${positionals.length}: ${positionals.join(' ')}. See \`cxskills apply --help\`.`);
  if (option !== undefined && positionals.length === 1) throw new UsageError('apply: give the saved plan either as PLAN or as --plan PLAN, not both. See `cxskills apply --help`.');
  return option ?? positionals[0];
}

async function loadSavedPlan(io: CliIo, file: string): Promise<Plan> {
  const text = await readFile(await checkPlanFile(io, file), 'utf8');
  const { plan, diagnostics } = parsePlanFile(text, file);
  if (plan === undefined) throw new DiagnosticsError(diagnostics);
  return plan;
}

/**
 * The state directory a saved plan names, when --dir does not: only one under the working directory.
 * `dir` is not covered by the digest, so a plan pointing at a directory elsewhere (with a wider
 * cxskills.yaml) would choose its own scope.
 */
function savedDir(io: CliIo, plan: Plan): string {
  const rel = relative(io.cwd, resolve(io.cwd, plan.dir));
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new DiagnosticsError([
      {
        severity: 'error',
        code: 'PLAN_SCOPE_MISMATCH',
        message: `the saved plan names the state directory ${JSON.stringify(plan.dir).slice(0, 120)}, which is not under the working directory; pass --dir with the directory whose cxskills.yaml bounds this plan`,
      },
    ]);
  }
  return plan.dir;
}
