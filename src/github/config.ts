/** GitHub API settings from the environment Actions provides: API URL, token, owner/repo. The token is never in a message. */
import { GitHubError } from './errors.js';

export interface GitHubConfig {
  /** Base of the REST API, e.g. `https://api.github.com` or `https://ghe.example.com/api/v3` (no trailing slash). */
  apiUrl: string;
  token: string;
  owner: string;
  repo: string;
}

export const DEFAULT_API_URL = 'https://api.github.com';

const LOOPBACK = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;

export function githubConfigFromEnv(env: NodeJS.ProcessEnv): GitHubConfig {
  const missing = (['GITHUB_TOKEN', 'GITHUB_REPOSITORY'] as const).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new GitHubError(
      'GITHUB_CONFIG',
      `Missing environment variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. In a workflow, pass GITHUB_TOKEN: \${{ github.token }} in the step's env; GITHUB_REPOSITORY is set by Actions.`,
    );
  }
  const repository = env.GITHUB_REPOSITORY!;
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repository);
  if (match === null) {
    throw new GitHubError('GITHUB_CONFIG', `GITHUB_REPOSITORY must be "owner/name", got "${repository}".`);
  }
  return { apiUrl: checkApiUrl(env.GITHUB_API_URL || DEFAULT_API_URL), token: env.GITHUB_TOKEN!, owner: match[1]!, repo: match[2]! };
}

/** https only (http for loopback, where the tests' fake API lives), no credentials in the URL. */
function checkApiUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new GitHubError('GITHUB_CONFIG', 'GITHUB_API_URL is not a valid URL.');
  }
  if (url.username || url.password) throw new GitHubError('GITHUB_CONFIG', 'GITHUB_API_URL must not contain credentials.');
  if (url.search || url.hash) throw new GitHubError('GITHUB_CONFIG', 'GITHUB_API_URL must not have a query or a fragment.');
  const ok = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname));
  if (!ok) throw new GitHubError('GITHUB_CONFIG', `GITHUB_API_URL must use https:// (http:// only for loopback), got ${url.protocol}//${url.host}.`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
