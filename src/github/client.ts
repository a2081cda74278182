/** A small GitHub REST client on undici: JSON in and out, pagination, errors with method/path/status and never the token. */
import { Agent, type Dispatcher } from 'undici';
import { toolVersion } from '../version.js';
import type { GitHubConfig } from './config.js';
import { GitHubError, safeExcerpt } from './errors.js';
import { nextPageUrl } from './link.js';

export type GitHubMethod = 'GET' | 'POST' | 'PATCH';

export interface GitHubResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

/** Pages followed at most by `paginate`: 100 items each, so 10,000 comments; a loop guard, not a limit anyone meets. */
export const MAX_PAGES = 100;

export class GitHubClient {
  readonly owner: string;
  readonly repo: string;
  readonly #config: GitHubConfig;
  readonly #base: URL;
  readonly #agent: Agent;

  /** Applied to every request body: what is posted to a pull request is printed, too, for everyone who reads it. */
  readonly #redact: (text: string) => string;

  constructor(config: GitHubConfig, options: { redact?: (text: string) => string } = {}) {
    this.#redact = options.redact ?? ((text) => text);
    this.#config = config;
    this.owner = config.owner;
    this.repo = config.repo;
    this.#base = new URL(`${config.apiUrl}/`);
    this.#agent = new Agent({ connections: 4, keepAliveTimeout: 10_000, connect: { timeout: 10_000 }, headersTimeout: 30_000, bodyTimeout: 30_000 });
  }

  /** `/repos/{owner}/{repo}` + `suffix`, with both names escaped. */
  repoPath(suffix: string): string {
    return `/repos/${encodeURIComponent(this.owner)}/${encodeURIComponent(this.repo)}${suffix}`;
  }

  /** One call; `path` is relative to the API URL (`/repos/...`). A status outside 2xx throws. */
  async request(method: GitHubMethod, path: string, body?: unknown): Promise<GitHubResponse> {
    return this.#send(method, this.#url(path), path, body);
  }

  /** GET every page of a list (`per_page=100`, following `Link: rel="next"` on the API's own origin only). */
  async paginate(path: string): Promise<unknown[]> {
    const items: unknown[] = [];
    let url: URL | undefined = this.#url(`${path}${path.includes('?') ? '&' : '?'}per_page=100`);
    let label = `${url.pathname.slice(this.#base.pathname.length - 1)}${url.search}`;
    for (let page = 0; url !== undefined; page++) {
      if (page >= MAX_PAGES) throw new GitHubError('GITHUB_BAD_RESPONSE', `more than ${MAX_PAGES} pages; stopped`, { method: 'GET', path: label });
      const res = await this.#send('GET', url, label, undefined);
      if (!Array.isArray(res.json)) throw new GitHubError('GITHUB_BAD_RESPONSE', 'expected a JSON array', { method: 'GET', path: label, status: res.status });
      items.push(...(res.json as unknown[]));
      url = this.#nextUrl(res.headers.link, label);
      if (url !== undefined) label = `${url.pathname.slice(this.#base.pathname.length - 1)}${url.search}`;
    }
    return items;
  }

  close(): Promise<void> {
    return this.#agent.close();
  }

  #url(path: string): URL {
    return new URL(path.replace(/^\/+/, ''), this.#base);
  }

  /** The token goes only to the configured API: a next link to any other origin or path is refused. */
  #nextUrl(link: string | string[] | undefined, label: string): URL | undefined {
    const next = nextPageUrl(link);
    if (next === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(next, this.#base);
    } catch {
      throw new GitHubError('GITHUB_BAD_RESPONSE', 'the Link header has an invalid next URL', { method: 'GET', path: label });
    }
    if (url.origin !== this.#base.origin || !url.pathname.startsWith(this.#base.pathname)) {
      throw new GitHubError('GITHUB_BAD_RESPONSE', `the Link header points outside GITHUB_API_URL (${url.origin}); not following it`, { method: 'GET', path: label });
    }
    return url;
  }

  async #send(method: GitHubMethod, url: URL, label: string, body: unknown): Promise<GitHubResponse> {
    const headers: Record<string, string> = {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${this.#config.token}`,
      'user-agent': `cxskills/${toolVersion()}`,
      'x-github-api-version': '2022-11-28',
    };
    if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    let res: Dispatcher.ResponseData;
    let text: string;
    try {
      res = await this.#agent.request({ origin: url.origin, path: `${url.pathname}${url.search}`, method, headers, body: body === undefined ? undefined : this.#redact(JSON.stringify(body)) });
      text = await res.body.text();
    } catch (error) {
      const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : 'no code';
      const message = error instanceof Error ? error.message : String(error);
      throw new GitHubError('GITHUB_NETWORK', `network error (${code}: ${safeExcerpt(message, this.#config.token, 120)})`, { method, path: label });
    }
    if (res.statusCode < 200 || res.statusCode > 299) {
      throw new GitHubError('GITHUB_HTTP', statusHint(res.statusCode), { method, path: label, status: res.statusCode, excerpt: safeExcerpt(text, this.#config.token) });
    }
    let json: unknown = null;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        throw new GitHubError('GITHUB_BAD_RESPONSE', 'the response is not JSON', { method, path: label, status: res.statusCode, excerpt: safeExcerpt(text, this.#config.token) });
      }
    }
    return { status: res.statusCode, headers: res.headers, json };
  }
}

/** What a failing status most likely means in a workflow, so the log says what to fix. */
function statusHint(status: number): string {
  if (status === 401) return 'GitHub refused the token (expired or invalid GITHUB_TOKEN)';
  if (status === 403) return 'forbidden: the token lacks a permission (the job needs pull-requests: write for comments, issues: write for drift issues), or a rate limit was hit';
  if (status === 404) return 'not found (wrong GITHUB_REPOSITORY or number, or the token cannot see the repository)';
  if (status === 422) return 'GitHub rejected the request as invalid';
  if (status === 429) return 'rate limited by GitHub; re-run the job later';
  if (status >= 500) return 'GitHub had a server error; re-run the job';
  return `unexpected HTTP status ${status}`;
}
