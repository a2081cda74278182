/** `cxskills rollback`: the inverse plan of an apply run, from its audit log; checked against what the run left, shown, then applied like any plan. */
import { readFile, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { noteSettled } from './apply.js';
import { loadState, settleInterrupted } from '../../run/index.js';
import { gate } from '../../plan/gate.js';
import { DEFAULT_RATE_PER_SECOND } from '../../cxone/policy/throttle.js';
import { DiagnosticsError, hasErrors } from '../../model/diagnostics.js';
import { hasChanges } from '../../plan/types.js';
import { serializePlan } from '../../plan/serialize.js';
import { renderText } from '../../render/index.js';
import { readAuditLog, selectRun, type RunInfo } from '../../rollback/audit-file.js';
import { buildRollbackPlan } from '../../rollback/plan.js';
import { toolVersion } from '../../version.js';
import { ExitError, UsageError, type CliIo, type Command } from '../command.js';
import { enumOption, numberOption, parse, rateOption } from '../options.js';
import { printDiagnostics, useColor } from '../output.js';
import { checkAuditSource, checkAuditTarget, checkOutFile } from '../paths.js';
import { approve } from '../approve.js';
import { withConnection } from '../connect.js';
import { runAndReport } from '../run-report.js';

const DEFAULT_AUDIT = '.cxskills/audit.jsonl';

export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'Undo an apply run from its audit log (inverse plan, checked against what the run left), like any plan',
  help: `Usage: cxskills rollback [--audit FILE] [--run-id ID] [--list] [--plan-only] [--out FILE]
                         [--auto-approve] [--allow-uncovered] [--force] [--format text|json]

Reads the audit log an apply wrote and builds the inverse plan of one run: every change the run made
(outcome applied or already-applied) is turned back: an added skill is removed, a removed skill is
added again with the proficiency and active flag it had, a changed one is set back. Changes that
failed are skipped: they never happened.

Before anything is shown, each pair is checked against the live tenant: it must still be exactly as
the run left it (the "after" the audit recorded). If anything changed since, rollback refuses
(ROLLBACK_STALE) rather than overwrite a later change; nothing is written. Then the plan is shown
and applied like any plan: approval, bulk writes, verification, audit, report.

Options:
  --audit FILE        the audit log to read (default: ${DEFAULT_AUDIT})
  --run-id ID         the run to roll back, a full run id or a unique prefix (default: the last
                      apply run in the file; rollback runs are skipped, so running rollback again
                      finishes an interrupted rollback; name a rollback run to undo it)
  --list              list the runs in the audit log and exit (no network)
  --plan-only         show the rollback plan (and save it with --out) but do not apply it; apply
                      a saved one later with 'cxskills apply --plan FILE'
  --out FILE          save the rollback plan as JSON (an ordinary plan file)
  --auto-approve      do not ask; required when stdin is not a terminal (CI)
  --allow-uncovered   roll back even when a skill or an agent is left without routing coverage
  --force             same as --allow-uncovered (a rollback has no ratio thresholds: it restores a
                      state that existed)
  --log FILE          append the rollback's own audit entries here (default: the --audit file, so
                      a rollback can itself be rolled back)
  --dir DIR           skills-state directory whose cxskills.yaml bounds the rollback (default:
                      skills-state): a skill outside its scope is refused (ROLLBACK_OUT_OF_SCOPE),
                      and the plan carries its safety limits
  --format FMT        text (default) or json (the end-of-run summary as JSON on stdout; the plan
                      goes to stderr)
  --rate N            client-side request rate limit per second (default: CXSKILLS_RATE, else
                      cxskills.yaml's rate, else ${DEFAULT_RATE_PER_SECOND})
  --concurrency N     writes in flight at once (default 4)
  -h, --help          show this help

Exit codes: 0 rolled back and verified (or nothing to roll back), 1 refused, stale, failed or not verified.`,
  async run(argv, io) {
    const { values } = parse('rollback', argv, {
      audit: { type: 'string' },
      'run-id': { type: 'string' },
      list: { type: 'boolean' },
      'plan-only': { type: 'boolean' },
      out: { type: 'string' },
      'auto-approve': { type: 'boolean' },
      'allow-uncovered': { type: 'boolean' },
      force: { type: 'boolean' },
      log: { type: 'string' },
      dir: { type: 'string' },
      format: { type: 'string' },
      rate: { type: 'string' },
      concurrency: { type: 'string' },
    });
    if (values.help) {
      io.stdout.write(`${rollbackCommand.help}\n`);
      return 0;
    }
    const format = enumOption('rollback', 'format', values.format, ['text', 'json'] as const, 'text');
    rateOption('rollback', values.rate, io.env, DEFAULT_RATE_PER_SECOND); // --rate and CXSKILLS_RATE checked before anything is read
    const concurrency = numberOption('rollback', 'concurrency', values.concurrency, 4, (n) => Number.isInteger(n) && n >= 1);
    const auditName = values.audit ?? DEFAULT_AUDIT;
    let audit = readAuditLog(await readText(io, auditName), auditName);
    if (hasErrors(audit.diagnostics)) throw new DiagnosticsError(audit.diagnostics);
    printDiagnostics(io, audit.diagnostics);
    if (values.list) {
      io.stdout.write(listRuns(audit.runs));
      return 0;
    }
    const run = selectRun(audit.runs, values['run-id']);
    if (typeof run === 'string') throw new UsageError(`rollback: ${run}.`);
    // The scope a rollback may touch and the limits it carries are the committed cxskills.yaml's, not the log's.
    const dir = values.dir ?? 'skills-state';
    const { desired } = await loadState(resolve(io.cwd, dir));
    const rate = rateOption('rollback', values.rate, io.env, desired.rate ?? DEFAULT_RATE_PER_SECOND);
    const outFile = values.out === undefined ? undefined : await checkOutFile(io, values.out, dir);
    const logFile = await checkAuditTarget(io, values.log ?? auditName, values.log === undefined ? '--audit' : '--log', dir);

    const startedAt = Date.now();
    return withConnection(io, rate, async (tenant) => {
      // The guard's first UpdatedSince read starts where this read did: a change made while the user reads the plan is seen.
      const readAt = new Date();
      const live = await tenant.readLive();
      // Writes of a killed run that reached the tenant are in its intent lines: settle them first, so they are rolled back too.
      const settled = await settleInterrupted(resolve(io.cwd, auditName), live);
      noteSettled(io, resolve(io.cwd, auditName), settled);
      if (settled.settled > 0) audit = readAuditLog(await readText(io, auditName), auditName);
      const built = buildRollbackPlan({
        entries: audit.entries.filter((e) => e.runId === run.runId),
        live,
        source: auditName,
        createdAt: new Date().toISOString(),
        toolVersion: toolVersion(),
        committed: { dir, scope: desired.scope, safety: desired.safety },
      });
      if (built.plan === undefined) {
        throw new DiagnosticsError([...built.diagnostics, { severity: 'error', code: 'ROLLBACK_REFUSED', message: `Cannot roll back run ${run.runId}: the tenant no longer matches what it left (see above).` }]);
      }
      const { plan, refusals } = gate(built.plan, { action: 'rollback', force: values.force === true, allowUncovered: values['allow-uncovered'] === true });
      const out = format === 'json' ? io.stderr : io.stdout;
      const skipped = built.restored > 0 ? `; ${built.restored} already restored, skipped` : '';
      out.write(`Rollback of run ${run.runId} (${run.started}, ${run.applied} changes applied${skipped}) from ${auditName}:\n\n`);
      out.write(renderText(plan, { color: useColor(io, format === 'json' ? 'stderr' : 'stdout') }));
      if (refusals.length > 0) throw new ExitError(refusals);
      if (values.out && outFile) {
        await writeFile(outFile, serializePlan(plan));
        io.stderr.write(`Saved the rollback plan to ${values.out}. Apply exactly this plan with: cxskills apply --plan ${values.out}\n`);
      }
      if (!hasChanges(plan) || values['plan-only']) return 0;
      if (!values['auto-approve'] && !(await approve(io, 'roll back', 'Roll back these changes in CXone?'))) {
        throw new ExitError([{ severity: 'error', code: 'ROLLBACK_CANCELLED', message: 'Rollback cancelled; nothing was changed.' }]);
      }
      return runAndReport(io, plan, tenant, {
        live,
        readAt,
        auditFile: logFile,
        auditName: relative(io.cwd, logFile) || logFile,
        // Tagged so the audit log tells rollbacks apart (and a second rollback finishes, not undoes, this one).
        tag: { rollbackOf: run.runId },
        concurrency,
        startedAt,
      }, { command: 'rollback', format, label: 'Rolling back', wording: { name: 'Rollback', rerun: 'Run rollback again to finish: pairs already restored are skipped.' } });
    });
  },
};

async function readText(io: CliIo, file: string): Promise<string> {
  const path = await checkAuditSource(io, file);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
    throw new UsageError(`rollback: cannot read the audit log ${file}${missing ? ': it does not exist (apply writes it; see --audit)' : `: ${error instanceof Error ? error.message : String(error)}`}.`);
  }
}

function listRuns(runs: readonly RunInfo[]): string {
  if (runs.length === 0) return 'The audit log holds no apply run.\n';
  const lines = runs.map((r) => `${r.runId}  ${r.started}  ${r.applied} applied, ${r.failed} failed${r.rollbackOf ? `  (rollback of ${r.rollbackOf})` : ''}`);
  return `${lines.join('\n')}\n`;
}
