/** The Markdown bodies of the sticky comment and the drift issue: marker on top, plan or file in the middle, run link below. */
import type { Plan } from '../../../plan/index.js';
import { renderMarkdown } from '../../../render/index.js';
import { COMMENT_MARKER } from '../../../render/markdown-sections.js';
import { escapeInline } from '../../../render/markdown-syntax.js';
import { fitBody, GITHUB_BODY_LIMIT } from '../../../github/fit.js';
import { fullPlanPointer } from '../../../github/run-context.js';

export interface BodySource {
  plan?: Plan;
  /** Markdown given as is (`--body-file`). */
  text?: string;
}

export interface BodyContext {
  marker: string;
  /** Heading of a rendered plan. */
  title: string;
  /** Markdown put after the plan, never cut (the drift issue's what-to-do). */
  outro?: string;
  /** Where the full plan is (the run's page), for the cut note and the link below. */
  runUrl?: string;
  /** The commit the plan was made of, named in the line below. */
  commit?: string;
}

export function buildBody(source: BodySource, c: BodyContext): { body: string; truncated: boolean } {
  const head = `${c.marker}\n`;
  const at = c.commit !== undefined && /^[0-9a-f]{7,40}$/.test(c.commit) ? ` for commit ${c.commit}` : '';
  const link = c.runUrl ? `\n<sub>Posted by cxskills${at} from [this workflow run](${c.runUrl}).</sub>\n` : at !== '' ? `\n<sub>Posted by cxskills${at}.</sub>\n` : '';
  const tail = `${c.outro ? `\n${c.outro}\n` : ''}${link}`;
  const pointer = fullPlanPointer(c.runUrl);
  let content: string;
  let cutByRenderer = false;
  if (source.plan !== undefined) {
    // The renderer cuts by change and keeps the verdict and totals; it gets the room the frame leaves.
    const maxChars = GITHUB_BODY_LIMIT - head.length - tail.length;
    // The body's own marker (kind and directory) is the only one: the renderer's generic one is left out.
    const rendered = renderMarkdown(source.plan, { maxChars, noteLimit: GITHUB_BODY_LIMIT, title: c.title, detailsHint: pointer, marker: null });
    // The renderer shows the hint only in the note it adds when it leaves changes out.
    cutByRenderer = rendered.includes(pointer);
    content = rendered;
  } else {
    // `plan --format markdown` output starts with the generic marker; the body already has its own.
    content = withoutGenericMarker(source.text ?? '');
  }
  const fitted = fitBody({ head, content, tail }, pointer);
  return { body: fitted.body, truncated: fitted.truncated || cutByRenderer };
}

function withoutGenericMarker(text: string): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== COMMENT_MARKER)
    .join('\n');
}

export function dirTitle(prefix: string, dir: string): string {
  return `${prefix} ${escapeInline(dir)}`;
}
