/** The drift issue: one open issue per state directory (label + marker) holding the rendered plan; closed when drift is gone. */
import type { GitHubClient } from './client.js';
import { GitHubError } from './errors.js';
import { hasMarker } from './marker.js';
import { parseIssue, type Issue } from './wire.js';

export interface DriftInput {
  marker: string;
  label: string;
  /** Used when the issue is created. */
  title: string;
  /** The issue body when there is drift; must contain `marker` and fit GitHub's limit. */
  body: string;
  hasChanges: boolean;
  /** Posted on the issue before it is closed. */
  closeComment: string;
}

export interface DriftResult {
  action: 'created' | 'updated' | 'closed' | 'none';
  number?: number;
  url?: string;
}

/** Open issues with `label` whose body carries `marker`, oldest first (pull requests excluded). */
export async function findDriftIssues(client: GitHubClient, label: string, marker: string): Promise<Issue[]> {
  const items = await client.paginate(client.repoPath(`/issues?state=open&labels=${encodeURIComponent(label)}&sort=created&direction=asc`));
  return items.map(parseIssue).filter((i) => !i.isPullRequest && hasMarker(i.body, marker));
}

export async function syncDriftIssue(client: GitHubClient, input: DriftInput): Promise<DriftResult> {
  const [issue] = await findDriftIssues(client, input.label, input.marker);
  if (!input.hasChanges) {
    if (issue === undefined) return { action: 'none' };
    await client.request('POST', client.repoPath(`/issues/${issue.number}/comments`), { body: input.closeComment });
    await client.request('PATCH', client.repoPath(`/issues/${issue.number}`), { state: 'closed', state_reason: 'completed' });
    return { action: 'closed', number: issue.number, url: issue.htmlUrl };
  }
  if (!hasMarker(input.body, input.marker)) throw new Error('syncDriftIssue: the body must contain the marker');
  if (issue !== undefined) {
    // The title is left alone: people retitle issues, and the body carries what changed.
    const res = await client.request('PATCH', client.repoPath(`/issues/${issue.number}`), { body: input.body });
    const updated = parseIssue(res.json);
    return { action: 'updated', number: updated.number, url: updated.htmlUrl };
  }
  await ensureLabel(client, input.label);
  const res = await client.request('POST', client.repoPath('/issues'), { title: input.title, body: input.body, labels: [input.label] });
  const created = parseIssue(res.json);
  return { action: 'created', number: created.number, url: created.htmlUrl };
}

/**
 * GitHub drops labels it does not know from a new issue when the token may not create them, and the
 * next run, which searches by label, would open a second issue; so the label is made first.
 */
async function ensureLabel(client: GitHubClient, label: string): Promise<void> {
  try {
    await client.request('GET', client.repoPath(`/labels/${encodeURIComponent(label)}`));
  } catch (error) {
    if (!(error instanceof GitHubError) || error.status !== 404) throw error;
    try {
      await client.request('POST', client.repoPath('/labels'), { name: label, color: 'd93f0b', description: 'Live CXone skills differ from the skills-state in Git (cxskills)' });
    } catch (createError) {
      // 422: another run made it in between, which is what we wanted.
      if (!(createError instanceof GitHubError) || createError.status !== 422) throw createError;
    }
  }
}
