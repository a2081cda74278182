/** The terminal rendering of a plan: verdict first (a long plan scrolls), per-skill rollup, changes per agent, calls, findings, verdict again. */
import { Chalk, type ChalkInstance } from 'chalk';
import { PROFICIENCY_MAX, PROFICIENCY_MIN } from '../model/types.js';
import { hasChanges, type ChangeKind, type Plan } from '../plan/types.js';
import { countCalls, formatCallCount } from './calls.js';
import { changeRows } from './change-line.js';
import { estimateText, groupingText, readText } from './cost.js';
import { groupByAgent } from './group.js';
import { namesOf, safeText, type Names } from './names.js';
import { rollupBySkill, rollupDetail } from './rollup.js';
import { countLine, findingBlocks, findingLine, type FindingBlock } from './findings.js';
import { policyClause, verdictText } from './verdict.js';
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

/** Findings listed one by one in a box; the rest are counted. */
const LISTED = { coverage: 20, warnings: 50 };

/** Every problem of the plan in Terraform-like boxes, one renderer for all: red when refused without an option, yellow when shown. */
function findingBox(block: FindingBlock, ch: ChalkInstance): string[] {
  const paint = block.tone === 'error' ? ch.red : ch.yellow;
  const bar = paint('│');
  const lines = [paint('╷'), `${bar} ${paint.bold(`${block.label}:`)} ${ch.bold(block.title)}`];
  const counted = countLine(block);
  if (counted !== undefined) lines.push(bar, `${bar} ${counted}`);
  for (const f of block.findings.slice(0, block.listed)) lines.push(bar, `${bar} ${findingLine(f, { text: safeText, code: (c) => ch.bold(c) })}`);
  if (block.listed < block.findings.length) lines.push(bar, `${bar} … ${formatInteger(block.findings.length - block.listed)} more in the JSON plan (--format json, or the saved plan).`);
  lines.push(paint('╵'), '');
  return lines;
}

export function renderText(plan: Plan, o: TextOptions): string {
  const ch = new Chalk({ level: o.color ? 1 : 0 });
  const out: string[] = [];
  const verdict = verdictText(plan, { grouped: false });
  // Red when the plan is unsafe or breaks the policy; a plan without changes that breaks the policy is not green.
  const alarming = plan.safety.length > 0 || policyClause(plan) !== undefined;
  if (hasChanges(plan)) {
    const names = namesOf(plan);
    out.push(alarming ? ch.bold.red(verdict) : ch.bold(verdict), '');
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
  for (const block of findingBlocks(plan, LISTED)) out.push(...findingBox(block, ch));
  const read = readText(plan.read);
  if (read !== undefined) out.push(ch.dim(`Read: ${read}`), '');
  out.push(alarming ? ch.bold.red(verdict) : !hasChanges(plan) ? ch.green.bold(verdict) : ch.bold(verdict));
  return `${out.join('\n')}\n`;
}
