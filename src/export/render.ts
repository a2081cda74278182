/** Export rows as CSV (one header row, the columns of EXPORT_COLUMNS) or as versioned JSON. */
import { toCsv } from './csv.js';
import { EXPORT_COLUMNS, type ExportRow } from './rows.js';

export const EXPORT_FORMAT_VERSION = 1;

export type ExportSource = 'live' | 'desired';

export function renderCsv(rows: readonly ExportRow[]): string {
  return toCsv(EXPORT_COLUMNS, rows.map((r) => EXPORT_COLUMNS.map((c) => r[c])));
}

export function renderExportJson(rows: readonly ExportRow[], source: ExportSource): string {
  return `${JSON.stringify({ formatVersion: EXPORT_FORMAT_VERSION, source, count: rows.length, assignments: rows }, null, 2)}\n`;
}
