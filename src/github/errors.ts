/** Errors of the GitHub client: a stable code, the call (method, path, status), a body excerpt, and never the token. */

export type GitHubErrorCode = 'GITHUB_CONFIG' | 'GITHUB_HTTP' | 'GITHUB_NETWORK' | 'GITHUB_BAD_RESPONSE';

export interface GitHubErrorInit {
  method?: string;
  path?: string;
  status?: number;
  excerpt?: string;
  cause?: unknown;
}

export class GitHubError extends Error {
  readonly code: GitHubErrorCode;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly status: number | undefined;
  readonly excerpt: string | undefined;

  constructor(code: GitHubErrorCode, message: string, init: GitHubErrorInit = {}) {
    super(describe(message, init), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'GitHubError';
    this.code = code;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.excerpt = init.excerpt;
  }
}

function describe(message: string, init: GitHubErrorInit): string {
  const call = init.method && init.path ? `${init.method} ${init.path}${init.status ? ` → ${init.status}` : ''}: ` : '';
  const excerpt = init.excerpt ? ` (body: ${init.excerpt})` : '';
  return `${call}${message}${excerpt}`;
}

export function isGitHubError(e: unknown): e is GitHubError {
  return e instanceof GitHubError;
}

/**
 * A short single-line excerpt of a response body with every occurrence of `secret` cut out: a proxy or
 * a misconfigured server may echo the Authorization header back, and the excerpt ends up in CI logs.
 */
export function safeExcerpt(body: string, secret: string, max = 200): string {
  const redacted = secret.length > 0 ? body.split(secret).join('***') : body;
  const flat = redacted.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
