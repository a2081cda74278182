/** The terminal rendering of a plan: verdict first (a long plan scrolls), per-skill rollup, changes per agent, calls, findings, verdict again. */
import { Chalk, type ChalkInstance } from 'chalk';
import { formatDiagnostic } from '../model/diagnostics.js';
import { PROFICIENCY_MAX, PROFICIENCY_MIN } from '../model/types.js';
import { hasChanges, type ChangeKind, type CoverageFinding, type Plan, type SafetyFinding } from '../plan/types.js';
import { countCalls, formatCallCount } from './calls.js';
import { changeRows } from './change-line.js';
import { estimateText, groupingText } from './cost.js';
import { groupByAgent } from './group.js';
import { namesOf, safeText, type Names } from './names.js';
import { rollupBySkill, rollupDetail } from './rollup.js';
import { coverageCounts, safetyText, verdictText } from './verdict.js';
import { formatInteger } from './format.js';

export interface TextOptions {
  /** The caller decides (NO_COLOR, non-TTY → false); no global chalk state is read or changed. */
  color: boolean;
}

const SYMBOLS: Record<ChangeKind, string> = { add: '+', update: '~', remove: '-' };

function symbol(ch: ChalkInstance, kind: ChangeKind): string {
  const s = SYMBOLS[kind];
  return kind === 'add' ? ch.green(s) : kind === 'update' ? ch.yellow(s) : ch.red(s);
}

export function legend(ch: ChalkInstance): string {
  return (
    `Legend: ${symbol(ch, 'add')} add  ${symbol(ch, 'update')} change  ${symbol(ch, 'remove')} remove` +
    `    ${ch.dim(`proficiency ${PROFICIENCY_MIN}..${PROFICIENCY_MAX}, ${PROFICIENCY_MIN} = best`)}`
  );
}

/** `Per skill:` then one line per skill, names padded as the change lines are (up to 32 characters). */
function pushSkillLines(lines: string[], plan: Plan, names: Names, ch: ChalkInstance): void {
  const rollup = rollupBySkill(plan.changes, names);
  const labels = rollup.map((r) => names.skill(r.skillId));
  let width = 0;
  for (const l of labels) if (l.length <= 32 && l.length > width) width = l.length;
  lines.push(ch.bold('Per skill:'));
  rollup.forEach((r, i) => lines.push(`  ${(labels[i] ?? '').padEnd(width)}  ${rollupDetail(r)}`));
  lines.push('');
}

/** Appends to `lines` rather than returning an array: spreading 200,000 lines into push() overflows the stack. */
function pushChangeLines(lines: string[], plan: Plan, names: Names, ch: ChalkInstance): void {
  for (const group of groupByAgent(plan.changes)) {
    lines.push(ch.bold(names.agent(group.agentId)));
    for (const row of changeRows(group.changes, names)) {
      lines.push(`  ${symbol(ch, row.kind)} ${row.label}  ${row.detail}`);
    }
    lines.push('');
  }
}

/** Safety findings in a Terraform-like box: apply refuses the plan without --force, so they must not be missed. */
function safetyBox(findings: readonly SafetyFinding[], ch: ChalkInstance): string[] {
  const bar = ch.red('│');
  const lines = [ch.red('╷'), `${bar} ${ch.bold.red('Warning:')} ${ch.bold('unsafe plan: apply will refuse it without --force')}`];
  for (const f of findings) {
    lines.push(bar, `${bar} ${ch.bold(f.code)}: ${safetyText(f)}`);
  }
  lines.push(ch.red('╵'), '');
  return lines;
}

/** Coverage findings listed one by one; a plan that strands 600 agents shows counts and the first 20, not 1,200 lines. */
const LISTED_COVERAGE = 20;

/** Routing-coverage findings: errors (plan and apply refuse) in red, allowed ones (--force, --allow-uncovered) in yellow. */
function coverageBox(findings: readonly CoverageFinding[], ch: ChalkInstance): string[] {
  const blocking = findings.some((f) => f.severity === 'error');
  const paint = blocking ? ch.red : ch.yellow;
  const bar = paint('│');
  const title = blocking
    ? `${ch.bold.red('Error:')} ${ch.bold('routing coverage: refused without --force or --allow-uncovered')}`
    : `${ch.bold.yellow('Warning:')} ${ch.bold('routing coverage (allowed)')}`;
  const lines = [paint('╷'), `${bar} ${title}`];
  const listed = findings.slice(0, LISTED_COVERAGE);
  if (listed.length < findings.length) {
    const counts = coverageCounts(findings).map((c) => `${formatInteger(c.count)} ${c.code}`).join(', ');
    lines.push(bar, `${bar} ${formatInteger(findings.length)} findings: ${counts}. The first ${listed.length}:`);
  }
  for (const f of listed) lines.push(bar, `${bar} ${ch.bold(f.code)}: ${safeText(f.message)}`);
  if (listed.length < findings.length) lines.push(bar, `${bar} … ${formatInteger(findings.length - listed.length)} more in the JSON plan (--format json, or the saved plan).`);
  lines.push(paint('╵'), '');
  return lines;
}

export function renderText(plan: Plan, o: TextOptions): string {
  const ch = new Chalk({ level: o.color ? 1 : 0 });
  const out: string[] = [];
  const verdict = verdictText(plan, { grouped: false });
  if (hasChanges(plan)) {
    const names = namesOf(plan);
    out.push(plan.safety.length > 0 ? ch.bold.red(verdict) : ch.bold(verdict), '');
    pushSkillLines(out, plan, names, ch);
    out.push(legend(ch), '');
    pushChangeLines(out, plan, names, ch);
    const calls = countCalls(plan.calls);
    if (calls.length > 0) {
      out.push(`API calls: ${calls.map(formatCallCount).join(', ')}`);
      const grouping = groupingText(plan);
      if (grouping !== undefined) out.push(`Grouping: ${grouping}`);
      const estimate = estimateText(plan.estimate);
      if (estimate !== undefined) out.push(`Estimate: ${estimate}`);
      out.push('');
    }
  }
  if (plan.safety.length > 0) out.push(...safetyBox(plan.safety, ch));
  if (plan.coverage.length > 0) out.push(...coverageBox(plan.coverage, ch));
  if (plan.diagnostics.length > 0) {
    for (const d of plan.diagnostics) {
      const line = safeText(formatDiagnostic(d));
      out.push(d.severity === 'error' ? ch.red(line) : ch.yellow(line));
    }
    out.push('');
  }
  out.push(!hasChanges(plan) ? ch.green.bold(verdict) : plan.safety.length > 0 ? ch.bold.red(verdict) : ch.bold(verdict));
  return `${out.join('\n')}\n`;
}
