/** An approved plan run from the terminal: the progress line while it writes, then the report (text) or the summary (JSON). */
import { applySummary, renderApplySummary } from '../render/apply-summary.js';
import { renderApplyReport, type ReportWording } from '../render/apply-report.js';
import type { Plan } from '../plan/types.js';
import { executeApproved, type ExecuteApprovedOptions, type Tenant } from '../run/index.js';
import type { CliIo } from './command.js';
import { useColor } from './output.js';
import { progressReporter } from './progress.js';

export interface RunReportOptions {
  command: 'apply' | 'rollback';
  format: 'text' | 'json';
  /** The progress line's label: `Applying`, `Rolling back`. */
  label: string;
  wording?: ReportWording;
}

/** Executes `plan`, shows progress and the outcome, and returns the exit code (0, 1, or 130 when interrupted). */
export async function runAndReport(io: CliIo, plan: Plan, tenant: Tenant, execute: Omit<ExecuteApprovedOptions, 'onNotice' | 'onProgress'>, o: RunReportOptions): Promise<number> {
  const progress = progressReporter(io, { label: o.label });
  let run;
  try {
    run = await executeApproved(plan, tenant, { ...execute, onNotice: (message) => io.stderr.write(`note: ${message}\n`), onProgress: (p) => progress.onProgress(p) });
  } finally {
    progress.done();
  }
  if (o.format === 'json') io.stdout.write(renderApplySummary(applySummary({ command: o.command, ...run })));
  else io.stdout.write(renderApplyReport({ ...run, color: useColor(io), ...(o.wording ? { wording: o.wording } : {}) }));
  return run.exitCode;
}
