/** Maps request paths to API routes and their normalised names (`PUT /agents/:id/skills`), shared by handlers, faults and stats. */

export type RouteKind = 'agents' | 'skills' | 'assignments' | 'agent-skills' | 'skill-agents';

export interface RouteMatch {
  /** `null`: no route has this path (404). */
  kind: RouteKind | null;
  /** The path with ids replaced by `:id`, e.g. `/agents/:id/skills`. */
  pattern: string;
  /** The raw id segment, for the per-agent and per-skill routes. */
  id?: string;
  /** Methods the route answers. */
  allowed: readonly string[];
}

/** Any `vNN.N`, in any letter case (`/inContactAPI/...` is common): clients pin a version, the emulator serves them all the same. */
const API_PREFIX = /^\/incontactapi\/services\/v\d+\.\d+(\/.*)?$/i;
export const API_ROOT = '/incontactapi/services';
export const DEFAULT_API_VERSION = 'v31.0';

const READ_ONLY = ['GET'] as const;
const READ_WRITE = ['GET', 'POST', 'PUT', 'DELETE'] as const;
/** `/agents/skills`: the bulk read, and `POST` the bulk upsert. */
const READ_UPSERT = ['GET', 'POST'] as const;

/** The path below `/incontactapi/services/vNN.N`, or null when the request is not for the API. */
export function apiPath(pathname: string): string | null {
  const match = API_PREFIX.exec(pathname);
  if (!match) return null;
  return match[1] ?? '/';
}

export function isWriteMethod(method: string): boolean {
  return method === 'POST' || method === 'PUT' || method === 'DELETE';
}

export function matchRoute(path: string): RouteMatch {
  // Path case does not matter on the real API; ids are digits, so lowering the whole path is safe.
  const segments = path.toLowerCase().split('/').filter((s) => s !== '');
  const [first, second, third] = segments;
  if (segments.length === 1 && first === 'agents') return { kind: 'agents', pattern: '/agents', allowed: READ_ONLY };
  if (segments.length === 1 && first === 'skills') return { kind: 'skills', pattern: '/skills', allowed: READ_ONLY };
  if (segments.length === 2 && first === 'agents' && second === 'skills') {
    return { kind: 'assignments', pattern: '/agents/skills', allowed: READ_UPSERT };
  }
  if (segments.length === 3 && first === 'agents' && third === 'skills' && second !== undefined) {
    return { kind: 'agent-skills', pattern: '/agents/:id/skills', id: second, allowed: READ_WRITE };
  }
  if (segments.length === 3 && first === 'skills' && third === 'agents' && second !== undefined) {
    return { kind: 'skill-agents', pattern: '/skills/:id/agents', id: second, allowed: READ_WRITE };
  }
  // Unknown paths are still counted in stats; replacing ids keeps that table from growing per id.
  const pattern = `/${segments.map((s) => (/^\d+$/.test(s) ? ':id' : s)).join('/')}`;
  return { kind: null, pattern, allowed: [] };
}

/** A numeric path id (`"1001"`, also `"01001"`), or undefined when it is not one. */
export function parsePathId(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,15}$/.test(raw)) return undefined;
  const id = Number(raw);
  return id > 0 ? id : undefined;
}
