/**
 * RFC 4180 CSV output on csv-stringify: a header row, CRLF line ends, fields quoted when they hold a comma,
 * a quote, a line break or edge spaces; text a spreadsheet would run as a formula is defused.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvValue = string | number | boolean | null;

/**
 * csv-stringify's `escape_formulas`: text starting with `=`, `+`, `-`, `@` (or a tab or carriage return,
 * which some spreadsheets skip before reading one, or a full-width `＝ ＋ － ＠`) runs as a formula when a
 * WFM export is opened in Excel or Sheets (OWASP "CSV injection"): it gets a leading `'`, which
 * spreadsheets show as text. Numbers are left alone, so `-1` stays a number.
 */
const OPTIONS = {
  record_delimiter: 'windows',
  escape_formulas: true,
  // csv-stringify quotes a field holding its own record delimiter (CRLF) but not a lone LF or CR, which
  // readers take as a line end; and spreadsheets trim unquoted edge spaces. Both are quoted.
  quoted_match: /[\r\n]|^\s|\s$/,
  cast: { boolean: (value: boolean) => String(value) },
} as const;

export function toCsv(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<CsvValue>>): string {
  return stringify([[...columns], ...rows.map((row) => [...row])], OPTIONS);
}

/** One field as it appears in a line of `toCsv`'s output. */
export function csvField(value: CsvValue): string {
  return stringify([[value]], OPTIONS).slice(0, -'\r\n'.length);
}
