import { describe, expect, it } from 'vitest';
import { parsePlanFile } from '../../src/run/plan-file.js';
import { serializePlan } from '../../src/plan/serialize.js';
import { readAuditLog, selectRun, type RecordedChange } from '../../src/rollback/audit-file.js';
import { inverseOf } from '../../src/rollback/inverse.js';
import { buildRollbackPlan, escapeGlob } from '../../src/rollback/plan.js';
import { compileSkillScope } from '../../src/config/index.js';
import { agent, live, skill } from '../helpers/state.js';

const T = '2026-03-01T10:00:00.000Z';
const call = { method: 'POST', path: '/agents/1/skills', attempt: 1 };

function line(runId: string, e: Partial<RecordedChange> & Pick<RecordedChange, 'kind' | 'agentId' | 'skillId' | 'before' | 'after'>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ runId, time: T, outcome: 'applied', call, ...e, ...extra });
}

const v = (proficiency: number, active = true) => ({ proficiency, active });

const AUDIT = [
  line('run-a', { kind: 'add', agentId: 1, skillId: 101, before: null, after: v(3) }),
  line('run-a', { kind: 'remove', agentId: 1, skillId: 102, before: v(7, false), after: null }),
  line('run-a', { kind: 'update', agentId: 2, skillId: 101, before: v(5), after: v(2) }),
  line('run-a', { kind: 'add', agentId: 2, skillId: 103, before: null, after: v(4), outcome: 'failed' }),
  line('run-a', { kind: 'update', agentId: 3, skillId: 101, before: v(9), after: v(9, false), outcome: 'already-applied' }),
  '',
].join('\n');

const skills = [skill(101, 'Billing EN'), skill(102, 'Billing ES'), skill(103, 'Sales *EN*')];
const agents = [agent(1, 'ann'), agent(2, 'bob'), agent(3, 'cy')];
/** The tenant as run-a left it. */
const after = live(agents, skills, [
  [1, 101, 3],
  [2, 101, 2],
  [3, 101, 9, false],
  [3, 103, 1],
]);

function entries(text = AUDIT, runId = 'run-a') {
  const read = readAuditLog(text, 'audit.jsonl');
  expect(read.diagnostics).toEqual([]);
  return read.entries.filter((e) => e.runId === runId);
}

describe('readAuditLog', () => {
  it('reads entries and sums up runs, in file order', () => {
    const text = `${AUDIT}${line('run-b', { kind: 'add', agentId: 1, skillId: 103, before: null, after: v(1) }, { rollbackOf: 'run-a' })}\n`;
    const read = readAuditLog(text, 'audit.jsonl');
    expect(read.entries).toHaveLength(6);
    expect(read.runs).toEqual([
      { runId: 'run-a', started: T, ended: T, entries: 5, applied: 4, failed: 1 },
      { runId: 'run-b', started: T, ended: T, entries: 1, applied: 1, failed: 0, rollbackOf: 'run-a' },
    ]);
  });

  it('names the line of anything that is not an audit entry', () => {
    const text = ['{"runId":"x"', line('r', { kind: 'add', agentId: 1, skillId: 2, before: v(1), after: v(2) }), '[1]', line('r', { kind: 'update', agentId: 1, skillId: 2, before: v(1), after: { proficiency: 0, active: true } })].join('\n');
    const read = readAuditLog(text, 'a.jsonl');
    expect(read.diagnostics.map((d) => `${d.line} ${d.code} ${d.message}`)).toEqual([
      '1 AUDIT_INVALID not a JSON line of an audit log',
      // An add starts from nothing: its "before" must be null (schemas/audit-entry.schema.json).
      '2 AUDIT_INVALID not an audit entry: /before must be null',
      '3 AUDIT_INVALID not an audit entry: the top level must be object',
      '4 AUDIT_INVALID not an audit entry: /after/proficiency must be >= 1',
    ]);
  });
});

describe('selectRun', () => {
  const runs = [
    { runId: 'aaa-1', started: T, ended: T, entries: 1, applied: 1, failed: 0 },
    { runId: 'abc-2', started: T, ended: T, entries: 1, applied: 1, failed: 0 },
    { runId: 'abd-3', started: T, ended: T, entries: 1, applied: 1, failed: 0, rollbackOf: 'abc-2' },
  ];
  it('takes the last run that is not a rollback by default, so a second rollback finishes the first', () => {
    expect(selectRun(runs, undefined)).toMatchObject({ runId: 'abc-2' });
  });
  it('takes a full id or a unique prefix, and says why it cannot', () => {
    expect(selectRun(runs, 'abd-3')).toMatchObject({ runId: 'abd-3' });
    expect(selectRun(runs, 'aa')).toMatchObject({ runId: 'aaa-1' });
    expect(selectRun(runs, 'ab')).toBe('"ab" matches several runs (abc-2, abd-3); give more of the id');
    expect(selectRun(runs, 'zz')).toBe('no run "zz" in the audit log (runs: aaa-1, abc-2, abd-3)');
    expect(selectRun([], undefined)).toBe('the audit log holds no apply run');
  });
});

describe('inverseOf', () => {
  it('removes what was added, adds back what was removed, sets back what was changed, and skips failures', () => {
    expect(inverseOf(entries()).map((i) => i.change)).toEqual([
      { kind: 'remove', agentId: 1, skillId: 101, before: v(3) },
      { kind: 'add', agentId: 1, skillId: 102, after: v(7, false) },
      { kind: 'update', agentId: 2, skillId: 101, before: v(2), after: v(5) },
      { kind: 'update', agentId: 3, skillId: 101, before: v(9, false), after: v(9) },
    ]);
  });

  it('goes from the last after back to the first before of a pair recorded twice, and drops a pair that ended where it began', () => {
    const text = [
      line('r', { kind: 'update', agentId: 1, skillId: 101, before: v(5), after: v(4) }),
      line('r', { kind: 'update', agentId: 1, skillId: 101, before: v(6), after: v(3) }),
      line('r', { kind: 'add', agentId: 2, skillId: 101, before: null, after: v(1) }),
      line('r', { kind: 'remove', agentId: 2, skillId: 101, before: v(1), after: null }),
    ].join('\n');
    expect(inverseOf(entries(text, 'r'))).toEqual([{ change: { kind: 'update', agentId: 1, skillId: 101, before: v(3), after: v(5) }, expected: v(3) }]);
  });
});

describe('buildRollbackPlan', () => {
  const build = (l = after) => buildRollbackPlan({ entries: entries(), live: l, source: 'audit.jsonl', createdAt: T, toolVersion: 'test' });

  it('is an ordinary plan: calls, names, checksum and digest, accepted by apply --plan', () => {
    const { plan, diagnostics } = build();
    expect(diagnostics).toEqual([]);
    expect(plan!.counts).toMatchObject({ add: 1, update: 2, remove: 1, managedAgents: 3 });
    expect(plan!.names).toEqual({ agents: { '1': 'ann', '2': 'bob', '3': 'cy' }, skills: { '101': 'Billing EN', '102': 'Billing ES' } });
    expect(plan!.safety).toEqual([]);
    const reread = parsePlanFile(serializePlan(plan!), 'rollback.json');
    expect(reread.diagnostics).toEqual([]);
  });

  it('refuses pairs that changed since the run, or whose agent or skill is gone', () => {
    const moved = live(agents.slice(0, 2), skills, [
      [1, 101, 4],
      [2, 101, 2],
    ]);
    const { plan, diagnostics } = build(moved);
    expect(plan).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(['ROLLBACK_STALE', 'ROLLBACK_UNKNOWN']);
    expect(diagnostics[0]!.message).toBe('ann / Billing EN changed since the run: the run left proficiency 3, live is proficiency 4. Rolling back would overwrite a later change.');
  });

  it('skips pairs already restored, so an interrupted rollback can be run again', () => {
    const half = live(agents, skills, [
      [2, 101, 5],
      [3, 101, 9],
      [3, 103, 1],
      [1, 102, 7, false],
    ]);
    const { plan, restored } = build(half);
    expect(restored).toBe(4);
    expect(plan!.changes).toEqual([]);
  });

  it('refuses to add back an assignment of a skill that became inactive', () => {
    const l = { ...after, skills: [skill(101, 'Billing EN'), skill(102, 'Billing ES', { isActive: false }), skills[2]!] };
    expect(build(l).diagnostics.map((d) => d.code)).toEqual(['SKILL_INACTIVE']);
  });

  it('escapes glob characters so the plan scope matches skill names literally', () => {
    expect(escapeGlob('Sales *EN* [x]?\\')).toBe('Sales \\*EN\\* \\[x]\\?\\\\');
    const match = compileSkillScope([escapeGlob('Sales *EN*')]);
    expect(match('Sales *EN*')).toBe(true);
    expect(match('Sales xENx')).toBe(false);
  });

  it('reports routing coverage like any plan', () => {
    const text = line('r', { kind: 'add', agentId: 3, skillId: 103, before: null, after: v(1) });
    const result = buildRollbackPlan({ entries: entries(text, 'r'), live: after, source: 'a', createdAt: T, toolVersion: 't' });
    expect(result.plan!.coverage!.map((f) => `${f.code} ${f.name}`)).toEqual(['SKILL_UNCOVERED Sales *EN*', 'AGENT_UNCOVERED cy']);
  });
});
