/** The parts of the pull-request comment other than the change list: verdict, safety, counts, calls, warnings, footer. */
import { formatDiagnostic } from '../model/diagnostics.js';
import type { Plan } from '../plan/types.js';
import { countCalls } from './calls.js';
import { formatInteger, plural, shortChecksum } from './format.js';
import type { AgentGroup } from './group.js';
import { escapeInline, fenceFor, tableCode } from './markdown-syntax.js';
import { safeText, type Names } from './names.js';
import { renderSummaryLine } from './summary.js';

/** Lets a CI job find and update its own earlier comment instead of adding a new one per push. */
export const COMMENT_MARKER = '<!-- cxskills:plan -->';
/** Agents listed by name in the counts table; the rest are summed in one row. */
export const TABLE_AGENTS = 10;
/** Warnings listed in the comment; plan.json has them all. */
export const LISTED_DIAGNOSTICS = 20;

export function headingSection(title: string): string {
  return `${COMMENT_MARKER}\n## ${title}`;
}

export function verdictSection(plan: Plan): string {
  return `**${renderSummaryLine(plan)}**`;
}

export function safetySection(plan: Plan): string | undefined {
  if (plan.safety.length === 0) return undefined;
  const lines = ['> [!WARNING]', '> **Unsafe plan: apply will refuse it without `--force`.**', '>'];
  for (const f of plan.safety) {
    // The planner's message already states the count, the share and the limit.
    lines.push(`> - **${escapeInline(f.code)}**: ${escapeInline(f.message)}`);
  }
  return lines.join('\n');
}

export function coverageSection(plan: Plan): string | undefined {
  const findings = plan.coverage ?? [];
  if (findings.length === 0) return undefined;
  const blocking = findings.some((f) => f.severity === 'error');
  const lines = blocking
    ? ['> [!CAUTION]', '> **Routing coverage: plan and apply refuse this without `--force` or `--allow-uncovered`.**', '>']
    : ['> [!WARNING]', '> **Routing coverage (allowed with `--force` or `--allow-uncovered`).**', '>'];
  for (const f of findings) lines.push(`> - **${escapeInline(f.code)}**: ${escapeInline(f.message)}`);
  return lines.join('\n');
}

function row(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function countsSection(plan: Plan, groups: readonly AgentGroup[], names: Names): string {
  const lines = [row(['Agent', 'Add', 'Change', 'Remove']), '| :-- | --: | --: | --: |'];
  for (const g of groups.slice(0, TABLE_AGENTS)) {
    lines.push(row([tableCode(names.agent(g.agentId)), g.counts.add, g.counts.update, g.counts.remove]));
  }
  if (groups.length > TABLE_AGENTS) {
    const rest = { add: 0, update: 0, remove: 0 };
    for (let i = TABLE_AGENTS; i < groups.length; i += 1) {
      const c = (groups[i] as AgentGroup).counts;
      rest.add += c.add;
      rest.update += c.update;
      rest.remove += c.remove;
    }
    const more = groups.length - TABLE_AGENTS;
    lines.push(row([`*… ${formatInteger(more)} more ${plural(more, 'agent', 'agents')}*`, rest.add, rest.update, rest.remove]));
  }
  const { add, update, remove, managedAgents, managedAssignments } = plan.counts;
  lines.push(row([`**Total** (${formatInteger(groups.length)} ${plural(groups.length, 'agent', 'agents')})`, `**${add}**`, `**${update}**`, `**${remove}**`]));
  lines.push(
    '',
    `In scope: ${formatInteger(managedAgents)} managed ${plural(managedAgents, 'agent', 'agents')}, ` +
      `${formatInteger(managedAssignments)} managed skill ${plural(managedAssignments, 'assignment', 'assignments')}.`,
  );
  return lines.join('\n');
}

export function callsSection(plan: Plan): string | undefined {
  const calls = countCalls(plan.calls);
  if (calls.length === 0) return undefined;
  return `**API calls:** ${calls.map((c) => `${c.count} × \`${c.method} ${c.path}\``).join(', ')}`;
}

export function diagnosticsSection(plan: Plan): string | undefined {
  const all = plan.diagnostics;
  if (all.length === 0) return undefined;
  const lines = all.slice(0, LISTED_DIAGNOSTICS).map((d) => safeText(formatDiagnostic(d)));
  if (all.length > LISTED_DIAGNOSTICS) lines.push(`… ${formatInteger(all.length - LISTED_DIAGNOSTICS)} more in plan.json`);
  const fence = fenceFor(lines);
  const heading = `**${all.length === 1 ? 'Warning' : `Warnings (${formatInteger(all.length)})`}**`;
  return [heading, '', `${fence}text`, ...lines, fence].join('\n');
}

export function footerSection(plan: Plan): string {
  return (
    `<sub>${escapeInline(plan.tool.name)} ${escapeInline(plan.tool.version)} · plan format ${plan.formatVersion}` +
    ` · live checksum \`${shortChecksum(plan.liveChecksum).replace(/[^0-9A-Za-z]/g, '')}\` · planned ${escapeInline(plan.createdAt)}</sub>`
  );
}
