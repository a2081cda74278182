/** The end-of-apply report: what was applied, what failed and why, verification, and call metrics. */
import { Chalk } from 'chalk';
import { plural } from './format.js';
import type { ApplyOutcome } from '../apply/run.js';

/** How the report names the run, and what it says to do when the run did not finish. */
export interface ReportWording {
  name: string;
  rerun: string;
}

export interface ApplyReport extends ApplyOutcome {
  color: boolean;
  /** What the run was, for the closing lines (default: an apply). */
  wording?: ReportWording;
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
  if (r.result.stopped) {
    const s = r.result.stopped;
    const why = s.code === 'APPLY_INTERRUPTED' ? `Interrupted (${s.message})` : `Stopped starting calls: ${s.code} kept repeating (${s.message})`;
    lines.push(chalk.red(`${why}.`), s.hint);
  }
  if (r.result.notAttempted.length > 0) lines.push(`${r.result.notAttempted.length} changes not attempted (not failures of those changes): a re-run does them.`);
  const m = r.metrics;
  const e = r.plan.estimate;
  const estimated = e ? ` (estimated ${e.reads.staleness + e.reads.guard + e.reads.verify + e.writes} calls, ${formatSeconds(e.seconds)} at ${e.ratePerSecond} requests/s)` : '';
  lines.push(
    `Calls: ${m.calls.reads} reads, ${m.calls.writes} writes, ${m.retries} retries, ${m.rateLimited} rate-limited (429); latency p50 ${m.latencyMs.p50} ms, p95 ${m.latencyMs.p95} ms; ${formatSeconds(r.durationMs / 1000)}${estimated}.`,
  );
  if (r.result.guard.reads > 0) lines.push(`Guard: ${r.result.guard.reads} UpdatedSince ${plural(r.result.guard.reads, 'read', 'reads')} around ${r.result.guard.waves} ${plural(r.result.guard.waves, 'wave', 'waves')} of writes${r.result.upsertFallback ? '; the server has no bulk upsert, so adds and changes went per agent or skill' : ''}.`);
  lines.push(`Audit log: ${r.auditFile}`);
  const ok = r.result.failed === 0 && r.result.notAttempted.length === 0 && r.verification.mismatches.length === 0;
  const wording = r.wording ?? APPLY_WORDING;
  const v = r.verification;
  if (v.method === 'delta' && v.checked > 0) lines.push(`Verified from the guard's reads after the writes${(v.byResults ?? 0) > 0 ? `; ${v.byResults} removal${v.byResults === 1 ? '' : 's'} by the API's per-item results (a removal does not show in UpdatedSince; --verify full reads them back)` : ''}.`);
  const summary = `${wording.name} ${ok ? 'complete' : 'incomplete'}: ${r.result.applied} applied, ${r.result.failed} failed; verified ${v.checked - v.mismatches.length}/${v.checked} changes in effect.`;
  lines.push(ok ? chalk.green(summary) : chalk.red(summary));
  if (!ok) lines.push(wording.rerun);
  return `${lines.join('\n')}\n`;
}

function formatSeconds(seconds: number): string {
  return seconds < 100 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds / 60)} min`;
}
