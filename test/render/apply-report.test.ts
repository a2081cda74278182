import { describe, it } from 'vitest';
import type { ApplyOutcome } from '../../src/apply/run.js';
import { renderApplyReport } from '../../src/render/apply-report.js';
import { applySummary, renderApplySummary } from '../../src/render/apply-summary.js';
import { smallPlan } from '../fixtures/plans/small.js';
import { expectGolden } from './golden.js';

/** The small fixture plan as apply saw it, with the estimate a plan made at 8 requests/s carries. */
const plan = {
  ...smallPlan,
  digest: 'sha256:0c1d2e3f405162738495a6b7c8d9eafb0c1d2e3f405162738495a6b7c8d9eafb',
  estimate: { ratePerSecond: 8, reads: { staleness: 3, guard: 3, verify: 0 }, writes: 6, seconds: 1.5 },
};
const change = (agentId: number, skillId: number) => {
  const found = plan.changes.find((c) => c.agentId === agentId && c.skillId === skillId);
  if (found === undefined) throw new Error(`no change ${agentId}/${skillId} in the fixture`);
  return found;
};

/** Every change written and read back from the guard's last read: fixed metrics and duration. */
const complete: ApplyOutcome = {
  plan,
  result: { outcomes: [], applied: 8, failed: 0, failures: [], notAttempted: [], guard: { reads: 2, waves: 1 }, upsertFallback: false, seen: new Map() },
  verification: { checked: 8, method: 'delta', byResults: 3, mismatches: [] },
  metrics: {
    calls: { reads: 5, writes: 6, byRoute: { 'DELETE /agents/{id}/skills': 2, 'GET /agents/skills': 5, 'POST /agents/{id}/skills': 2, 'PUT /skills/{id}/agents': 2 } },
    statuses: { '200': 11 },
    retries: 0,
    rateLimited: 0,
    latencyMs: { p50: 12, p95: 31, max: 40 },
  },
  durationMs: 1432.6,
  auditFile: '.cxskills/audit/2026-11-23T16-41-07Z.jsonl',
};

/** One item refused, one change not in effect afterwards, a breaker that opened, the upsert missing, retries and 429s. */
const incomplete: ApplyOutcome = {
  plan,
  result: {
    outcomes: [],
    applied: 4,
    failed: 1,
    failures: [{ change: change(101, 11), code: 'CXONE_INVALID_ITEMS', message: 'the API refused the item: proficiency out of range' }],
    notAttempted: [change(103, 15), change(103, 14)],
    stopped: { code: 'CXONE_SERVER_ERROR', message: '503 Service Unavailable on 5 calls in a row', hint: 'Check the CXone status page, then run apply again.' },
    guard: { reads: 3, waves: 2 },
    upsertFallback: true,
    seen: new Map(),
  },
  verification: { checked: 4, method: 'full', mismatches: [{ change: change(102, 13), live: { proficiency: 6, active: true } }] },
  metrics: {
    calls: { reads: 9, writes: 7, byRoute: { 'GET /agents/skills': 9, 'POST /agents/skills': 1, 'PUT /skills/{id}/agents': 6 } },
    statuses: { '200': 10, '429': 2, '503': 4 },
    retries: 6,
    rateLimited: 2,
    latencyMs: { p50: 15, p95: 480, max: 1210 },
  },
  durationMs: 187_000,
  auditFile: '.cxskills/audit/2026-11-23T16-41-07Z.jsonl',
};

describe('the apply report (golden)', () => {
  it('reports a complete apply: calls against the estimate, the guard, the delta verification', () => {
    expectGolden('apply-report.txt', renderApplyReport({ ...complete, color: false }));
  });

  it('reports an incomplete apply: each failure and mismatch by name, why it stopped, what was not attempted', () => {
    expectGolden('apply-report-incomplete.txt', renderApplyReport({ ...incomplete, color: false }));
    expectGolden('apply-report-incomplete-color.txt', renderApplyReport({ ...incomplete, color: true }));
  });

  it('words a rollback as a rollback', () => {
    const wording = { name: 'Rollback', rerun: 'Run rollback again to finish: pairs already restored are skipped.' };
    expectGolden('rollback-report-incomplete.txt', renderApplyReport({ ...incomplete, color: false, wording }));
  });
});

describe('the apply JSON summary (golden)', () => {
  it('summarises a complete apply', () => {
    expectGolden('apply-summary.json', renderApplySummary(applySummary({ ...complete, command: 'apply', runId: '2026-11-23T16-41-07Z' })));
  });

  it('summarises an incomplete rollback, failures named, mismatches with their live values', () => {
    expectGolden('rollback-summary-incomplete.json', renderApplySummary(applySummary({ ...incomplete, command: 'rollback', runId: '2026-11-23T16-41-07Z' })));
  });
});
