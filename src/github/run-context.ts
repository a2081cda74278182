/** What the Actions environment tells about the current run: its URL, and the pull request it runs for. */
import { readFile } from 'node:fs/promises';

/** `https://github.com/o/r/actions/runs/123`, where the job summary and the artifacts are; undefined outside Actions. */
export function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  if (!server || !repo || !run || !/^\d+$/.test(run)) return undefined;
  const attempt = env.GITHUB_RUN_ATTEMPT && /^\d+$/.test(env.GITHUB_RUN_ATTEMPT) && env.GITHUB_RUN_ATTEMPT !== '1' ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
  return `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${run}${attempt}`;
}

/** Markdown saying where the full plan is, for notes on cut bodies. */
export function fullPlanPointer(url: string | undefined): string {
  return url
    ? `The full plan is in the [job summary and the plan artifact of this run](${url}).`
    : 'The full plan is in the job summary and the plan artifact of the workflow run that made it.';
}

/** The pull request number of a `pull_request`/`pull_request_target`/`issue_comment` event, from GITHUB_EVENT_PATH. */
export async function pullRequestFromEvent(env: NodeJS.ProcessEnv): Promise<number | undefined> {
  if (!env.GITHUB_EVENT_PATH) return undefined;
  let event: unknown;
  try {
    event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof event !== 'object' || event === null) return undefined;
  const e = event as { pull_request?: { number?: unknown }; issue?: { number?: unknown; pull_request?: unknown } };
  if (typeof e.pull_request?.number === 'number') return e.pull_request.number;
  if (e.issue?.pull_request !== undefined && typeof e.issue.number === 'number') return e.issue.number;
  return undefined;
}

/** The commit a run planned: the pull request's head (not the merge commit Actions checks out), else GITHUB_SHA. */
export async function commitFromEvent(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (env.GITHUB_EVENT_PATH) {
    try {
      const event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { head?: { sha?: unknown } }; merge_group?: { head_sha?: unknown } };
      const sha = event.pull_request?.head?.sha ?? event.merge_group?.head_sha;
      if (typeof sha === 'string' && /^[0-9a-f]{40}$/.test(sha)) return sha;
    } catch {
      // fall through to GITHUB_SHA
    }
  }
  return env.GITHUB_SHA && /^[0-9a-f]{40}$/.test(env.GITHUB_SHA) ? env.GITHUB_SHA : undefined;
}
