/**
 * A small RFC 4180 CSV reader: a header row, then records; fields separated by a delimiter (default `,`),
 * optionally in double quotes, where `""` is a quote and delimiters and line breaks are text. CRLF or LF
 * line ends, a leading byte-order mark ignored, blank lines skipped. Every record keeps the line it starts on.
 * An Excel `sep=;` first line sets the delimiter; a record with another number of fields than the header is
 * refused where it starts (a shifted column would otherwise give an agent someone else's skills).
 */
import type { Diagnostic } from '../model/diagnostics.js';

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  cells: string[];
}

export interface CsvTable {
  header: string[];
  records: CsvRecord[];
  diagnostics: Diagnostic[];
}

export function parseCsv(text: string, file: string, delimiter = ','): CsvTable {
  const diagnostics: Diagnostic[] = [];
  const error = (message: string, line: number, col: number) => diagnostics.push({ severity: 'error', code: 'ROSTER_CSV', message, file, line, col });
  const records: CsvRecord[] = [];
  const unmarked = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Excel writes (and reads) `sep=;` as a first line naming the delimiter of the rest.
  const sep = /^sep=([^\r\n"])[ \t]*\r?\n/i.exec(unmarked);
  if (sep !== null) delimiter = sep[1] as string;
  const src = sep !== null ? unmarked.slice(sep[0].length) : unmarked;
  let i = 0;
  let line = sep !== null ? 2 : 1;
  let col = 1;
  while (i < src.length) {
    const start = line;
    const cells: string[] = [];
    let ok = true;
    for (;;) {
      let cell = '';
      if (src[i] === '"') {
        const openLine = line;
        const openCol = col;
        i += 1;
        col += 1;
        let closed = false;
        while (i < src.length) {
          const ch = src[i]!;
          if (ch === '"' && src[i + 1] === '"') {
            cell += '"';
            i += 2;
            col += 2;
          } else if (ch === '"') {
            i += 1;
            col += 1;
            closed = true;
            break;
          } else {
            cell += ch;
            i += 1;
            if (ch === '\n') {
              line += 1;
              col = 1;
            } else col += 1;
          }
        }
        if (!closed) {
          error('a quoted field is not closed (a " is missing)', openLine, openCol);
          return { header: [], records: [], diagnostics };
        }
        if (i < src.length && src[i] !== delimiter && src[i] !== '\n' && src[i] !== '\r') {
          error(`text after a closing quote; quote the whole field and write "" for a quote inside it`, line, col);
          ok = false;
          while (i < src.length && src[i] !== delimiter && src[i] !== '\n') i += 1;
        }
      } else {
        while (i < src.length && src[i] !== delimiter && src[i] !== '\n' && src[i] !== '\r') {
          if (src[i] === '"' && ok) {
            error('a " inside an unquoted field; quote the whole field and write "" for a quote inside it', line, col);
            ok = false;
          }
          cell += src[i];
          i += 1;
          col += 1;
        }
      }
      cells.push(cell);
      if (src[i] === delimiter) {
        i += 1;
        col += 1;
        continue;
      }
      if (src[i] === '\r') i += 1;
      if (src[i] === '\n') i += 1;
      line += 1;
      col = 1;
      break;
    }
    const blank = cells.length === 1 && cells[0] === '';
    if (ok && !blank) records.push({ line: start, cells });
  }
  const [head, ...rest] = records;
  if (head === undefined) {
    if (diagnostics.length === 0) error('the roster is empty: it needs a header row naming its columns', 1, 1);
    return { header: [], records: [], diagnostics };
  }
  const wellFormed = rest.filter((r) => {
    if (r.cells.length === head.cells.length) return true;
    diagnostics.push({
      severity: 'error',
      code: 'ROSTER_CSV_COLUMNS',
      message: `row has ${r.cells.length} ${r.cells.length === 1 ? 'field' : 'fields'}, the header has ${head.cells.length}${r.cells.length === 1 && head.cells.length > 1 ? ` (is the delimiter "${delimiter}"? an Excel "sep=;" first line or --delimiter sets it)` : ''}`,
      file,
      line: r.line,
      col: 1,
    });
    return false;
  });
  return { header: head.cells.map((c) => c.trim()), records: wellFormed, diagnostics };
}
