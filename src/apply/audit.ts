/**
 * The audit log: JSON Lines, written ahead. Before a write is sent, one `intent` line per item is written
 * and flushed to disk; after its answer, one outcome line per change (applied, already applied, failed).
 * A run killed at any point leaves every change that may have reached the tenant covered by an intent.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { DiagnosticsError } from '../model/diagnostics.js';
import type { AuditEntry } from './execute.js';

export interface AuditLog<T extends object = AuditEntry> {
  write(entry: T): void;
  /** Waits until what was written is on disk (before a write it announces is sent). */
  flush(): void;
  close(): void;
}

/**
 * Appends to `file`; each line is written with one write(2), so a killed run leaves whole lines only. A
 * line that cannot be written (a full disk) stops the run with AUDIT_UNWRITABLE: no write goes out that
 * the log would not show.
 */
export function openAuditLog<T extends object = AuditEntry>(file: string, runId: string): AuditLog<T> {
  const refuse = (error: unknown): never => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DiagnosticsError([{ severity: 'error', code: 'AUDIT_UNWRITABLE', message: `the audit log cannot be written (${reason}); stopped before sending anything it would not show`, file }]);
  };
  let fd: number;
  try {
    mkdirSync(dirname(file), { recursive: true });
    fd = openSync(file, 'a');
  } catch (error) {
    return refuse(error);
  }
  return {
    write(entry) {
      try {
        writeSync(fd, `${JSON.stringify({ runId, ...entry })}\n`);
      } catch (error) {
        refuse(error);
      }
    },
    flush() {
      try {
        fsyncSync(fd);
      } catch (error) {
        refuse(error);
      }
    },
    close() {
      closeSync(fd);
    },
  };
}

/** Appends lines that carry their own run id (the settled outcomes of an earlier run), flushed to disk. */
export function appendEntries(file: string, entries: ReadonlyArray<object & { runId: string }>): void {
  if (entries.length === 0) return;
  const log = openAuditLog<object>(file, '');
  try {
    for (const entry of entries) log.write(entry);
    log.flush();
  } finally {
    log.close();
  }
}
