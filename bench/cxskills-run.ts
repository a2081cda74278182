/** cxskills as a user runs it (plan, then apply), in-process on the same modules as the CLI, with phases timed. */
import { createPolicy } from '../src/cxone/policy/create.js';
import { runApply } from '../src/apply/run.js';
import { loadDesiredState } from '../src/config/index.js';
import { CxoneClient, type CxoneConfig } from '../src/cxone/index.js';
import { buildPlan, type Plan } from '../src/plan/index.js';
import { estimateApply } from '../src/plan/estimate.js';
import { callsPerWave } from '../src/run/tenant.js';
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

async function makePlan(dir: string, config: CxoneConfig, rate: number, upsert: boolean) {
  const { state, diagnostics } = await loadDesiredState(dir);
  if (!state) throw new Error(`bench state did not load: ${diagnostics.map((d) => d.code + ' ' + d.message).join('; ')}`);
  const { policy } = createPolicy({ ratePerSecond: rate });
  let pages = 0;
  const client = new CxoneClient(config, { policy, onPage: () => void pages++ });
  const readAt = new Date();
  const live = await client.readLive();
  const { plan, diagnostics: planDiagnostics } = buildPlan({ desired: state, live, createdAt: new Date().toISOString(), toolVersion: 'bench', upsert });
  if (!plan) throw new Error(`bench plan failed: ${planDiagnostics.map((d) => d.code).join(', ')}`);
  const estimate = estimateApply(plan, { ratePerSecond: rate, pagesRead: pages, pageRows: client.pageRows ?? 100, waveCalls: callsPerWave(rate) });
  return { plan: { ...plan, estimate }, live, client, readAt };
}

export async function runCxskills(dir: string, emulator: EmulatorProcess, rate: number, options: CxskillsOptions = {}): Promise<CxskillsResult> {
  const upsert = options.upsert ?? true;
  await emulator.resetStats();
  const t0 = performance.now();
  const planned = await makePlan(dir, emulator.config, rate, upsert);
  await planned.client.close();
  const planWall = (performance.now() - t0) / 1000;
  const planStats = await emulator.stats();

  await emulator.resetStats();
  const t1 = performance.now();
  const again = await makePlan(dir, emulator.config, rate, upsert);
  // The staleness read just filled the client's 1-second window: let it drain, so the write phase is
  // measured on its own and not behind the read phase's pacing (that second is not counted below).
  await new Promise((r) => setTimeout(r, DRAIN_MS));
  const run = await runApply(again.plan, again.client, again.live, { concurrency: 4, guard: options.guard ?? true, readAt: again.readAt, waveCalls: callsPerWave(rate) });
  await again.client.close();
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
