/** Reading an apply's audit log (JSON Lines, see src/apply/audit.ts) back: runs, and the typed entries of one run. */
import type { Diagnostic } from '../model/diagnostics.js';
import { readAuditLines, type LoggedEntry } from '../apply/audit-read.js';
import type { AuditEntry } from '../apply/execute.js';

/** An audit line as read back: what the executor wrote (src/apply/execute.ts), less the call details. */
export interface RecordedChange extends Omit<AuditEntry, 'call' | 'error'> {
  line: number;
  runId: string;
  /** Set on the entries a rollback wrote: the run it rolled back. */
  rollbackOf?: string;
}

export interface RunInfo {
  runId: string;
  /** Time of the run's first and last entries. */
  started: string;
  ended: string;
  entries: number;
  applied: number;
  failed: number;
  /** When this run was a rollback: the run it rolled back. */
  rollbackOf?: string;
}

export interface AuditRead {
  entries: RecordedChange[];
  runs: RunInfo[];
  diagnostics: Diagnostic[];
}

/** Every line must be an entry of an apply run (schemas/audit-entry.schema.json); anything else is an error naming its line. */
export function readAuditLog(text: string, file: string): AuditRead {
  const { entries: lines, diagnostics } = readAuditLines(text, file);
  // An intent line is written before its write is sent; the outcome line after it says what happened.
  const entries = lines.filter((e) => e.outcome !== 'intent').map(toEntry);
  return { entries, runs: summarizeRuns(entries), diagnostics };
}

function toEntry(e: LoggedEntry & { line: number }): RecordedChange {
  return {
    line: e.line,
    runId: e.runId,
    time: e.time ?? '',
    outcome: e.outcome as RecordedChange['outcome'],
    kind: e.kind,
    agentId: e.agentId,
    ...(e.agentName !== undefined ? { agentName: e.agentName } : {}),
    skillId: e.skillId,
    ...(e.skillName !== undefined ? { skillName: e.skillName } : {}),
    before: e.before,
    after: e.after,
    ...(e.rollbackOf !== undefined ? { rollbackOf: e.rollbackOf } : {}),
  };
}

function summarizeRuns(entries: readonly RecordedChange[]): RunInfo[] {
  const runs = new Map<string, RunInfo>();
  for (const e of entries) {
    let run = runs.get(e.runId);
    if (run === undefined) {
      run = { runId: e.runId, started: e.time, ended: e.time, entries: 0, applied: 0, failed: 0, ...(e.rollbackOf ? { rollbackOf: e.rollbackOf } : {}) };
      runs.set(e.runId, run);
    }
    run.entries += 1;
    run.ended = e.time;
    if (e.outcome === 'failed') run.failed += 1;
    else run.applied += 1;
  }
  return [...runs.values()];
}

/**
 * The run named by `id` (a full id or a unique prefix), or else the last run of the file that is not
 * itself a rollback: running rollback twice finishes the first rollback instead of undoing it.
 */
export function selectRun(runs: readonly RunInfo[], id: string | undefined): RunInfo | string {
  if (runs.length === 0) return 'the audit log holds no apply run';
  if (id === undefined) {
    const applies = runs.filter((r) => r.rollbackOf === undefined);
    return applies[applies.length - 1] ?? 'the audit log holds only rollback runs; name one with --run-id to undo it';
  }
  const exact = runs.find((r) => r.runId === id);
  if (exact) return exact;
  const matches = runs.filter((r) => r.runId.startsWith(id));
  if (matches.length === 1) return matches[0]!;
  const known = runs.map((r) => r.runId).join(', ');
  return matches.length === 0 ? `no run "${id}" in the audit log (runs: ${known})` : `"${id}" matches several runs (${matches.map((r) => r.runId).join(', ')}); give more of the id`;
}
