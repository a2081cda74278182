/** The parts of the pull-request comment other than the change list: verdict, safety, counts, calls, warnings, footer. */
import type { Plan } from '../plan/types.js';
import { countCalls } from './calls.js';
import { estimateText, groupingText, readText } from './cost.js';
import { formatInteger, plural, shortChecksum } from './format.js';
import type { AgentGroup } from './group.js';
import { escapeInline, tableCode } from './markdown-syntax.js';
import { safeText, type Names } from './names.js';
import { proficiencyRange, rollupBySkill, type SkillRollup } from './rollup.js';
import { countLine, findingBlocks, findingLine, type FindingBlock } from './findings.js';
import { verdictText } from './verdict.js';

/** Lets a CI job find and update its own earlier comment instead of adding a new one per push. */
export const COMMENT_MARKER = '<!-- cxskills:plan -->';
/** Agents listed by name in the counts table; the rest are summed in one row. */
export const TABLE_AGENTS = 10;
/** Coverage findings listed by name, and warnings listed; the rest are counted (613 of them would not fit a comment), plan.json has them all. */
export const LISTED = { coverage: 5, warnings: 20 };
/** Skills listed in the per-skill table; the rest are summed in one row. */
export const TABLE_SKILLS = 20;

const code = (s: string): string => `\`${s}\``;

/** `marker` null leaves it out: the caller puts its own (one marker per body). */
export function headingSection(title: string, marker: string | null = COMMENT_MARKER): string {
  return marker === null ? `## ${title}` : `${marker}\n## ${title}`;
}

/** The summary line with the thresholds crossed and the coverage count: whatever is cut, this line stays. */
export function verdictSection(plan: Plan): string {
  return `**${verdictText(plan, { grouped: true, code, name: (s) => escapeInline(JSON.stringify(s)) })}**`;
}

/** One finding block as a GitHub callout: CAUTION when refused without an option, WARNING when shown; the same blocks as the terminal's boxes. */
function findingCallout(block: FindingBlock): string {
  const callout = block.tone === 'error' && block.kind !== 'safety' ? '> [!CAUTION]' : '> [!WARNING]';
  const lines = [callout, `> **${escapeInline(`${block.label}: ${block.title}`).replace(/--[a-z-]+/g, (o) => code(o))}.**`, '>'];
  const counted = countLine(block, (c) => escapeInline(c));
  if (counted !== undefined) lines.push(`> ${counted}`, '>');
  for (const f of block.findings.slice(0, block.listed)) lines.push(`> - ${findingLine(f, { text: (t) => escapeInline(safeText(t)), code: (c) => `**${escapeInline(c)}**` })}`);
  if (block.listed < block.findings.length) lines.push(`> - … ${formatInteger(block.findings.length - block.listed)} more in plan.json`);
  return lines.join('\n');
}

/** The blocks that decide whether the plan may go ahead (safety, coverage): they survive every truncation. */
export function blockingSection(plan: Plan): string | undefined {
  const blocks = findingBlocks(plan, LISTED).filter((b) => b.kind !== 'warnings');
  return blocks.length === 0 ? undefined : blocks.map(findingCallout).join('\n\n');
}

/** What planning warned of: shown when it fits, dropped before the changes are. */
export function diagnosticsSection(plan: Plan): string | undefined {
  const block = findingBlocks(plan, LISTED).find((b) => b.kind === 'warnings');
  return block === undefined ? undefined : findingCallout(block);
}

/** The per-skill rollup: what each skill gains and loses, most-changed skills first. */
export function skillsSection(plan: Plan, names: Names): string | undefined {
  const rollup = rollupBySkill(plan.changes, names);
  if (rollup.length === 0) return undefined;
  const lines = [row(['Skill', 'Add', 'Change', 'Remove', 'Proficiency set']), '| :-- | --: | --: | --: | :-- |'];
  const cells = (r: Pick<SkillRollup, 'add' | 'update' | 'remove'>) => [formatInteger(r.add), formatInteger(r.update), formatInteger(r.remove)];
  for (const r of rollup.slice(0, TABLE_SKILLS)) lines.push(row([tableCode(names.skill(r.skillId)), ...cells(r), proficiencyRange(r)]));
  if (rollup.length > TABLE_SKILLS) {
    const rest = { add: 0, update: 0, remove: 0 };
    for (const r of rollup.slice(TABLE_SKILLS)) {
      rest.add += r.add;
      rest.update += r.update;
      rest.remove += r.remove;
    }
    const more = rollup.length - TABLE_SKILLS;
    lines.push(row([`*… ${formatInteger(more)} more ${plural(more, 'skill', 'skills')}*`, ...cells(rest), '']));
  }
  return lines.join('\n');
}

function row(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function countsSection(plan: Plan, groups: readonly AgentGroup[], names: Names): string {
  const lines = [row(['Agent', 'Add', 'Change', 'Remove']), '| :-- | --: | --: | --: |'];
  for (const g of groups.slice(0, TABLE_AGENTS)) {
    lines.push(row([tableCode(names.agent(g.agentId)), formatInteger(g.counts.add), formatInteger(g.counts.update), formatInteger(g.counts.remove)]));
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
    lines.push(row([`*… ${formatInteger(more)} more ${plural(more, 'agent', 'agents')}*`, formatInteger(rest.add), formatInteger(rest.update), formatInteger(rest.remove)]));
  }
  const { add, update, remove, managedAgents, managedAssignments } = plan.counts;
  lines.push(row([`**Total** (${formatInteger(groups.length)} ${plural(groups.length, 'agent', 'agents')})`, `**${formatInteger(add)}**`, `**${formatInteger(update)}**`, `**${formatInteger(remove)}**`]));
  lines.push(
    '',
    `In scope: ${formatInteger(managedAgents)} managed ${plural(managedAgents, 'agent', 'agents')}, ` +
      `${formatInteger(managedAssignments)} managed skill ${plural(managedAssignments, 'assignment', 'assignments')}.`,
  );
  return lines.join('\n');
}

/** The calls by route, how they were grouped against the lower bound, and (when the plan has it) the time at the rate. */
export function callsSection(plan: Plan): string | undefined {
  const calls = countCalls(plan.calls);
  if (calls.length === 0) return undefined;
  const lines = [`**API calls:** ${calls.map((c) => `${formatInteger(c.count)} × \`${c.method} ${c.path}\``).join(', ')}`];
  const grouping = groupingText(plan);
  if (grouping !== undefined) lines.push(`**Grouping:** ${grouping}`);
  const estimate = estimateText(plan.estimate);
  if (estimate !== undefined) lines.push(`**Estimate:** ${estimate}`);
  const read = readText(plan.read);
  if (read !== undefined) lines.push(`**Read:** ${escapeInline(read)}`);
  return lines.join('\n\n');
}

export function footerSection(plan: Plan): string {
  return (
    `<sub>${escapeInline(plan.tool.name)} ${escapeInline(plan.tool.version)} · plan format ${plan.formatVersion}` +
    ` · live checksum \`${shortChecksum(plan.liveChecksum).replace(/[^0-9A-Za-z]/g, '')}\`` +
    // The digest lets apply after the merge say whether it applies the plan reviewed here.
    (plan.digest !== undefined ? ` · plan digest \`${shortChecksum(plan.digest).replace(/[^0-9A-Za-z]/g, '')}\`` : '') +
    ` · planned ${escapeInline(plan.createdAt)}</sub>`
  );
}
