/** What an apply did, from the plan and its audit log: applied, already in effect, failed, not attempted; as Markdown for the job summary. */
import { readAuditLines, type LoggedEntry } from '../apply/audit-read.js';
import type { Change, Plan } from '../plan/types.js';
import { formatInteger } from './format.js';
import { escapeInline, tableCode } from './markdown-syntax.js';
import { namesOf } from './names.js';

export type ChangeOutcome = 'applied' | 'already-applied' | 'failed' | 'not-attempted';

export interface AuditedOutcome {
  counts: Record<ChangeOutcome, number>;
  /** Failed and not-attempted changes, in plan order, with the reason when the log has one. */
  open: Array<{ change: Change; outcome: 'failed' | 'not-attempted'; reason?: string }>;
}

/** Rows of the "not applied" table in the summary; the audit log artifact has them all. */
export const LISTED_OPEN = 100;

/** Reads the entries of the last run in `auditText` (the log is append-only across runs). */
export function auditedOutcome(plan: Pick<Plan, 'changes'>, auditText: string): AuditedOutcome {
  // Lines the reader refuses (a hand edit, a line cut short) are skipped: what they said is not known.
  const lines = readAuditLines(auditText, '').entries.filter((e) => e.outcome !== 'intent');
  const lastRun = lines.at(-1)?.runId;
  const latest = new Map<string, LoggedEntry>();
  for (const l of lines) if (l.runId === lastRun) latest.set(`${l.agentId}/${l.skillId}`, l);
  const counts: Record<ChangeOutcome, number> = { applied: 0, 'already-applied': 0, failed: 0, 'not-attempted': 0 };
  const open: AuditedOutcome['open'] = [];
  for (const change of plan.changes) {
    const entry = latest.get(`${change.agentId}/${change.skillId}`);
    const outcome: ChangeOutcome = entry === undefined || entry.outcome === 'intent' ? 'not-attempted' : entry.outcome;
    counts[outcome] += 1;
    if (outcome === 'failed') open.push({ change, outcome, reason: [entry?.error?.code, entry?.error?.message].filter(Boolean).join(': ') || undefined });
    if (outcome === 'not-attempted') open.push({ change, outcome });
  }
  return { counts, open };
}

export function renderAuditedOutcome(plan: Pick<Plan, 'changes' | 'names' | 'dir'>, o: AuditedOutcome, exitCode: number): string {
  const names = namesOf(plan);
  const done = exitCode === 0 && o.open.length === 0;
  const lines = [
    `### cxskills apply: \`${escapeInline(plan.dir)}\`: ${done ? 'complete' : 'INCOMPLETE'}`,
    '',
    '| Outcome | Changes |',
    '| :-- | --: |',
    `| applied | ${formatInteger(o.counts.applied)} |`,
    `| already in effect | ${formatInteger(o.counts['already-applied'])} |`,
    `| failed | ${formatInteger(o.counts.failed)} |`,
    `| not attempted | ${formatInteger(o.counts['not-attempted'])} |`,
  ];
  if (!done && o.open.length === 0) lines.push('', 'Apply exited with an error before or after writing (refused, stale plan, or verification): see the log of the step.');
  if (o.open.length > 0) {
    lines.push('', `**Not applied** (${formatInteger(o.open.length)}). To finish, plan and apply again (in Actions: *Run workflow*); changes already in effect are not written twice.`, '');
    lines.push('| Agent | Skill | Change | Outcome | Reason |', '| :-- | :-- | :-- | :-- | :-- |');
    for (const { change, outcome, reason } of o.open.slice(0, LISTED_OPEN)) {
      const cells = [tableCode(names.agent(change.agentId)), tableCode(names.skill(change.skillId)), change.kind, outcome, reason ? escapeInline(reason) : ''];
      lines.push(`| ${cells.join(' | ')} |`);
    }
    if (o.open.length > LISTED_OPEN) lines.push('', `… ${formatInteger(o.open.length - LISTED_OPEN)} more in the audit log artifact.`);
  }
  return `${lines.join('\n')}\n`;
}
