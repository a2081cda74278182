/** The change list of the pull-request comment: a `diff` block per agent inside `<details>`, cut to a size budget. */
import { PROFICIENCY_MAX, PROFICIENCY_MIN } from '../model/types.js';
import type { ChangeKind } from '../plan/types.js';
import { changeRows } from './change-line.js';
import { formatInteger, plural } from './format.js';
import type { AgentGroup } from './group.js';
import type { Names } from './names.js';

/** `!` rather than `~`: GitHub colours `!` lines of a diff block as changed. */
const PREFIX: Record<ChangeKind, string> = { add: '+', update: '!', remove: '-' };
/** Small plans are shown expanded; larger ones stay folded so the verdict and table come first. */
const OPEN_UP_TO = 50;

export interface DiffLines {
  lines: string[];
  /** 1 where `lines[i]` is a change, 0 for agent headers and blank separators. */
  isChange: Uint8Array;
  changes: number;
  agents: number;
}

export function diffLines(groups: readonly AgentGroup[], names: Names): DiffLines {
  const lines: string[] = [];
  const flags: number[] = [];
  let changes = 0;
  for (const group of groups) {
    if (lines.length > 0) {
      lines.push('');
      flags.push(0);
    }
    lines.push(`@@ ${names.agent(group.agentId)} @@`);
    flags.push(0);
    for (const row of changeRows(group.changes, names)) {
      lines.push(`${PREFIX[row.kind]} ${row.label}  ${row.detail}`);
      flags.push(1);
      changes += 1;
    }
  }
  return { lines, isChange: Uint8Array.from(flags), changes, agents: groups.length };
}

const LEGEND = `Legend: \`+\` add · \`!\` change · \`-\` remove · proficiency ${PROFICIENCY_MIN}..${PROFICIENCY_MAX}, ${PROFICIENCY_MIN} = best`;

/** The `<details>` block showing the first `shownLines` lines, which hold `shownChanges` changes. */
export function detailsBlock(diff: DiffLines, fence: string, shownLines: number, shownChanges: number): string {
  const all = shownChanges >= diff.changes;
  const summary = all
    ? `Changes by agent: ${formatInteger(diff.agents)} ${plural(diff.agents, 'agent', 'agents')}, ${formatInteger(diff.changes)} ${plural(diff.changes, 'change', 'changes')}`
    : `Changes by agent: showing ${formatInteger(shownChanges)} of ${formatInteger(diff.changes)} changes`;
  const open = all && diff.changes <= OPEN_UP_TO ? ' open' : '';
  const body = shownLines >= diff.lines.length ? diff.lines : diff.lines.slice(0, shownLines);
  return [`<details${open}>`, `<summary>${summary}</summary>`, '', LEGEND, '', `${fence}diff`, body.join('\n'), fence, '', '</details>'].join('\n');
}

export function truncationNote(hidden: number, anyShown: boolean, maxChars: number, detailsHint: string | undefined): string {
  const count = `${formatInteger(hidden)} ${anyShown ? 'more ' : ''}${plural(hidden, 'change', 'changes')}`;
  const what = anyShown ? `… ${count}` : count;
  const hint = detailsHint ? ` ${detailsHint}` : '';
  return `> [!NOTE]\n> ${what} not shown (plan truncated to fit ${formatInteger(maxChars)} characters).${hint}`;
}

/**
 * How many leading lines fit in `budget` characters, ending on a change line (never on a header
 * or a blank), and how many changes they hold. One pass; counts each line with its newline.
 */
export function fitLines(diff: DiffLines, budget: number): { lines: number; changes: number } {
  let used = 0;
  let lines = 0;
  let changes = 0;
  let seen = 0;
  for (let i = 0; i < diff.lines.length; i += 1) {
    used += (diff.lines[i] as string).length + 1;
    if (used > budget) break;
    if (diff.isChange[i] === 1) {
      seen += 1;
      lines = i + 1;
      changes = seen;
    }
  }
  return { lines, changes };
}
