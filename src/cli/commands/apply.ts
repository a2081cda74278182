/** `cxskills apply`: execute a plan (fresh, or a reviewed saved one after a staleness check), then verify. */
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { DEFAULT_RATE_PER_SECOND } from '../../cxone/policy/throttle.js';
import { gate } from '../../plan/gate.js';
import { hasChanges } from '../../plan/index.js';
import { applySummary, renderApplySummary } from '../../render/apply-summary.js';
import { renderText } from '../../render/index.js';
import { checkCommitted, loadState, parseReviewedPlan, prepareApply, reviewedDir, type Settled } from '../../run/index.js';
import { READ_MODES } from '../../cxone/read-scope.js';
import { ExitError, UsageError, type CliIo, type Command } from '../command.js';
import { enumOption, numberOption, OPTION_INVALID, parse, rateOption, TARGET_OPTIONS, targetOptions } from '../options.js';
import { useColor } from '../output.js';
import { approve } from '../approve.js';
import { checkAuditTarget, checkPlanFile } from '../paths.js';
import { withConnection } from '../connect.js';
import { runAndReport } from '../run-report.js';

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
  --read MODE        auto (default): a saved plan that only adds and changes is checked for
                     staleness by delta (GET /agents/skills?UpdatedSince={its read}, changed agents,
                     the skills: a few pages) when it is younger than CXSKILLS_DELTA_MAX_AGE_H hours
                     (default 24; 0: never); its updates are then written as PUTs per list, which
                     fail on a pair someone removed instead of adding it back. Otherwise, and for a
                     fresh plan, the in-scope skills' lists or the whole tenant, whichever is fewer
                     pages. full: the whole tenant, no delta
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
      read: { type: 'string' },
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
    const readMode = enumOption('apply', 'read', values.read, READ_MODES, 'auto');
    const maxAgeMs = deltaMaxAgeFromEnv(io.env);
    const planFile = savedPlanArgument(values.plan, positionals);
    const target = targetOptions('apply', values);
    if (planFile !== undefined && target !== undefined) {
      throw new UsageError('apply: --agents and --skills narrow a fresh plan; a saved plan applies the narrowing it was reviewed with. Make the narrowed plan with `cxskills plan --agents … --out FILE`.', OPTION_INVALID);
    }
    const saved = planFile ? parseReviewedPlan(await readFile(await checkPlanFile(io, planFile), 'utf8'), planFile) : undefined;
    const dir = values.dir ?? (saved ? reviewedDir(saved, io.cwd) : 'skills-state');
    const state = await loadState(resolve(io.cwd, dir));
    if (saved !== undefined) checkCommitted(saved, state, io.cwd);
    const rate = rateOption('apply', values.rate, io.env, state.desired.rate ?? DEFAULT_RATE_PER_SECOND);
    const auditFile = await checkAuditTarget(io, values.audit ?? '.cxskills/audit.jsonl', '--audit', dir);
    const startedAt = Date.now();
    return withConnection(io, rate, async (tenant) => {
      const notice = (message: string) => io.stderr.write(`note: ${message}\n`);
      const prepared = await prepareApply(tenant, {
        ...(saved ? { saved } : {}),
        state,
        dir,
        auditFile,
        readMode,
        ...(maxAgeMs === undefined ? {} : { maxAgeMs }),
        upsert: values['no-upsert'] !== true,
        ...(target ? { target } : {}),
        onNotice: notice,
      });
      noteSettled(io, auditFile, prepared.settled);
      const { live, readAt, delta, tenantRows } = prepared;
      const made = prepared.plan;
      const { plan, refusals } = gate(made, { action: 'apply', force: values.force === true, allowUncovered: values['allow-uncovered'] === true });
      const out = format === 'json' ? io.stderr : io.stdout;
      out.write(renderText(plan, { color: useColor(io, format === 'json' ? 'stderr' : 'stdout') }));
      // Refused before "nothing to do": a policy error holds also when the tenant already matches the state.
      if (refusals.length > 0) throw new ExitError(refusals);
      if (!hasChanges(plan)) {
        if (format === 'json') io.stdout.write(renderApplySummary(applySummary({ ...NOTHING_DONE, command: 'apply', plan, metrics: tenant.metrics.summary(), durationMs: Date.now() - startedAt })));
        return 0;
      }
      if (!values['auto-approve'] && !(await approve(io, 'apply', 'Apply these changes to CXone?'))) throw new ExitError([CANCELLED]);
      return runAndReport(io, plan, tenant, {
        live,
        readAt,
        auditFile,
        auditName: relative(io.cwd, auditFile) || auditFile,
        concurrency,
        verify,
        guard: values['no-guard'] !== true,
        ...(delta ? { updatesPerList: true } : {}),
        ...(tenantRows === undefined ? {} : { tenantRows }),
        startedAt,
      }, { command: 'apply', format, label: 'Applying' });
    });
  },
};

const CANCELLED = { severity: 'error', code: 'APPLY_CANCELLED', message: 'Apply cancelled; nothing was changed.' } as const;

/** The JSON summary's parts when there was nothing to apply. */
const NOTHING_DONE = {
  runId: '',
  result: { outcomes: [], applied: 0, failed: 0, failures: [], notAttempted: [], guard: { reads: 0, waves: 0 }, upsertFallback: false, seen: new Map() },
  verification: { checked: 0, mismatches: [] },
  auditFile: '',
};

/** Says what settling an interrupted run's writes found, if it found any. */
export function noteSettled(io: CliIo, auditFile: string, { settled, inEffect }: Settled): void {
  if (settled === 0) return;
  io.stderr.write(`note: settled ${settled} write${settled === 1 ? '' : 's'} of an interrupted run from the live state (${inEffect} in effect, ${settled - inEffect} not): see ${relative(io.cwd, auditFile) || auditFile}\n`);
}

/** `CXSKILLS_DELTA_MAX_AGE_H`: how old (hours) a saved plan may be for the delta staleness check (default 24; 0 turns it off). */
export function deltaMaxAgeFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.CXSKILLS_DELTA_MAX_AGE_H;
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(raw.trim())) throw new UsageError(`CXSKILLS_DELTA_MAX_AGE_H must be a number of hours (0 or more), got "${raw.slice(0, 40)}".`, OPTION_INVALID);
  return Number(raw) * 3600 * 1000;
}

/** `apply PLAN` as Terraform has it, or `--plan PLAN`; one plan only. */
function savedPlanArgument(option: string | undefined, positionals: readonly string[]): string | undefined {
  if (positionals.length > 1) throw new UsageError(`apply: one saved plan at most, got ${positionals.length}: ${positionals.join(' ')}. See \`cxskills apply --help\`.`);
  if (option !== undefined && positionals.length === 1) throw new UsageError('apply: give the saved plan either as PLAN or as --plan PLAN, not both. See `cxskills apply --help`.');
  return option ?? positionals[0];
}
