/**
 * An approved plan, executed: the audit log opened for this run (write-ahead), the writes, the
 * verification, the metrics, and Ctrl-C or a CI cancel turned into a clean stop (calls in flight finish
 * and are audited, nothing new starts). Apply and rollback both end here; so does the bench.
 */
import { randomUUID } from 'node:crypto';
import { openAuditLog } from '../apply/audit.js';
import { runApply, type ApplyOutcome, type VerifyMode } from '../apply/run.js';
import type { AuditEntry } from '../apply/execute.js';
import type { LiveState } from '../model/types.js';
import type { Plan } from '../plan/types.js';
import type { Tenant } from './tenant.js';
import { callsPerWave } from './tenant.js';

export interface ExecuteApprovedOptions {
  /** The tenant as read before the run (to choose how to verify). */
  live: LiveState;
  /** When that read began: the guard's first `UpdatedSince` starts there. */
  readAt?: Date;
  /** Where the audit lines go (absolute), and how the report names it. */
  auditFile: string;
  auditName: string;
  /** Extra fields on every audit line (a rollback names the run it undoes). */
  tag?: Record<string, string>;
  concurrency?: number;
  verify?: VerifyMode;
  /** The wave guard (default on). */
  guard?: boolean;
  /** Updates as PUTs per list, not in upserts (after a delta staleness check: a PUT does not add back a pair someone removed). */
  updatesPerList?: boolean;
  /** Rows of the whole tenant when `live` holds fewer (for choosing how to verify). */
  tenantRows?: number;
  /** When the command started, for the run's duration (default: now). */
  startedAt?: number;
  onNotice?(message: string): void;
  onProgress?(progress: { callsDone: number; callsTotal: number; changesApplied: number; changesFailed: number }): void;
}

export interface ApprovedRun extends ApplyOutcome {
  runId: string;
  /** Milliseconds spent writing and verifying. */
  timings: { writeMs: number; verifyMs: number };
  /** Stopped by SIGINT or SIGTERM. */
  interrupted: boolean;
  /** 0 every change applied and verified, 1 failed, not attempted or not verified, 130 interrupted. */
  exitCode: number;
}

export async function executeApproved(plan: Plan, tenant: Tenant, options: ExecuteApprovedOptions): Promise<ApprovedRun> {
  const startedAt = options.startedAt ?? Date.now();
  const runId = randomUUID();
  const audit = openAuditLog<AuditEntry>(options.auditFile, runId);
  const stop = stopOnSignals();
  try {
    const { result, verification, timings } = await runApply(plan, tenant.client, options.live, {
      signal: stop.signal,
      concurrency: options.concurrency ?? 4,
      ...(options.readAt ? { readAt: options.readAt } : {}),
      ...(options.verify ? { verify: options.verify } : {}),
      waveCalls: callsPerWave(tenant.ratePerSecond),
      guard: options.guard ?? true,
      ...(options.updatesPerList ? { updatesPerList: true } : {}),
      ...(options.tenantRows === undefined ? {} : { tenantRows: options.tenantRows }),
      ...(options.onNotice ? { onNotice: options.onNotice } : {}),
      audit: (entry) => audit.write(options.tag ? ({ ...entry, ...options.tag } as AuditEntry) : entry),
      flushAudit: () => audit.flush(),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const interrupted = stop.signal.aborted;
    const clean = result.failed === 0 && result.notAttempted.length === 0 && verification.mismatches.length === 0;
    return {
      runId,
      plan,
      result,
      verification,
      metrics: tenant.metrics.summary(),
      durationMs: Date.now() - startedAt,
      auditFile: options.auditName,
      timings,
      interrupted,
      exitCode: interrupted ? 130 : clean ? 0 : 1,
    };
  } finally {
    stop.dispose();
    audit.close();
  }
}

/** An abort signal raised by SIGINT or SIGTERM while the run lasts. */
function stopOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => [name, () => controller.abort(name)] as const);
  for (const [name, handler] of handlers) process.once(name, handler);
  return { signal: controller.signal, dispose: () => handlers.forEach(([name, handler]) => process.removeListener(name, handler)) };
}
