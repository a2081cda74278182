/** The sticky pull-request comment: one per marker, found among all comments, updated in place or created. */
import type { GitHubClient } from './client.js';
import { hasMarker } from './marker.js';
import { parseComment, type IssueComment } from './wire.js';

export interface StickyResult {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
  url: string;
}

/** The oldest comment carrying `marker`: the one the first run made. */
export async function findMarkedComment(client: GitHubClient, issueNumber: number, marker: string): Promise<IssueComment | undefined> {
  const items = await client.paginate(client.repoPath(`/issues/${issueNumber}/comments`));
  return items.map(parseComment).find((c) => hasMarker(c.body, marker));
}

/** `body` must already contain `marker` (so the next run finds it) and fit GitHub's limit. */
export async function upsertStickyComment(client: GitHubClient, issueNumber: number, marker: string, body: string): Promise<StickyResult> {
  if (!hasMarker(body, marker)) throw new Error('upsertStickyComment: the body must contain the marker');
  const existing = await findMarkedComment(client, issueNumber, marker);
  if (existing === undefined) {
    const res = await client.request('POST', client.repoPath(`/issues/${issueNumber}/comments`), { body });
    const created = parseComment(res.json);
    return { action: 'created', id: created.id, url: created.htmlUrl };
  }
  if (existing.body === body) return { action: 'unchanged', id: existing.id, url: existing.htmlUrl };
  const res = await client.request('PATCH', client.repoPath(`/issues/comments/${existing.id}`), { body });
  const updated = parseComment(res.json);
  return { action: 'updated', id: updated.id, url: updated.htmlUrl };
}
