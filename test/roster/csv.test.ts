import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/export/csv.js';
import { parseCsv } from '../../src/roster/csv.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and keeps each record\'s starting line', () => {
    const t = parseCsv('\ufeffa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\n\n3,z,last', 'r.csv');
    expect(t.diagnostics).toEqual([]);
    expect(t.header).toEqual(['a', 'b', 'c']);
    expect(t.records).toEqual([
      { line: 2, cells: ['1', 'x, y', 'say "hi"'] },
      { line: 3, cells: ['2', 'two\nlines', ''] },
      { line: 6, cells: ['3', 'z', 'last'] },
    ]);
  });

  it('reads another delimiter', () => {
    expect(parseCsv('a;b\n1;"2;3"\n', 'r.csv', ';').records).toEqual([{ line: 2, cells: ['1', '2;3'] }]);
  });

  it('names the line and the column where the field with a stray or unclosed quote starts', () => {
    const stray = parseCsv('a,b\n1,x"y\n2,ok\n', 'r.csv');
    expect(stray.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`)).toEqual(['2:3 ROSTER_CSV a " inside an unquoted field; quote the whole field and write "" for a quote inside it']);
    expect(stray.records).toEqual([{ line: 3, cells: ['2', 'ok'] }]);
    expect(parseCsv('a,b\nx"y,1\n', 'r.csv').diagnostics.map((d) => `${d.line}:${d.col}`)).toEqual(['2:1']);
    expect(parseCsv('a,b,c\n1,été,zz"z\n', 'r.csv').diagnostics.map((d) => `${d.line}:${d.col}`)).toEqual(['2:7']);
    // After a bad closing quote the parser cannot tell where fields start: one error, not a cascade.
    const after = parseCsv('a,b\n1,"x"y\n3,4\n', 'r.csv');
    expect(after.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual(['2:3 text after a closing quote; quote the whole field and write "" for a quote inside it']);
    expect(after.records).toEqual([]);
    const open = parseCsv('a,b\n1,"never closed\n2,3\n', 'r.csv');
    expect(open.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual(['2:3 a quoted field is not closed (a " is missing)']);
  });

  it('skips a line holding only "" as it skips an empty one', () => {
    expect(parseCsv('a,b\n""\n1,2\n', 'r.csv')).toEqual({ header: ['a', 'b'], records: [{ line: 3, cells: ['1', '2'] }], diagnostics: [] });
  });

  it('wants a header row', () => {
    expect(parseCsv('\n\n', 'r.csv').diagnostics[0]?.message).toBe('the roster is empty: it needs a header row naming its columns');
  });

  it('refuses a row with another number of fields than the header, where it starts, and keeps the others', () => {
    const t = parseCsv('key,team,site\na,b,c\nd,e\nf,g,h,i\nj,k,l\n', 'r.csv');
    expect(t.records.map((r) => r.line)).toEqual([2, 5]);
    expect(t.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`)).toEqual([
      '3:1 ROSTER_CSV_COLUMNS row has 2 fields, the header has 3',
      '4:1 ROSTER_CSV_COLUMNS row has 4 fields, the header has 3',
    ]);
  });

  it('takes the delimiter from an Excel "sep=;" first line, after a byte-order mark, and counts lines from it', () => {
    const t = parseCsv('\ufeffsep=;\r\nkey;team\r\nana;"Sales; EN"\r\n', 'r.csv');
    expect(t.diagnostics).toEqual([]);
    expect(t.header).toEqual(['key', 'team']);
    expect(t.records).toEqual([{ line: 3, cells: ['ana', 'Sales; EN'] }]);
  });

  it('strips a byte-order mark before the header, so the first column keeps its name', () => {
    const t = parseCsv('\ufeffkey,team\nana,Sales\n', 'r.csv');
    expect(t.header).toEqual(['key', 'team']);
    expect(t.header[0]?.charCodeAt(0)).toBe(0x6b);
  });

  it('reads CR-only line ends (old Mac exports) and counts their lines', () => {
    expect(parseCsv('key,team\rana,Sales\r\rbo,Support\r', 'r.csv').records).toEqual([
      { line: 2, cells: ['ana', 'Sales'] },
      { line: 4, cells: ['bo', 'Support'] },
    ]);
  });

  it('refuses a short row after a multi-line quoted field at the line where the short row starts', () => {
    const t = parseCsv('key,team,site\nana,"Sales\nEN",x\nbo,Support\n', 'r.csv');
    expect(t.records).toEqual([{ line: 2, cells: ['ana', 'Sales\nEN', 'x'] }]);
    expect(t.diagnostics.map((d) => `r.csv:${d.line} ${d.code}`)).toEqual(['r.csv:4 ROSTER_CSV_COLUMNS']);
  });

  it('takes a lowercase or uppercase "sep=" line with a tab, and reads nothing into it when absent', () => {
    expect(parseCsv('SEP=\t\nkey\tteam\nana\tSales\n', 'r.csv').records).toEqual([{ line: 3, cells: ['ana', 'Sales'] }]);
    expect(parseCsv('sep,team\nana,Sales\n', 'r.csv').header).toEqual(['sep', 'team']);
  });

  it('says the delimiter may be wrong when every row is one field', () => {
    const t = parseCsv('key,team\nana;Sales\n', 'r.csv');
    expect(t.diagnostics[0]?.message).toBe('row has 1 field, the header has 2 (is the delimiter ","? an Excel "sep=;" first line or --delimiter sets it)');
  });

  it('reads back what the export writer writes: any cells, quotes, commas, line breaks, each record on its line', () => {
    // No leading formula sign (the writer defuses those) and a header of plain names (the reader trims it).
    const cell = fc.stringMatching(/^(?:[^=+\-@\t\r\ufeff\uff1d\uff0b\uff0d\uff20][^\r]*)?$/);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((width) => fc.tuple(fc.constant(width), fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 6 }))), ([width, rows]) => {
        const header = Array.from({ length: width }, (_, i) => `c${i}`);
        const kept = rows.filter((r) => !(r.length === 1 && r[0] === ''));
        const table = parseCsv(toCsv(header, rows), 'r.csv');
        expect(table.diagnostics).toEqual([]);
        expect(table.header).toEqual(header);
        expect(table.records.map((r) => r.cells)).toEqual(kept);
        // Each record starts one line after the previous row ends (CRLF ends a line; a quoted LF is text on a new line).
        const lines: number[] = [];
        let line = 2;
        for (const r of rows) {
          if (!(r.length === 1 && r[0] === '')) lines.push(line);
          line += r.join(',').split('\n').length;
        }
        expect(table.records.map((r) => r.line)).toEqual(lines);
      }),
      { numRuns: 500 },
    );
  });
});
