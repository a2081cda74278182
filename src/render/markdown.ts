/** The pull-request comment of a plan: verdict, safety, counts, changes per agent, calls, warnings, footer; never over `maxChars`. */
import { hasChanges, type Plan } from '../plan/types.js';
import { clip } from './format.js';
import { groupByAgent } from './group.js';
import { detailsBlock, diffLines, fitLines, truncationNote } from './markdown-changes.js';
import {
  callsSection,
  countsSection,
  blockingSection,
  diagnosticsSection,
  footerSection,
  headingSection,
  skillsSection,
  verdictSection,
} from './markdown-sections.js';
import { fenceFor } from './markdown-syntax.js';
import { namesOf } from './names.js';
import { verdictText } from './verdict.js';

export interface MarkdownOptions {
  /** Upper bound on the result's length in UTF-16 units; GitHub refuses comments over 65,536. Default 65536. */
  maxChars?: number;
  /** The heading, as Markdown. Default `cxskills plan`. */
  title?: string;
  /** Appended, as Markdown, to the note shown when changes are cut, e.g. where the full plan is. */
  detailsHint?: string;
  /** The limit the truncation note names, when the caller keeps part of `maxChars` for its own frame. Default maxChars. */
  noteLimit?: number;
  /** The hidden marker on the first line; null leaves it out for a caller that puts its own. Default `<!-- cxskills:plan -->`. */
  marker?: string | null;
}

export const DEFAULT_MAX_CHARS = 65_536;

function doc(sections: readonly (string | undefined)[]): string {
  return `${sections.filter((s): s is string => s !== undefined).join('\n\n')}\n`;
}

export function renderMarkdown(plan: Plan, o: MarkdownOptions = {}): string {
  const maxChars = o.maxChars ?? DEFAULT_MAX_CHARS;
  if (!Number.isInteger(maxChars) || maxChars < 1) {
    throw new RangeError(`maxChars must be a positive integer, got ${String(maxChars)}`);
  }
  const heading = headingSection(o.title ?? 'cxskills plan', o.marker);
  const verdict = verdictSection(plan);
  const safety = blockingSection(plan);
  const footer = footerSection(plan);
  const diagnostics = diagnosticsSection(plan);

  if (!hasChanges(plan)) {
    const text = doc([heading, verdict, safety, diagnostics, footer]);
    return text.length <= maxChars ? text : fallback(plan, maxChars, { heading, verdict, safety, footer });
  }

  const groups = groupByAgent(plan.changes);
  const names = namesOf(plan);
  const diff = diffLines(groups, names);
  const fence = fenceFor(diff.lines);
  const counts = countsSection(plan, groups, names);
  const skills = skillsSection(plan, names);
  const after = [callsSection(plan), diagnostics, footer];

  const full = doc([heading, verdict, safety, skills, counts, detailsBlock(diff, fence, diff.lines.length, diff.changes), ...after]);
  if (full.length <= maxChars) return full;

  // The per-skill table goes before the first change does: a reviewer of a cut plan wants both, but some changes more.
  const named = o.noteLimit ?? maxChars;
  let note = truncationNote(diff.changes, false, named, o.detailsHint);
  let firstFit: string | undefined;
  for (const before of [[heading, verdict, safety, skills, counts], [heading, verdict, safety, counts]]) {
    // Measure everything but the shown lines with the widest numbers they could hold, then fill the rest.
    const worstNote = truncationNote(diff.changes, true, named, o.detailsHint);
    const frame = doc([...before, detailsBlock(diff, fence, 0, diff.changes - 1), worstNote, ...after]).length;
    const fit = fitLines(diff, maxChars - frame);
    note = truncationNote(diff.changes - fit.changes, fit.changes > 0, named, o.detailsHint);
    const details = fit.changes > 0 ? detailsBlock(diff, fence, fit.lines, fit.changes) : undefined;
    const cut = doc([...before, details, note, ...after]);
    if (cut.length > maxChars) continue;
    if (fit.changes > 0) return cut;
    firstFit ??= cut;
  }
  if (firstFit !== undefined) return firstFit;

  return fallback(plan, maxChars, { heading, verdict, safety, note, footer });
}

interface Essentials {
  heading: string;
  verdict: string;
  safety: string | undefined;
  note?: string;
  footer: string;
}

/**
 * When even the frame is too long (tiny maxChars, thousands of warnings): drop sections, then clip the
 * verdict. The verdict carries "unsafe" and the thresholds, so dropping the findings never hides them;
 * the last resort puts "Unsafe plan" first, where a clip cannot reach it.
 */
function fallback(plan: Plan, maxChars: number, { heading, verdict, safety, note, footer }: Essentials): string {
  const plain = verdictText(plan, { grouped: true });
  const candidates = [
    doc([heading, verdict, safety, note, footer]),
    doc([heading, verdict, note, footer]),
    doc([verdict, note]),
    doc([plain]),
  ];
  for (const c of candidates) if (c.length <= maxChars) return c;
  return clip(plan.safety.length > 0 ? `Unsafe plan. ${plain}` : plain, maxChars);
}
