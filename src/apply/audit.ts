/** The audit log: JSON Lines, one line per change written (or found already done, or failed), synced as it happens. */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditEntry } from './execute.js';

export interface AuditLog<T extends object = AuditEntry> {
  write(entry: T): void;
  close(): void;
}

/** Appends to `file`; each line is written with one write(2), so a killed run leaves whole lines only. */
export function openAuditLog<T extends object = AuditEntry>(file: string, runId: string): AuditLog<T> {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'a');
  return {
    write(entry) {
      writeSync(fd, `${JSON.stringify({ runId, ...entry })}\n`);
    },
    close() {
      closeSync(fd);
    },
  };
}
