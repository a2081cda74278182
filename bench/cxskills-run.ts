/** cxskills as a user runs it (plan, then apply), in-process on the same modules as the CLI, with phases timed. */
import { createPolicy } from '../src/apply/policy.js';
import { runApply } from '../src/apply/run.js';
import { loadDesiredState } from '../src/config/index.js';
import { CxoneClient, type CxoneConfig } from '../src/cxone/index.js';
import { buildPlan, type Plan } from '../src/plan/index.js';
import type { EmulatorProcess } from './emulator-process.js';

export interface CxskillsResult {
  plan: { reads: number; wallS: number; changes: number; calls: number };
  apply: { reads: number; writes: number; rateLimited: number; wallS: number; writeWallS: number; failed: number; verified: boolean; peakRate: number };
  planValue: Plan;
}

async function makePlan(dir: string, config: CxoneConfig, rate: number) {
  const { state, diagnostics } = await loadDesiredState(dir);
  if (!state) throw new Error(`bench state did not load: ${diagnostics.map((d) => d.code + ' ' + d.message).join('; ')}`);
  const { policy } = createPolicy({ ratePerSecond: rate });
  const client = new CxoneClient(config, { policy });
  const live = await client.readLive();
  const { plan, diagnostics: planDiagnostics } = buildPlan({ desired: state, live, createdAt: new Date().toISOString(), toolVersion: 'bench' });
  if (!plan) throw new Error(`bench plan failed: ${planDiagnostics.map((d) => d.code).join(', ')}`);
  return { plan, live, client };
}

export async function runCxskills(dir: string, emulator: EmulatorProcess, rate: number, guard = true): Promise<CxskillsResult> {
  await emulator.resetStats();
  const t0 = performance.now();
  const planned = await makePlan(dir, emulator.config, rate);
  await planned.client.close();
  const planWall = (performance.now() - t0) / 1000;
  const planStats = await emulator.stats();

  await emulator.resetStats();
  const t1 = performance.now();
  const again = await makePlan(dir, emulator.config, rate);
  const run = await runApply(again.plan, again.client, again.live, { concurrency: 4, guard });
  await again.client.close();
  const applyWall = (performance.now() - t1) / 1000;
  const applyStats = await emulator.stats();
  return {
    plan: { reads: planStats.reads, wallS: planWall, changes: planned.plan.changes.length, calls: planned.plan.calls.length },
    apply: {
      reads: applyStats.reads,
      writes: applyStats.writes,
      rateLimited: applyStats.status['429'] ?? 0,
      wallS: applyWall,
      writeWallS: run.timings.writeMs / 1000,
      failed: run.result.failed,
      verified: run.verification.mismatches.length === 0,
      peakRate: applyStats.peakRatePerSecond,
    },
    planValue: planned.plan,
  };
}
