/** Is the plan apply runs after a merge the plan reviewed on the pull request? Found by the commit, compared by digest. */
import type { Change, Plan } from '../plan/types.js';
import { shortChecksum } from '../render/format.js';
import { groupedSummaryLine } from '../render/verdict.js';
import type { GitHubClient } from './client.js';
import { findMarkedComment } from './sticky-comment.js';

/** The merged pull request a pushed commit came from (the first GitHub associates with it that was merged). */
export async function mergedPullRequestOf(client: GitHubClient, sha: string): Promise<number | undefined> {
  const items = await client.paginate(client.repoPath(`/commits/${sha}/pulls`));
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    const pr = item as { number?: unknown; merged_at?: unknown };
    if (typeof pr.number === 'number' && typeof pr.merged_at === 'string') return pr.number;
  }
  return undefined;
}

export interface ReviewedPlan {
  /** The 12 hex digits the comment's footer shows. */
  digest?: string;
  /** The verdict line of the comment, as reviewed. */
  verdict?: string;
  commit?: string;
}

/** What the sticky plan comment says of the plan it shows (its footer and verdict). */
export function parseReviewedComment(body: string): ReviewedPlan {
  const digest = /plan digest `([0-9a-f]{12})`/.exec(body)?.[1];
  const verdict = /^\*\*(Plan: [^*\n]*?\.|No changes\.[^*\n]*)/m.exec(body)?.[1];
  const commit = /for commit ([0-9a-f]{7,40})/.exec(body)?.[1];
  return { digest, verdict, commit };
}

export type Comparison =
  | { result: 'identical'; pr: number; reviewed: ReviewedPlan }
  | { result: 'differs'; pr: number; reviewed: ReviewedPlan; now: string }
  | { result: 'unknown'; pr?: number; reason: string };

export function comparePlans(plan: Plan, pr: number, reviewed: ReviewedPlan | undefined): Comparison {
  if (reviewed === undefined) return { result: 'unknown', pr, reason: `pull request #${pr} has no cxskills plan comment for ${plan.dir}` };
  if (reviewed.digest === undefined || plan.digest === undefined) return { result: 'unknown', pr, reason: `the plan comment on #${pr} shows no plan digest (made by an older cxskills)` };
  return reviewed.digest === shortChecksum(plan.digest) ? { result: 'identical', pr, reviewed } : { result: 'differs', pr, reviewed, now: groupedSummaryLine(plan) };
}

export async function findReviewedPlan(client: GitHubClient, pr: number, marker: string): Promise<ReviewedPlan | undefined> {
  const comment = await findMarkedComment(client, pr, marker);
  return comment === undefined ? undefined : parseReviewedComment(comment.body);
}

/** How the changes of two plans differ, pair by pair (a change whose kind or values moved is `altered`). */
export interface ChangeDiff {
  added: Change[];
  dropped: Change[];
  altered: Array<{ reviewed: Change; now: Change }>;
}

const key = (c: Change) => `${c.agentId}/${c.skillId}`;
const sameChange = (a: Change, b: Change) => JSON.stringify([a.kind, 'before' in a ? a.before : null, 'after' in a ? a.after : null]) === JSON.stringify([b.kind, 'before' in b ? b.before : null, 'after' in b ? b.after : null]);

export function diffChanges(reviewed: Pick<Plan, 'changes'>, now: Pick<Plan, 'changes'>): ChangeDiff {
  const before = new Map(reviewed.changes.map((c) => [key(c), c]));
  const out: ChangeDiff = { added: [], dropped: [], altered: [] };
  for (const c of now.changes) {
    const r = before.get(key(c));
    if (r === undefined) out.added.push(c);
    else if (!sameChange(r, c)) out.altered.push({ reviewed: r, now: c });
    before.delete(key(c));
  }
  out.dropped.push(...before.values());
  return out;
}

/** The differing changes as Markdown list lines, the first `max` of them, then how many more. */
export function diffLines(diff: ChangeDiff, plan: Pick<Plan, 'names'>, max = 20): string[] {
  const name = (c: Change) => `${plan.names.agents[String(c.agentId)] ?? `agent ${c.agentId}`} / ${plan.names.skills[String(c.skillId)] ?? `skill ${c.skillId}`}`;
  const value = (c: Change) => (c.kind === 'remove' ? 'remove' : `${c.kind} → proficiency ${c.after.proficiency}${c.after.active ? '' : ', inactive'}`);
  const lines = [
    ...diff.added.map((c) => `- new since the review: ${name(c)}: ${value(c)}`),
    ...diff.dropped.map((c) => `- reviewed, no longer planned: ${name(c)}: ${value(c)}`),
    ...diff.altered.map((d) => `- changed since the review: ${name(d.now)}: reviewed ${value(d.reviewed)}, now ${value(d.now)}`),
  ];
  return lines.length > max ? [...lines.slice(0, max), `- … ${lines.length - max} more`] : lines;
}

/** One Markdown line for the job summary and the PR: what apply is about to apply, against what was reviewed. */
export function comparisonText(c: Comparison, plan: Plan): string {
  const dir = `\`${plan.dir.replace(/`/g, '')}\``;
  if (c.result === 'identical') return `The plan of ${dir} is **identical to the plan reviewed in #${c.pr}**${c.reviewed.commit ? ` (commit ${c.reviewed.commit.slice(0, 12)})` : ''}.`;
  if (c.result === 'differs') {
    return (
      `The plan of ${dir} **differs from the plan reviewed in #${c.pr}**: reviewed "${c.reviewed.verdict ?? 'unknown'}" (digest ${c.reviewed.digest ?? '?'}), ` +
      `now "${c.now}" (digest ${plan.digest !== undefined ? shortChecksum(plan.digest) : '?'}). The tenant or main changed since the review; the approver should read this plan, not the pull request's.`
    );
  }
  return `Could not compare the plan of ${dir} with a reviewed one: ${c.reason}.`;
}
