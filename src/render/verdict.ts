/** The verdict of a plan: the summary line with what makes it unsafe, narrowed or uncovered, worded from the findings' data. */
import { describeTarget, isNarrowing } from '../plan/target.js';
import type { Plan, SafetyFinding } from '../plan/types.js';
import { formatInteger, plural } from './format.js';
import { renderSummaryLine } from './summary.js';

/** `0.337` → `33.7 %`, as the planner words its limits. */
export function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10} %`;
}

/** The threshold a finding crosses, short enough for the verdict line: `removes 33.7 % (limit 25 %)`. */
export function crossedThreshold(f: SafetyFinding): string {
  switch (f.code) {
    case 'REMOVES_ALL':
      return 'removes every managed assignment';
    case 'TOO_MANY_REMOVALS':
      return `removes ${formatPercent(f.ratio)} of managed assignments (limit ${formatPercent(f.limit)})`;
    case 'TOO_MANY_CHANGES':
      return `changes ${formatPercent(f.ratio)} of managed assignments (limit ${formatPercent(f.limit)})`;
  }
}

/** `Unsafe: removes 33.7 % … (limit 25 %), changes …; apply refuses it without --force.`, or undefined when safe. */
export function unsafeClause(plan: Pick<Plan, 'safety'>, code: (s: string) => string = (s) => s): string | undefined {
  if (plan.safety.length === 0) return undefined;
  return `Unsafe: ${plan.safety.map(crossedThreshold).join(', ')}; apply refuses it without ${code('--force')}.`;
}

/** `613 routing-coverage findings (refused without --allow-uncovered).`, or undefined when there are none. */
export function coverageClause(plan: Pick<Plan, 'coverage'>, code: (s: string) => string = (s) => s): string | undefined {
  const findings = plan.coverage;
  if (findings.length === 0) return undefined;
  const n = findings.length;
  const what = `${formatInteger(n)} routing-coverage ${plural(n, 'finding', 'findings')}`;
  return findings.some((f) => f.severity === 'error') ? `${what} (refused without ${code('--allow-uncovered')}).` : `${what} (allowed).`;
}

/** `2 policy errors (refused: the plan is not saved and apply writes nothing).`, or undefined when the plan breaks no error rule of the policy. */
export function policyClause(plan: Pick<Plan, 'diagnostics'>): string | undefined {
  const n = plan.diagnostics.filter((d) => d.severity === 'error' && d.code.startsWith('POLICY_')).length;
  if (n === 0) return undefined;
  return `${formatInteger(n)} policy ${plural(n, 'error', 'errors')} (refused: the plan is not saved and apply writes nothing).`;
}

/** `Plan: 1,610 to add, 1,611 to change, 1,610 to remove (3,803 API calls).` */
export function groupedSummaryLine(plan: Pick<Plan, 'changes' | 'counts'>): string {
  const line = renderSummaryLine(plan);
  return line.replace(/\d{4,}/g, (digits) => formatInteger(Number(digits)));
}

/** `Narrowed to agents ann; skills "Billing *": …`, or undefined for a plan of the whole state. */
export function targetClause(plan: Pick<Plan, 'target'>, code: (s: string) => string = (s) => JSON.stringify(s)): string | undefined {
  if (!isNarrowing(plan.target)) return undefined;
  return `NARROWED to ${describeTarget(plan.target, code)}: only these are planned and applied, the rest of skills-state is not.`;
}

/** The summary line, then whatever makes the plan refused or partial: it is never shown without them. */
export function verdictText(plan: Plan, o: { grouped: boolean; code?: (s: string) => string; name?: (s: string) => string }): string {
  const summary = o.grouped ? groupedSummaryLine(plan) : renderSummaryLine(plan);
  return [summary, targetClause(plan, o.name), unsafeClause(plan, o.code), coverageClause(plan, o.code), policyClause(plan)].filter((s) => s !== undefined).join(' ');
}
