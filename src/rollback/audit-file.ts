/** Reading an apply's audit log (JSON Lines, see src/apply/audit.ts) back: runs, and the typed entries of one run. */
import type { Diagnostic } from '../model/diagnostics.js';
import type { AssignmentValue } from '../model/types.js';
import type { ChangeKind } from '../plan/types.js';
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

const OUTCOMES = new Set(['applied', 'already-applied', 'failed']);
const KINDS = new Set(['add', 'update', 'remove']);

/** Every line must be a JSON object of an apply run; anything else is an error naming its line. */
export function readAuditLog(text: string, file: string): AuditRead {
  const entries: RecordedChange[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    if (raw.trim() === '') return;
    const line = index + 1;
    const problem = (message: string) => diagnostics.push({ severity: 'error', code: 'AUDIT_INVALID', message, file, line, col: 1 });
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // The last line with no newline after it is a write cut short (a full disk, a kill): its change is unknown, the rest stands.
      if (index === lines.length - 1) {
        const message = 'the last line is cut short (no newline, not JSON): a write that did not finish; it is ignored, check that pair by hand';
        diagnostics.push({ severity: 'warning', code: 'AUDIT_TRUNCATED', message, file, line, col: 1 });
      } else {
        problem('not a JSON line of an audit log');
      }
      return;
    }
    // An intent line is written before its write is sent; the outcome line after it says what happened.
    if (isIntent(parsed)) return;
    const entry = toEntry(parsed, line);
    if (typeof entry === 'string') problem(entry);
    else entries.push(entry);
  });
  return { entries, runs: summarizeRuns(entries), diagnostics };
}

function isIntent(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>).outcome === 'intent';
}

function toEntry(value: unknown, line: number): RecordedChange | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'an audit entry must be a JSON object';
  const o = value as Record<string, unknown>;
  if (typeof o.runId !== 'string' || o.runId === '') return 'no "runId"';
  if (typeof o.outcome !== 'string' || !OUTCOMES.has(o.outcome)) return `"outcome" must be one of applied, already-applied, failed`;
  if (typeof o.kind !== 'string' || !KINDS.has(o.kind)) return `"kind" must be one of add, update, remove`;
  if (!isId(o.agentId) || !isId(o.skillId)) return '"agentId" and "skillId" must be positive integers';
  const before = toValue(o.before);
  const after = toValue(o.after);
  if (before === undefined || after === undefined) return '"before" and "after" must be null or {proficiency: 1..20, active: true|false}';
  if ((o.kind === 'add') !== (before === null) || (o.kind === 'remove') !== (after === null)) return `"before"/"after" do not fit kind "${o.kind}"`;
  return {
    line,
    runId: o.runId,
    time: typeof o.time === 'string' ? o.time : '',
    outcome: o.outcome as RecordedChange['outcome'],
    kind: o.kind as ChangeKind,
    agentId: o.agentId,
    ...(typeof o.agentName === 'string' ? { agentName: o.agentName } : {}),
    skillId: o.skillId,
    ...(typeof o.skillName === 'string' ? { skillName: o.skillName } : {}),
    before,
    after,
    ...(typeof o.rollbackOf === 'string' ? { rollbackOf: o.rollbackOf } : {}),
  };
}

function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

function toValue(v: unknown): AssignmentValue | null | undefined {
  if (v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.proficiency !== 'number' || !Number.isInteger(o.proficiency) || o.proficiency < 1 || o.proficiency > 20) return undefined;
  if (typeof o.active !== 'boolean') return undefined;
  return { proficiency: o.proficiency, active: o.active };
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
