import { describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../src/config/index.js';
import { csvField, toCsv } from '../../src/export/csv.js';
import { renderCsv, renderExportJson } from '../../src/export/render.js';
import { desiredRows, desiredRowsOffline, liveRows, scopedLiveRows } from '../../src/export/rows.js';
import { applySummary } from '../../src/render/apply-summary.js';
import { makePlan } from '../fixtures/plans/build.js';
import { agent, desired, live, skill } from '../helpers/state.js';
import { expectGolden } from '../render/golden.js';

const tenant = live(
  [agent(1, 'zed'), agent(2, 'ann'), agent(3, 'bob')],
  [skill(101, 'Billing EN'), skill(102, 'Sales, "EN"'), skill(103, 'Retention')],
  [
    [1, 101, 3],
    [2, 102, 5, false],
    [2, 101, 1],
    [3, 103, 20],
  ],
);

describe('CSV', () => {
  it('quotes exactly the fields that need it (comma, quote, line break, edge spaces) and doubles quotes', () => {
    expect(['plain', 'a,b', 'say "hi"', 'two\nlines', ' pad', 3, true, null].map(csvField)).toEqual(['plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '" pad"', '3', 'true', '']);
    expect(toCsv(['a', 'b'], [[1, 'x']])).toBe('a,b\r\n1,x\r\n');
  });

  it('defuses text a spreadsheet would run as a formula (=, +, -, @, tab, CR first), and leaves numbers alone', () => {
    expect(['=HYPERLINK("http://x")', '+1', '-Sales', '@SUM(A1)', '\tx', 'a=b', -3].map(csvField)).toEqual([
      '"\'=HYPERLINK(""http://x"")"',
      "'+1",
      "'-Sales",
      "'@SUM(A1)",
      // The leading tab makes csv-stringify quote it too: harmless, the cell still reads as text.
      '"\'\tx"',
      'a=b',
      '-3',
    ]);
  });

  it('defuses full-width formula signs and CR too, and quotes what holds a line break', () => {
    expect(['\uff1dSUM(A1)', '\uff0b1', '\uff0d1', '\uff20x', '\rx', 'a\r\nb'].map(csvField)).toEqual(["'\uff1dSUM(A1)", "'\uff0b1", "'\uff0d1", "'\uff20x", '"\'\rx"', '"a\r\nb"']);
  });

  it('writes a round trip of tricky cells that a CSV reader gives back as written (formula signs defused)', async () => {
    const { parse } = await import('csv-parse/sync');
    const cells = ['a,b', 'say "hi"', 'two\nlines', 'cr\ronly', 'crlf\r\nend', ' pad ', '=1+1', 'é ü 中'];
    const text = toCsv(cells.map((_, i) => `c${i}`), [cells]);
    expect(text.endsWith('\r\n')).toBe(true);
    // Read as a spreadsheet would: any line end ends a record unless it is inside quotes.
    expect(parse(text, { record_delimiter: ['\r\n', '\n', '\r'] })).toEqual([cells.map((_, i) => `c${i}`), ['a,b', 'say "hi"', 'two\nlines', 'cr\ronly', 'crlf\r\nend', ' pad ', "'=1+1", 'é ü 中']]);
  });

  it('writes the export of a tenant with tricky names byte for byte as before (golden)', () => {
    const tricky = live(
      [agent(1, 'zed'), agent(2, ' ann '), agent(3, '@bob'), agent(4, 'chloé.m')],
      [skill(101, 'Billing EN'), skill(102, 'Sales, "EN"'), skill(103, '=HYPERLINK("x")'), skill(104, 'two\nlines'), skill(105, '-Retention')],
      [
        [1, 101, 3],
        [2, 102, 5, false],
        [3, 103, 20],
        [4, 104, 1],
        [4, 105, 7, false],
      ],
    );
    expectGolden('export-tricky.csv', renderCsv(liveRows(tricky)));
  });

  it('defuses a hostile skill name in an export', () => {
    const hostile = live([agent(1, '=cmd|\' /C calc\'!A0')], [skill(101, '@Billing')], [[1, 101, 3]]);
    expect(renderCsv(liveRows(hostile)).split('\r\n')[1]).toBe("1,'=cmd|' /C calc'!A0,101,'@Billing,3,true,,");
  });
});

describe('export rows', () => {
  it('lists live assignments sorted by userName then skill, optionally only skills matching patterns', () => {
    expect(renderCsv(liveRows(tenant))).toBe(
      'agentId,userName,skillId,skillName,proficiency,active,from,until\r\n' +
        '2,ann,101,Billing EN,1,true,,\r\n' +
        '2,ann,102,"Sales, ""EN""",5,false,,\r\n' +
        '3,bob,103,Retention,20,true,,\r\n' +
        '1,zed,101,Billing EN,3,true,,\r\n',
    );
    expect(liveRows(tenant, ['Billing *']).map((r) => `${r.userName}/${r.skillName}`)).toEqual(['ann/Billing EN', 'zed/Billing EN']);
  });

  it('resolves the desired state against the tenant as plan does, and reports unknown names', () => {
    const { rows, diagnostics } = desiredRows(desired({ '1': { Retention: 4 }, 'ann@example.test': { 'Billing EN': [2, false] } }), tenant);
    expect(diagnostics).toEqual([]);
    expect(rows).toEqual([
      { agentId: 2, userName: 'ann', skillId: 101, skillName: 'Billing EN', proficiency: 2, active: false, from: null, until: null },
      { agentId: 1, userName: 'zed', skillId: 103, skillName: 'Retention', proficiency: 4, active: true, from: null, until: null },
    ]);
    expect(desiredRows(desired({ nobody: { 'Billing EN': 1 } }), tenant).diagnostics.map((d) => d.code)).toEqual(['UNKNOWN_AGENT']);
  });

  it('exports the desired state offline with keys as written', () => {
    expect(desiredRowsOffline(desired({ '7': { B: 1 }, 'ann@example.test': { A: 2 } }))).toEqual([
      { agentId: 7, userName: '7', skillId: null, skillName: 'B', proficiency: 1, active: true, from: null, until: null },
      { agentId: null, userName: 'ann@example.test', skillId: null, skillName: 'A', proficiency: 2, active: true, from: null, until: null },
    ]);
  });

  it('renders versioned JSON', () => {
    const json = JSON.parse(renderExportJson(liveRows(tenant, ['Retention']), 'live'));
    expect(json).toEqual({ formatVersion: 1, source: 'live', count: 1, assignments: [{ agentId: 3, userName: 'bob', skillId: 103, skillName: 'Retention', proficiency: 20, active: true, from: null, until: null }] });
  });
});

describe('applySummary', () => {
  it('carries outcome, failures with names, verification and call metrics', () => {
    const change = { kind: 'add' as const, agentId: 1, skillId: 101, after: { proficiency: 3, active: true, from: null, until: null } };
    const plan = makePlan({ changes: [change], managedAgents: 1, managedAssignments: 0, names: { agents: { '1': 'zed' }, skills: {} } });
    const summary = applySummary({
      command: 'apply',
      runId: 'r1',
      plan,
      result: { outcomes: [], applied: 0, failed: 1, failures: [{ change, code: 'CXONE_INVALID_ITEMS', message: 'no' }], notAttempted: [], guard: { reads: 2, waves: 1 }, upsertFallback: false, seen: new Map() },
      verification: { checked: 0, mismatches: [] },
      metrics: { calls: { reads: 3, writes: 2, byRoute: { 'GET /agents': 1 } }, statuses: { '200': 5 }, retries: 1, rateLimited: 1, latencyMs: { p50: 4, p95: 9, max: 12 } },
      durationMs: 1234.4,
      auditFile: 'a.jsonl',
    });
    expect(summary).toMatchObject({
      formatVersion: 1,
      status: 'incomplete',
      changes: { planned: 1, add: 1, applied: 0, failed: 1 },
      failures: [{ kind: 'add', agentName: 'zed', skillName: null, code: 'CXONE_INVALID_ITEMS' }],
      metrics: { calls: { total: 5, reads: 3, writes: 2 }, retries: 1, rateLimited: 1, latencyMs: { p50: 4, p95: 9 }, durationMs: 1234 },
    });
  });
});

describe('live export within a directory\'s scope', () => {
  it('keeps the managed agents × in-scope skills as they are live, narrowed further by --skills', () => {
    const state = desired({ zed: { 'Billing EN': 1 }, ann: { 'Billing EN': 2 } }, { skills: ['Billing *', 'Sales*'] });
    const { rows, diagnostics } = scopedLiveRows(state, tenant);
    expect(diagnostics).toEqual([]);
    expect(rows.map((r) => `${r.userName} ${r.skillName} ${r.proficiency}`)).toEqual(['ann Billing EN 1', 'ann Sales, "EN" 5', 'zed Billing EN 3']);
    expect(scopedLiveRows(state, tenant, ['Sales*']).rows.map((r) => r.userName)).toEqual(['ann']);
  });

  it('takes every agent of the tenant with agents: all', () => {
    const { rows } = scopedLiveRows(desired({}, { skills: ['Retention'], agents: 'all' }), tenant);
    expect(rows.map((r) => r.userName)).toEqual(['bob']);
  });
});

describe('export of windows', () => {
  const load = (text: string) => {
    const r = parseDesiredState('s', [{ path: 'cxskills.yaml', text: 'version: 1\nscope:\n  skills: ["*"]\ntimeZone: Europe/Berlin\n' }, { path: 'a.yaml', text }]);
    if (r.state === undefined) throw new Error(JSON.stringify(r.diagnostics));
    return r.state;
  };
  const state = load('agents:\n  ann:\n    skills:\n      Billing EN: { proficiency: 2, from: 2026-12-02, until: 2026-12-24 }\n      Retention: { proficiency: 6, from: 2026-12-10, outside: inactive }\n');

  it('carries from/until columns: one row per stretch of a windowed assignment from now on, inactive stretches too', () => {
    const csv = renderCsv(desiredRows(state, tenant, Date.parse('2026-12-01T12:00:00Z')).rows);
    expect(csv).toBe(
      'agentId,userName,skillId,skillName,proficiency,active,from,until\r\n' +
        '2,ann,101,Billing EN,2,true,2026-12-01T23:00:00.000Z,2026-12-23T23:00:00.000Z\r\n' +
        '2,ann,103,Retention,6,false,,2026-12-09T23:00:00.000Z\r\n' +
        '2,ann,103,Retention,6,true,2026-12-09T23:00:00.000Z,\r\n',
    );
  });

  it('leaves out stretches that ended before the instant, offline as well', () => {
    expect(desiredRowsOffline(state, Date.parse('2026-12-24T12:00:00Z')).map((r) => `${r.skillName} ${r.active} ${r.from} ${r.until}`)).toEqual(['Retention true 2026-12-09T23:00:00.000Z null']);
  });
});
