/**
 * Every problem of a plan, as blocks for a renderer: the thresholds crossed, routing coverage, the
 * policy, and what planning warned of. One list of diagnostics (plan/types.ts `problemsOf`), grouped the same way for the
 * terminal and the pull request, each block with its title, how many of it are listed, and one line per
 * finding worded by one function.
 */
import { formatPlace, type Diagnostic } from '../model/diagnostics.js';
import { escapeInvisible, showName } from '../model/show.js';
import type { Plan } from '../plan/types.js';
import { formatInteger } from './format.js';

export interface FindingBlock {
  kind: 'safety' | 'coverage' | 'policy' | 'warnings';
  /** Red (refused without an option) or yellow (shown, allowed). */
  tone: 'error' | 'warning';
  /** `Warning:` or `Error:`, then the title. */
  label: 'Warning' | 'Error';
  title: string;
  findings: readonly Diagnostic[];
  /** How many are listed one by one; the rest are counted. */
  listed: number;
}

/** The blocks of a plan, in the order every renderer shows them. `listed` caps each list (a plan that strands 600 agents shows counts). */
export function findingBlocks(plan: Pick<Plan, 'safety' | 'coverage' | 'diagnostics'>, listed: { coverage: number; warnings: number }): FindingBlock[] {
  const blocks: FindingBlock[] = [];
  if (plan.safety.length > 0) {
    blocks.push({ kind: 'safety', tone: 'error', label: 'Warning', title: 'unsafe plan: apply will refuse it without --force', findings: plan.safety, listed: plan.safety.length });
  }
  if (plan.coverage.length > 0) {
    const blocking = plan.coverage.some((f) => f.severity === 'error');
    blocks.push({
      kind: 'coverage',
      tone: blocking ? 'error' : 'warning',
      label: blocking ? 'Error' : 'Warning',
      title: blocking ? 'routing coverage: refused without --force or --allow-uncovered' : 'routing coverage (allowed)',
      findings: plan.coverage,
      listed: Math.min(listed.coverage, plan.coverage.length),
    });
  }
  // Policy errors (cxskills.yaml `policy`) are a block of their own: they refuse the plan whatever the options, so they survive
  // truncation like safety and coverage. Policy warnings are warnings like the planner's, listed with them.
  const isPolicyError = (d: Diagnostic) => d.severity === 'error' && d.code.startsWith('POLICY_');
  const policy = plan.diagnostics.filter(isPolicyError);
  if (policy.length > 0) {
    blocks.push({ kind: 'policy', tone: 'error', label: 'Error', title: 'policy of cxskills.yaml: refused, no option passes it', findings: policy, listed: Math.min(listed.warnings, policy.length) });
  }
  const others = plan.diagnostics.filter((d) => !isPolicyError(d));
  if (others.length > 0) {
    const errors = others.some((d) => d.severity === 'error');
    const n = others.length;
    blocks.push({
      kind: 'warnings',
      tone: errors ? 'error' : 'warning',
      label: errors ? 'Error' : 'Warning',
      title: n === 1 ? 'the planner found this' : `the planner found these ${formatInteger(n)}`,
      findings: others,
      listed: Math.min(listed.warnings, n),
    });
  }
  return blocks;
}

/**
 * One finding without its severity (the block says it): `file:line:col: CODE: message at /path (did you
 * mean …?)`. `text` escapes what the renderer must (names, Markdown), `code` styles the code.
 */
export function findingLine(d: Diagnostic, style: { text(s: string): string; code(s: string): string }): string {
  const place = formatPlace(d);
  const where = d.path && d.file ? ` at ${escapeInvisible(d.path)}` : '';
  const hint = d.suggestions && d.suggestions.length > 0 ? ` (did you mean ${d.suggestions.map((s) => showName(s)).join(', ')}?)` : '';
  return `${place ? `${style.text(place)}: ` : ''}${style.code(d.code)}: ${style.text(`${d.message}${where}${hint}`)}`;
}

/** `613 findings: 600 SKILL_UNCOVERED, 13 AGENT_UNCOVERED. The first 20:`, or undefined when all are listed. */
export function countLine(block: FindingBlock, code: (s: string) => string = (s) => s): string | undefined {
  if (block.listed >= block.findings.length) return undefined;
  const counts = new Map<string, number>();
  for (const f of block.findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  const parts = [...counts].map(([c, n]) => `${formatInteger(n)} ${code(c)}`).join(', ');
  return `${formatInteger(block.findings.length)} findings: ${parts}. The first ${block.listed}:`;
}
