/** GitHub JSON → the few typed fields cxskills uses, checked once at the edge. */
import { GitHubError } from './errors.js';

export interface IssueComment {
  id: number;
  body: string;
  htmlUrl: string;
}

export interface Issue {
  number: number;
  title: string;
  body: string;
  state: string;
  htmlUrl: string;
  /** The issues API lists pull requests too; they carry a `pull_request` key. */
  isPullRequest: boolean;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new GitHubError('GITHUB_BAD_RESPONSE', `expected ${what} object from GitHub`);
  return value as Record<string, unknown>;
}

function field<T>(o: Record<string, unknown>, key: string, type: 'number' | 'string', what: string): T {
  const v = o[key];
  if (typeof v !== type) throw new GitHubError('GITHUB_BAD_RESPONSE', `${what} from GitHub has no ${type} "${key}"`);
  return v as T;
}

export function parseComment(value: unknown): IssueComment {
  const o = record(value, 'a comment');
  return {
    id: field<number>(o, 'id', 'number', 'a comment'),
    body: typeof o.body === 'string' ? o.body : '',
    htmlUrl: typeof o.html_url === 'string' ? o.html_url : '',
  };
}

export function parseIssue(value: unknown): Issue {
  const o = record(value, 'an issue');
  return {
    number: field<number>(o, 'number', 'number', 'an issue'),
    title: typeof o.title === 'string' ? o.title : '',
    body: typeof o.body === 'string' ? o.body : '',
    state: typeof o.state === 'string' ? o.state : '',
    htmlUrl: typeof o.html_url === 'string' ? o.html_url : '',
    isPullRequest: o.pull_request !== undefined && o.pull_request !== null,
  };
}
