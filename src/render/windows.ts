/** The windows part of every rendering: upcoming transitions within the horizon, the next one, and the changes that are scheduled, not drift. */
import { formatInstant } from '../model/time.js';
import type { AssignmentValue } from '../model/types.js';
import type { Plan } from '../plan/types.js';
import type { PlanTransition, PlanWindows } from '../plan/windows.js';
import { formatInteger, plural } from './format.js';
import { escapeInline, tableCode } from './markdown-syntax.js';
import { safeText } from './names.js';

/** Transitions listed in a terminal or a comment; plan.json has them all (up to its own limit). */
export const LISTED_TRANSITIONS = 20;

const SYMBOL: Record<PlanTransition['kind'], string> = { add: '+', update: '~', remove: '-' };
const WORD: Record<PlanTransition['kind'], string> = { add: 'add', update: 'change', remove: 'remove' };

function valueText(v: AssignmentValue): string {
  return v.active ? `proficiency ${v.proficiency}` : `proficiency ${v.proficiency}, active false`;
}

/** `proficiency 3`, `(was proficiency 3)`, `proficiency 3 → 5`: as the change lines read. */
export function transitionDetail(t: PlanTransition): string {
  if (t.kind === 'add' && t.after) return valueText(t.after);
  if (t.kind === 'remove' && t.before) return `(was ${valueText(t.before)})`;
  if (t.before && t.after) {
    const parts: string[] = [];
    if (t.before.proficiency !== t.after.proficiency) parts.push(`proficiency ${t.before.proficiency} → ${t.after.proficiency}`);
    if (t.before.active !== t.after.active) parts.push(`active ${t.before.active} → ${t.after.active}`);
    return parts.join(', ');
  }
  return '';
}

function horizonText(w: PlanWindows): string {
  const h = w.horizonHours;
  return h % 24 === 0 ? `${h / 24} ${plural(h / 24, 'day', 'days')}` : `${h} ${plural(h, 'hour', 'hours')}`;
}

/** `Next window transition: 2026-12-02T00:00+01:00.` or that there is none. */
export function nextText(w: PlanWindows): string {
  return w.next === undefined ? 'No window opens or closes after this plan\'s instant.' : `Next window transition: ${formatInstant(Date.parse(w.next), w.timeZone)}.`;
}

/** The scheduled changes, in a sentence; undefined when none. */
export function scheduledText(w: PlanWindows): string | undefined {
  const n = w.scheduled.length;
  if (n === 0) return undefined;
  return `Scheduled: ${formatInteger(n)} of the changes above ${plural(n, 'enacts a window', 'enact windows')} that opened or closed since the last apply (not drift).`;
}

interface Row {
  when: string;
  symbol: string;
  word: string;
  agent: string;
  skill: string;
  detail: string;
}

function rows(w: PlanWindows): Row[] {
  return w.upcoming.slice(0, LISTED_TRANSITIONS).map((t) => ({
    when: formatInstant(Date.parse(t.at), w.timeZone),
    symbol: SYMBOL[t.kind],
    word: WORD[t.kind],
    agent: t.agentName,
    skill: t.skillName,
    detail: transitionDetail(t),
  }));
}

/** Names the plan's instant: a plan made `--at` another time must say so where its windows are shown. */
function heading(w: PlanWindows, at: string | undefined): string {
  const instant = at === undefined ? '' : `Windows at ${formatInstant(Date.parse(at), w.timeZone)}; `;
  return `${instant}${instant ? 'transitions' : 'Window transitions'} in the next ${horizonText(w)} (times in ${w.timeZone})`;
}

/** Lines for the terminal; empty when the plan has no windows. */
export function windowsText(plan: Pick<Plan, 'windows' | 'at'>): string[] {
  const w = plan.windows;
  if (w === undefined) return [];
  const out = [`${heading(w, plan.at)}:`];
  const listed = rows(w);
  if (listed.length === 0) out.push('  none');
  const agentWidth = Math.min(24, Math.max(0, ...listed.map((r) => r.agent.length)));
  const skillWidth = Math.min(32, Math.max(0, ...listed.map((r) => r.skill.length)));
  for (const r of listed) out.push(safeText(`  ${r.when}  ${r.symbol} ${r.agent.padEnd(agentWidth)}  ${r.skill.padEnd(skillWidth)}  ${r.detail}`));
  if (w.upcomingCount > listed.length) out.push(`  … ${formatInteger(w.upcomingCount - listed.length)} more in the JSON plan (--format json).`);
  out.push(nextText(w));
  const scheduled = scheduledText(w);
  if (scheduled !== undefined) out.push(scheduled);
  out.push('');
  return out;
}

/** The Markdown section; undefined when the plan has no windows. */
export function windowsSection(plan: Pick<Plan, 'windows' | 'at'>): string | undefined {
  const w = plan.windows;
  if (w === undefined) return undefined;
  const listed = rows(w);
  const lines = [`**${escapeInline(heading(w, plan.at))}**`, ''];
  if (listed.length === 0) lines.push('None.');
  else {
    lines.push('| When | Agent | Skill | Change |', '| :-- | :-- | :-- | :-- |');
    for (const r of listed) lines.push(`| ${r.when} | ${tableCode(r.agent)} | ${tableCode(r.skill)} | ${r.word}: ${escapeInline(r.detail.replace(/^\((.*)\)$/, '$1'))} |`);
    if (w.upcomingCount > listed.length) lines.push('', `… ${formatInteger(w.upcomingCount - listed.length)} more in plan.json.`);
  }
  lines.push('', nextText(w));
  const scheduled = scheduledText(w);
  if (scheduled !== undefined) lines.push('', `**${scheduled}**`);
  return lines.join('\n');
}
