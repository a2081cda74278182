/**
 * Reading the audit log back (JSON Lines, see audit.ts): every line checked against
 * schemas/audit-entry.schema.json. One reader for all who read it: rollback (strict: a bad line is an
 * error naming it), the settling of an interrupted run and the GitHub apply summary (they skip what the
 * reader reports). The last line cut short by a kill or a full disk is a warning, not an error.
 */
import type { Diagnostic } from '../model/diagnostics.js';
import { auditEntryProblem } from '../schema/files.js';
import type { AuditEntry } from './types.js';

/** A line as written: the executor's entry, the run it belongs to, and what apply and rollback add. */
export type LoggedEntry = Omit<AuditEntry, 'call'> & { call?: AuditEntry['call']; runId: string; rollbackOf?: string; settled?: boolean };

export interface AuditLines {
  /** Valid lines, in file order, with their line numbers. */
  entries: Array<LoggedEntry & { line: number }>;
  diagnostics: Diagnostic[];
}

export function readAuditLines(text: string, file: string): AuditLines {
  const entries: AuditLines['entries'] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    if (raw.trim() === '') return;
    const line = index + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      if (index === lines.length - 1) {
        const message = 'the last line is cut short (no newline, not JSON): a write that did not finish; it is ignored, check that pair by hand';
        diagnostics.push({ severity: 'warning', code: 'AUDIT_TRUNCATED', message, file, line, col: 1 });
      } else {
        diagnostics.push({ severity: 'error', code: 'AUDIT_INVALID', message: 'not a JSON line of an audit log', file, line, col: 1 });
      }
      return;
    }
    const problem = auditEntryProblem(parsed);
    if (problem !== undefined) {
      diagnostics.push({ severity: 'error', code: 'AUDIT_INVALID', message: `not an audit entry: ${problem}`, file, line, col: 1 });
      return;
    }
    entries.push({ ...(parsed as LoggedEntry), line });
  });
  return { entries, diagnostics };
}
