/** cxskills as a user runs it (plan, then apply), in-process on the same modules as the CLI, with phases timed. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CxoneConfig } from '../src/cxone/index.js';
import type { Plan } from '../src/plan/index.js';
import { executeApproved, loadState, openTenant, planFromState } from '../src/run/index.js';
import type { EmulatorProcess } from './emulator-process.js';

const DRAIN_MS = 1000;

export interface CxskillsOptions {
  /** The wave guard (default true). */
  guard?: boolean;
  /** Adds and changes in upserts (default true); false: the per-agent/per-skill grouping. */
  upsert?: boolean;
}

export interface CxskillsResult {
  plan: { reads: number; wallS: number; changes: number; calls: number };
  apply: {
    reads: number;
    writes: number;
    /** Pages of `/agents/skills` read by the guard (apply's reads of that route beyond the staleness check). */
    guardPages: number;
    guardReads: number;
    waves: number;
    rateLimited: number;
    wallS: number;
    writeWallS: number;
    failed: number;
    verified: boolean;
    peakRate: number;
    upsertFallback: boolean;
  };
  planValue: Plan;
}

/** The plan as `cxskills plan` makes it, through the same application layer (src/run/), on the emulator's tenant. */
async function makePlan(dir: string, config: CxoneConfig, rate: number, upsert: boolean) {
  const state = await loadState(dir);
  const tenant = openTenant({ env: {}, config, ratePerSecond: rate, maxWaitMs: 900_000, onNotice: () => {} });
  const readAt = new Date();
  const live = await tenant.readLive();
  const plan = planFromState(state, dir, live, { upsert, cost: tenant.cost() });
  return { plan, live, tenant, readAt };
}

export async function runCxskills(dir: string, emulator: EmulatorProcess, rate: number, options: CxskillsOptions = {}): Promise<CxskillsResult> {
  const upsert = options.upsert ?? true;
  await emulator.resetStats();
  const t0 = performance.now();
  const planned = await makePlan(dir, emulator.config, rate, upsert);
  await planned.tenant.close();
  const planWall = (performance.now() - t0) / 1000;
  const planStats = await emulator.stats();

  await emulator.resetStats();
  const t1 = performance.now();
  const again = await makePlan(dir, emulator.config, rate, upsert);
  // The staleness read just filled the client's 1-second window: let it drain, so the write phase is
  // measured on its own and not behind the read phase's pacing (that second is not counted below).
  await new Promise((r) => setTimeout(r, DRAIN_MS));
  // As `cxskills apply` runs it: the audit log written ahead, the writes, the verification.
  const auditDir = await mkdtemp(join(tmpdir(), 'cxskills-bench-audit-'));
  const auditFile = join(auditDir, 'audit.jsonl');
  const run = await executeApproved(again.plan, again.tenant, { live: again.live, readAt: again.readAt, auditFile, auditName: 'audit.jsonl', concurrency: 4, guard: options.guard ?? true });
  await again.tenant.close();
  await rm(auditDir, { recursive: true, force: true });
  const applyWall = (performance.now() - t1 - DRAIN_MS) / 1000;
  const applyStats = await emulator.stats();
  const bulk = (s: typeof planStats) => s.calls['GET /agents/skills'] ?? 0;
  return {
    plan: { reads: planStats.reads, wallS: planWall, changes: planned.plan.changes.length, calls: planned.plan.calls.length },
    apply: {
      reads: applyStats.reads,
      writes: applyStats.writes,
      guardPages: bulk(applyStats) - bulk(planStats),
      guardReads: run.result.guard.reads,
      waves: run.result.guard.waves,
      rateLimited: applyStats.status['429'] ?? 0,
      wallS: applyWall,
      writeWallS: run.timings.writeMs / 1000,
      failed: run.result.failed,
      verified: run.verification.mismatches.length === 0 && run.result.failed === 0,
      peakRate: applyStats.peakRatePerSecond,
      upsertFallback: run.result.upsertFallback,
    },
    planValue: again.plan,
  };
}
