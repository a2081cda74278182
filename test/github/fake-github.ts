/** A fake GitHub REST API on loopback (node:http, port 0): issue comments, issues, labels, pagination, auth, injected faults. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user: string;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  pull_request?: boolean;
}

export interface Fault {
  method: string;
  /** Matches when the request path (without query) ends with this. */
  pathSuffix: string;
  status: number;
  body: string;
  /** How many requests it answers (default 1). */
  times?: number;
}

export interface FakeGitHub {
  url: string;
  token: string;
  owner: string;
  repo: string;
  comments: FakeComment[];
  issues: FakeIssue[];
  labels: Set<string>;
  requests: Array<{ method: string; path: string; authorization: string | undefined }>;
  /** Page size the server uses whatever `per_page` asks, to exercise pagination with few items. */
  pageSize: number;
  faults: Fault[];
  /** Pull requests associated with a commit (`GET /commits/{sha}/pulls`), by commit SHA. */
  commitPulls: Record<string, number[]>;
  close(): Promise<void>;
}

const BODY_LIMIT = 65_536;

export async function startFakeGitHub(options: { token?: string; owner?: string; repo?: string; pageSize?: number } = {}): Promise<FakeGitHub> {
  let nextId = 9000;
  const state: Omit<FakeGitHub, 'url' | 'close'> = {
    token: options.token ?? 'ghs_fakeTOKEN_0123456789abcdef',
    owner: options.owner ?? 'acme',
    repo: options.repo ?? 'cx-config',
    comments: [],
    issues: [],
    labels: new Set(),
    requests: [],
    pageSize: options.pageSize ?? 100,
    faults: [],
    commitPulls: {},
  };
  const server: Server = createServer((req, res) => {
    readBody(req).then(
      (text) => handle(req, res, text),
      () => send(res, 400, { message: 'bad body' }),
    );
  });

  function handle(req: IncomingMessage, res: ServerResponse, text: string): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    state.requests.push({ method, path: `${url.pathname}${url.search}`, authorization: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${state.token}`) return send(res, 401, { message: 'Bad credentials' });
    if (!req.headers['user-agent']) return send(res, 403, { message: 'User-Agent required' });
    const fault = state.faults.find((f) => f.method === method && url.pathname.endsWith(f.pathSuffix));
    if (fault !== undefined) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) state.faults.splice(state.faults.indexOf(fault), 1);
      res.writeHead(fault.status, { 'content-type': 'application/json' });
      res.end(fault.body);
      return;
    }
    const body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    if (typeof body.body === 'string' && body.body.length > BODY_LIMIT) {
      return send(res, 422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] });
    }
    const prefix = `/repos/${state.owner}/${state.repo}`;
    if (!url.pathname.startsWith(`${prefix}/`)) return send(res, 404, { message: 'Not Found' });
    const rest = url.pathname.slice(prefix.length);
    let m: RegExpExecArray | null;

    if ((m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const issue = Number(m[1]);
      if (method === 'GET') return sendPage(req, res, url, state.comments.filter((c) => c.issue === issue).map(commentJson));
      if (method === 'POST') {
        const c: FakeComment = { id: nextId++, issue, body: String(body.body ?? ''), user: 'github-actions[bot]' };
        state.comments.push(c);
        return send(res, 201, commentJson(c));
      }
    }
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(rest)) && method === 'PATCH') {
      const c = state.comments.find((x) => x.id === Number(m![1]));
      if (c === undefined) return send(res, 404, { message: 'Not Found' });
      c.body = String(body.body ?? '');
      return send(res, 200, commentJson(c));
    }
    if (rest === '/issues') {
      if (method === 'GET') {
        const wanted = url.searchParams.get('labels')?.split(',') ?? [];
        const st = url.searchParams.get('state') ?? 'open';
        const list = state.issues.filter((i) => (st === 'all' || i.state === st) && wanted.every((l) => i.labels.includes(l)));
        return sendPage(req, res, url, list.map(issueJson));
      }
      if (method === 'POST') {
        const labels = Array.isArray(body.labels) ? body.labels.map(String).filter((l) => state.labels.has(l)) : [];
        const issue: FakeIssue = { number: nextId++, title: String(body.title ?? ''), body: String(body.body ?? ''), state: 'open', state_reason: null, labels };
        state.issues.push(issue);
        return send(res, 201, issueJson(issue));
      }
    }
    if ((m = /^\/issues\/(\d+)$/.exec(rest)) && method === 'PATCH') {
      const issue = state.issues.find((i) => i.number === Number(m![1]));
      if (issue === undefined) return send(res, 404, { message: 'Not Found' });
      if (typeof body.title === 'string') issue.title = body.title;
      if (typeof body.body === 'string') issue.body = body.body;
      if (body.state === 'closed' || body.state === 'open') issue.state = body.state;
      if (typeof body.state_reason === 'string') issue.state_reason = body.state_reason;
      return send(res, 200, issueJson(issue));
    }
    if ((m = /^\/commits\/([0-9a-f]{40})\/pulls$/.exec(rest)) && method === 'GET') {
      const numbers = state.commitPulls[m[1]!] ?? [];
      return sendPage(req, res, url, numbers.map((n) => ({ number: n, state: 'closed', merged_at: '2026-12-01T10:00:00Z', html_url: `https://github.test/${state.owner}/${state.repo}/pull/${n}` })));
    }
    if ((m = /^\/labels\/([^/]+)$/.exec(rest)) && method === 'GET') {
      const name = decodeURIComponent(m[1]!);
      return state.labels.has(name) ? send(res, 200, { name }) : send(res, 404, { message: 'Not Found' });
    }
    if (rest === '/labels' && method === 'POST') {
      const name = String(body.name ?? '');
      if (state.labels.has(name)) return send(res, 422, { message: 'Validation Failed', errors: [{ code: 'already_exists' }] });
      state.labels.add(name);
      return send(res, 201, { name });
    }
    return send(res, 404, { message: 'Not Found' });
  }

  function commentJson(c: FakeComment): Record<string, unknown> {
    return { id: c.id, body: c.body, user: { login: c.user, type: 'Bot' }, html_url: `https://github.test/${state.owner}/${state.repo}/pull/${c.issue}#issuecomment-${c.id}` };
  }

  function issueJson(i: FakeIssue): Record<string, unknown> {
    return {
      number: i.number,
      title: i.title,
      body: i.body,
      state: i.state,
      state_reason: i.state_reason,
      labels: i.labels.map((name) => ({ name })),
      html_url: `https://github.test/${state.owner}/${state.repo}/issues/${i.number}`,
      ...(i.pull_request ? { pull_request: { url: 'x' } } : {}),
    };
  }

  /** GitHub style: `page` from 1, a `Link` header with an absolute `rel="next"` URL while more remain. */
  function sendPage(req: IncomingMessage, res: ServerResponse, url: URL, items: unknown[]): void {
    const page = Number(url.searchParams.get('page') ?? '1');
    const size = state.pageSize;
    const slice = items.slice((page - 1) * size, page * size);
    const headers: Record<string, string> = {};
    if (page * size < items.length) {
      const next = new URL(url.toString());
      next.searchParams.set('page', String(page + 1));
      headers.link = `<http://${req.headers.host}${next.pathname}${next.search}>; rel="next", <http://${req.headers.host}${url.pathname}>; rel="first"`;
    }
    send(res, 200, slice, headers);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}

function send(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(json));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
