/**
 * RFC 4180 CSV output: a header row, CRLF line ends, fields quoted when they hold a comma, a quote or a line
 * break; text a spreadsheet would run as a formula is defused.
 */

/**
 * Text starting with `=`, `+`, `-`, `@` (or a tab or carriage return, which some spreadsheets skip before
 * reading one) runs as a formula when a WFM export is opened in Excel or Sheets (OWASP "CSV injection"):
 * it gets a leading `'`, which spreadsheets show as text. Numbers are left alone, so `-1` stays a number.
 */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvField(value: string | number | boolean | null): string {
  const text = value === null ? '' : typeof value === 'string' ? defuseFormula(value) : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
export function toCsv(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
