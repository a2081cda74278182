/**
 * The roster's CSV reader, on csv-parse: a header row, then records; fields separated by a delimiter
 * (default `,`), optionally in double quotes (RFC 4180). CRLF, LF or CR line ends, a leading byte-order mark
 * ignored, blank lines skipped. Every record keeps the line it starts on. An Excel `sep=;` first line sets
 * the delimiter; a record with another number of fields than the header is refused where it starts (a
 * shifted column would otherwise give an agent someone else's skills).
 */
import { CsvError, parse } from 'csv-parse/sync';
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

/** Our wording for csv-parse's quote errors; anything else keeps csv-parse's message. */
const QUOTE_ERRORS: Partial<Record<CsvError['code'], string>> = {
  INVALID_OPENING_QUOTE: 'a " inside an unquoted field; quote the whole field and write "" for a quote inside it',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote; quote the whole field and write "" for a quote inside it',
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed (a " is missing)',
};

/** After these the parser no longer knows where fields start: what it reports next is noise. */
const LOSES_TRACK = new Set<string>(['CSV_INVALID_CLOSING_QUOTE', 'CSV_QUOTE_NOT_CLOSED']);

export function parseCsv(text: string, file: string, delimiter = ','): CsvTable {
  const diagnostics: Diagnostic[] = [];
  const unmarked = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Excel writes (and reads) `sep=;` as a first line naming the delimiter of the rest; csv-parse knows nothing of it.
  const sep = /^sep=([^\r\n"])[ \t]*(?:\r\n|\n|\r)/i.exec(unmarked);
  if (sep !== null) delimiter = sep[1] as string;
  const source = Buffer.from(sep !== null ? unmarked.slice(sep[0].length) : unmarked, 'utf8');
  const lines = new LineIndex(source, sep !== null ? 2 : 1);

  const { rows, errors } = readRows(source, delimiter, lines);

  const lost = errors.findIndex((e) => LOSES_TRACK.has(e.code));
  for (const e of lost === -1 ? errors : errors.slice(0, lost + 1)) {
    const message = QUOTE_ERRORS[e.code as CsvError['code']] ?? e.message;
    diagnostics.push({ severity: 'error', code: 'ROSTER_CSV', message, file, line: lines.lineOf(e.at), col: lines.colOf(e.at) });
  }
  if (lost !== -1) return { header: [], records: [], diagnostics };

  let start = 0;
  const records: CsvRecord[] = [];
  for (const row of rows) {
    if ('skippedAt' in row) {
      // The skipped record runs to the end of its line (a quoted line break in it would end it later; a rare guess).
      start = Math.max(start, lines.nextLine(row.skippedAt));
      continue;
    }
    // A line of just `""` is as blank as an empty one.
    if (!(row.cells.length === 1 && row.cells[0] === '')) records.push({ line: lines.lineOf(lines.skipBreaks(start)), cells: row.cells });
    start = row.end;
  }
  const [head, ...rest] = records;
  if (head === undefined) {
    if (diagnostics.length === 0) diagnostics.push({ severity: 'error', code: 'ROSTER_CSV', message: 'the roster is empty: it needs a header row naming its columns', file, line: 1, col: 1 });
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

/**
 * Where the field csv-parse choked on starts, as near as its error tells: `bytes` is the offset of the
 * delimiter before that field, or where the record's text starts (blank lines included) for its first field.
 */
interface ParseError {
  code: string;
  message: string;
  /** Byte offset where the offending field starts. */
  at: number;
}

/** csv-parse's records (with where each ends) and its errors, in the order met: a skipped record lies between the records around it. */
function readRows(source: Buffer, delimiter: string, lines: LineIndex): { rows: Array<{ end: number; cells: string[] } | { skippedAt: number }>; errors: ParseError[] } {
  const rows: Array<{ end: number; cells: string[] } | { skippedAt: number }> = [];
  const errors: ParseError[] = [];
  try {
    parse(source, {
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error === undefined) return undefined;
        const e = errorOf(error, delimiter, lines);
        errors.push(e);
        rows.push({ skippedAt: e.at });
        return undefined;
      },
      // Collected here rather than returned, with where each ends: csv-parse's own line count is off under mixed line ends.
      on_record: (cells, info) => {
        rows.push({ end: info.bytes, cells });
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    errors.push(errorOf(error, delimiter, lines));
  }
  return { rows, errors };
}

function errorOf(error: CsvError, delimiter: string, lines: LineIndex): ParseError {
  const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const bytes = num(error.bytes) ?? 0;
  const index = num(error.index);
  const at = index === undefined ? bytes : index === 0 ? lines.skipBreaks(bytes) : bytes + Buffer.byteLength(delimiter);
  return { code: error.code, message: error.message, at };
}

/** Byte offsets → 1-based line numbers of the parsed text (a line ends at LF, CRLF or a lone CR). */
class LineIndex {
  readonly #starts: number[] = [0];
  readonly #source: Buffer;
  readonly #first: number;

  constructor(source: Buffer, first: number) {
    this.#source = source;
    this.#first = first;
    for (let i = 0; i < source.length; i++) {
      const byte = source[i];
      if (byte === 0x0a || (byte === 0x0d && source[i + 1] !== 0x0a)) this.#starts.push(i + 1);
    }
  }

  lineOf(offset: number): number {
    return this.#first + this.#index(offset);
  }

  /** 1-based column (in characters) of `offset` on its line. */
  colOf(offset: number): number {
    return this.#source.subarray(this.#starts[this.#index(offset)], offset).toString('utf8').length + 1;
  }

  /** Where the line after the one holding `offset` starts. */
  nextLine(offset: number): number {
    return this.#starts[this.#index(offset) + 1] ?? this.#source.length;
  }

  #index(offset: number): number {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The first offset at or after `offset` that is not a line break: where a record after blank lines starts. */
  skipBreaks(offset: number): number {
    let i = offset;
    while (this.#source[i] === 0x0a || this.#source[i] === 0x0d) i++;
    return i;
  }
}
