/** The machine-readable end-of-apply summary (`apply --format json`, `rollback --format json`): outcome, verification and call metrics. */
import type { ApplyOutcome } from '../apply/run.js';

export const APPLY_SUMMARY_FORMAT_VERSION = 1;

export interface ApplySummaryInput extends ApplyOutcome {
  command: 'apply' | 'rollback';
  runId: string;
}

export interface ApplySummary {
  formatVersion: typeof APPLY_SUMMARY_FORMAT_VERSION;
  command: 'apply' | 'rollback';
  status: 'complete' | 'incomplete';
  runId: string;
  planDigest: string | null;
  changes: { planned: number; add: number; update: number; remove: number; applied: number; failed: number; notAttempted: number };
  /** Set when the run stopped starting calls (the same lasting failure repeated): what, and what to check. */
  stopped: { code: string; message: string; hint: string } | null;
  /** How the writes went: guard reads, waves, whether the server lacked the bulk upsert. */
  writes: { guardReads: number; waves: number; upsertFallback: boolean };
  /** What the plan estimated for this apply, beside what it took. */
  estimate: { calls: number; seconds: number; ratePerSecond: number } | null;
  verification: { checked: number; inEffect: number; method: 'delta' | 'full'; byResults: number; mismatches: Array<{ agentId: number; skillId: number; live: { proficiency: number; active: boolean } | null }> };
  failures: Array<{ kind: string; agentId: number; agentName: string | null; skillId: number; skillName: string | null; code: string; message: string }>;
  metrics: {
    calls: { total: number; reads: number; writes: number; byRoute: Record<string, number> };
    statuses: Record<string, number>;
    retries: number;
    rateLimited: number;
    latencyMs: { p50: number; p95: number; max: number };
    durationMs: number;
  };
  auditFile: string;
}

export function applySummary(input: ApplySummaryInput): ApplySummary {
  const { plan, result, verification, metrics } = input;
  const name = (kind: 'agents' | 'skills', id: number) => plan.names[kind][String(id)] ?? null;
  const ok = result.failed === 0 && result.notAttempted.length === 0 && verification.mismatches.length === 0;
  const estimate = plan.estimate;
  return {
    formatVersion: APPLY_SUMMARY_FORMAT_VERSION,
    command: input.command,
    status: ok ? 'complete' : 'incomplete',
    runId: input.runId,
    planDigest: plan.digest ?? null,
    changes: { planned: plan.changes.length, add: plan.counts.add, update: plan.counts.update, remove: plan.counts.remove, applied: result.applied, failed: result.failed, notAttempted: result.notAttempted.length },
    stopped: result.stopped ?? null,
    writes: { guardReads: result.guard.reads, waves: result.guard.waves, upsertFallback: result.upsertFallback },
    estimate: estimate ? { calls: estimate.reads.staleness + estimate.reads.guard + estimate.reads.verify + estimate.writes, seconds: estimate.seconds, ratePerSecond: estimate.ratePerSecond } : null,
    verification: {
      checked: verification.checked,
      inEffect: verification.checked - verification.mismatches.length,
      method: verification.method ?? 'full',
      byResults: verification.byResults ?? 0,
      mismatches: verification.mismatches.map((m) => ({ agentId: m.change.agentId, skillId: m.change.skillId, live: m.live })),
    },
    failures: result.failures.map((f) => ({
      kind: f.change.kind,
      agentId: f.change.agentId,
      agentName: name('agents', f.change.agentId),
      skillId: f.change.skillId,
      skillName: name('skills', f.change.skillId),
      code: f.code,
      message: f.message,
    })),
    metrics: {
      calls: { total: metrics.calls.reads + metrics.calls.writes, reads: metrics.calls.reads, writes: metrics.calls.writes, byRoute: metrics.calls.byRoute },
      statuses: metrics.statuses,
      retries: metrics.retries,
      rateLimited: metrics.rateLimited,
      latencyMs: metrics.latencyMs,
      durationMs: Math.round(input.durationMs),
    },
    auditFile: input.auditFile,
  };
}

export function renderApplySummary(summary: ApplySummary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}
