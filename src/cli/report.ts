/** The end-of-apply report: what was applied, what failed and why, verification, and call metrics. */
import { Chalk } from 'chalk';
import type { ApplyOutcome } from '../apply/run.js';

export interface ApplyReport extends ApplyOutcome {
  color: boolean;
  /** What the run was, for the closing lines (default: an apply). */
  wording?: { name: string; rerun: string };
}

const APPLY_WORDING = { name: 'Apply', rerun: 'Run apply again to retry what is left: changes already in effect are not written twice.' };

export function renderApplyReport(r: ApplyReport): string {
  const chalk = new Chalk({ level: r.color ? 1 : 0 });
  const name = (kind: 'agents' | 'skills', id: number) => r.plan.names[kind][String(id)] ?? `#${id}`;
  const lines: string[] = [''];
  for (const f of r.result.failures) {
    lines.push(chalk.red(`✗ ${f.change.kind} ${name('agents', f.change.agentId)} / ${name('skills', f.change.skillId)}: ${f.code}: ${f.message}`));
  }
  for (const m of r.verification.mismatches) {
    lines.push(chalk.red(`✗ not in effect after apply: ${name('agents', m.change.agentId)} / ${name('skills', m.change.skillId)} (live: ${m.live ? `proficiency ${m.live.proficiency}, active ${m.live.active}` : 'not assigned'})`));
  }
  const m = r.metrics;
  lines.push(
    `Calls: ${m.calls.reads} reads, ${m.calls.writes} writes, ${m.retries} retries, ${m.rateLimited} rate-limited (429); latency p50 ${m.latencyMs.p50} ms, p95 ${m.latencyMs.p95} ms; ${(r.durationMs / 1000).toFixed(1)} s.`,
  );
  lines.push(`Audit log: ${r.auditFile}`);
  const ok = r.result.failed === 0 && r.verification.mismatches.length === 0;
  const wording = r.wording ?? APPLY_WORDING;
  const summary = `${wording.name} ${ok ? 'complete' : 'incomplete'}: ${r.result.applied} applied, ${r.result.failed} failed; verified ${r.verification.checked - r.verification.mismatches.length}/${r.verification.checked} changes in effect.`;
  lines.push(ok ? chalk.green(summary) : chalk.red(summary));
  if (!ok) lines.push(wording.rerun);
  return `${lines.join('\n')}\n`;
}
