/** What apply of a plan will cost: the grouping of its writes against the lower bound, and (when known) the time at the rate. */
import type { Plan, PlanEstimate, PlanGrouping, PlanRead } from '../plan/types.js';
import { formatInteger, plural } from './format.js';

const STRATEGY: Record<PlanGrouping['strategy'], string> = {
  upsert: 'adds and changes in bulk upserts, removals per agent or skill',
  'per-list': 'every write per agent or skill',
};

/** `38 write calls (lower bound 36): every write per agent or skill, up to 100 items per call.` */
export function groupingText(plan: Pick<Plan, 'grouping' | 'counts'>): string | undefined {
  const g = plan.grouping;
  if (g === undefined) return undefined;
  const calls = plan.counts.calls;
  const bound = calls === g.lowerBound ? 'the lower bound' : `lower bound ${formatInteger(g.lowerBound)}`;
  return `${formatInteger(calls)} write ${plural(calls, 'call', 'calls')} (${bound}): ${STRATEGY[g.strategy] ?? g.strategy}, up to ${formatInteger(g.itemLimit)} items per call.`;
}

/** `41 s`, `12 min 5 s`, `2 h 3 min`: rounded up, since an estimate that undershoots misleads. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 90) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 === 0 ? '' : ` ${s % 60} s`}`;
  const m = Math.ceil(s / 60);
  return `${Math.floor(m / 60)} h${m % 60 === 0 ? '' : ` ${m % 60} min`}`;
}

/** `5 in-scope skills' lists, 65 pages (the whole tenant: 800 pages), 6.6 s.` */
export function readText(r: PlanRead | undefined): string | undefined {
  if (r === undefined) return undefined;
  const pages = (n: number) => `${formatInteger(n)} ${plural(n, 'page', 'pages')}`;
  const took = `${(r.ms / 1000).toFixed(1)} s`;
  if (r.kind === 'skills') {
    const lists = `${formatInteger(r.skillIds.length)} in-scope ${plural(r.skillIds.length, "skill's list", "skills' lists")}`;
    return `${lists}, ${pages(r.pages)}${r.tenantPages === undefined ? '' : ` (the whole tenant: ${pages(r.tenantPages)})`}, ${took}.`;
  }
  return `the whole tenant, ${pages(r.pages)}, ${took} (${r.reason}${r.skillPages === undefined ? '' : `; the in-scope skills' lists: ${pages(r.skillPages)}`}).`;
}

/** `≈ 41 s at 8 requests/s: 120 reads, 80 writes.` */
export function estimateText(e: PlanEstimate | undefined): string | undefined {
  if (e === undefined) return undefined;
  const reads = e.reads.staleness + e.reads.guard + e.reads.verify;
  return (
    `≈ ${formatDuration(e.seconds)} at ${formatInteger(e.ratePerSecond)} ${plural(e.ratePerSecond, 'request', 'requests')}/s: ` +
    `${formatInteger(reads)} ${plural(reads, 'read', 'reads')}, ${formatInteger(e.writes)} ${plural(e.writes, 'write', 'writes')}.`
  );
}
