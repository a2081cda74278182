/** Fits a Markdown body under GitHub's 65,536-character limit: cut at a line, close what the cut left open, say where the rest is. */

/** GitHub refuses issue and comment bodies longer than this (counted here in UTF-16 units, which never undercounts). */
export const GITHUB_BODY_LIMIT = 65_536;

export interface BodyParts {
  /** Kept whole at the top (the hidden marker, a heading). */
  head: string;
  /** What may be cut. */
  content: string;
  /** Kept whole at the bottom (a run link). */
  tail?: string;
}

/** The note shown where a body was cut; `where` is Markdown naming the full plan's place. */
export function cutNote(where: string): string {
  return `> [!NOTE]\n> This text was cut to fit GitHub's ${GITHUB_BODY_LIMIT.toLocaleString('en-US')}-character limit. ${where}`;
}

export function fitBody(parts: BodyParts, where: string, limit = GITHUB_BODY_LIMIT): { body: string; truncated: boolean } {
  const tail = parts.tail ?? '';
  const whole = `${parts.head}${parts.content}${tail}`;
  if (whole.length <= limit) return { body: whole, truncated: false };
  const note = `\n${cutNote(where)}\n`;
  const budget = limit - parts.head.length - note.length - tail.length;
  if (budget < 0) throw new RangeError(`the head, note and tail alone are longer than ${limit} characters`);
  const lines = parts.content.split('\n');
  let kept = '';
  let open = new OpenBlocks();
  for (const line of lines) {
    const next = open.after(line);
    const candidate = `${kept}${line}\n`;
    if (candidate.length + next.closers().length > budget) break;
    kept = candidate;
    open = next;
  }
  if (kept === '' && lines.length > 0) kept = clipUnits(lines[0]!, Math.max(0, budget - 1));
  return { body: `${parts.head}${kept}${open.closers()}${note}${tail}`, truncated: true };
}

/** Cuts at most `max` UTF-16 units without splitting a surrogate pair. */
function clipUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = max > 0 && /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/** Code fences and `<details>` blocks open after some lines, and what closes them. */
class OpenBlocks {
  constructor(
    readonly fence: string | undefined = undefined,
    readonly details = 0,
  ) {}

  after(line: string): OpenBlocks {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (this.fence !== undefined) {
      const closes = fenceMatch !== null && fenceMatch[1]![0] === this.fence[0] && fenceMatch[1]!.length >= this.fence.length && line.trim() === fenceMatch[1];
      return closes ? new OpenBlocks(undefined, this.details) : this;
    }
    if (fenceMatch !== null) return new OpenBlocks(fenceMatch[1], this.details);
    const opened = (line.match(/<details[\s>]/gi) ?? []).length;
    const closed = (line.match(/<\/details>/gi) ?? []).length;
    return opened === closed ? this : new OpenBlocks(undefined, Math.max(0, this.details + opened - closed));
  }

  closers(): string {
    return `${this.fence !== undefined ? `${this.fence}\n` : ''}${'\n</details>\n'.repeat(this.details)}`;
  }
}
