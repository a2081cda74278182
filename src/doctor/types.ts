/** What `cxskills doctor` observes of a tenant, and the checks it derives: data, rendered as text or JSON. */
import type { Connection } from '../cxone/index.js';

/** One GET as the probe saw it: what was asked, what came back, the shape of the body. */
export interface ReadObservation {
  path: string;
  query: Record<string, string>;
  status: number;
  ms: number;
  contentType: string | undefined;
  /** The body parsed as JSON (false when it was not JSON, or there was none). */
  json: boolean;
  /** Rows in the page's list (undefined when the list was missing). */
  rows: number | undefined;
  totalRecords: number | undefined;
  /** `next` present, `_links` without `next`, or no `_links` at all. */
  links: 'next' | 'no-next' | 'absent';
  etag: boolean;
  /** Field names of the first item. */
  fields: string[];
  /** Items with `isAssigned: false` (per-skill lists). */
  unassigned: number;
  /** The error text of a non-2xx JSON answer (error, error_description), cut short. */
  error: string | undefined;
}

/** What the client found out connecting: the grant, the API base, and the tenant's ids from the token. */
export type ConnectionObservation = Connection;

export interface Observations {
  connection?: ConnectionObservation;
  /** Why no connection could be made (token or discovery failed). */
  connectError?: { code: string; message: string };
  /** With `top=1000` and no filters. */
  agents?: ReadObservation;
  skills?: ReadObservation;
  assignments?: ReadObservation;
  /** `/agents/skills` again with `isActive` and `isAgentActive`, read only when the plain read was refused. */
  assignmentsFiltered?: ReadObservation;
  /** A page past the end of `/agents/skills`. */
  pastEnd?: ReadObservation;
  agentSlice?: ReadObservation;
  skillSlice?: ReadObservation;
  /** Every answer the probe got, token and discovery calls included. */
  rate: { requests: number; elapsedMs: number; rateLimited: number; retryAfterSeen: number };
}

export type CheckStatus = 'ok' | 'differs' | 'unknown';

export interface Check {
  id: string;
  title: string;
  status: CheckStatus;
  /** What was seen, in a sentence. */
  detail: string;
  /** What to do or set when it differs. */
  fix?: string;
  /** cxskills relies on this: a `differs` makes doctor exit 1. */
  relied: boolean;
}

export interface DoctorReport {
  checks: Check[];
  counts: { agents?: number; skills?: number; assignments?: number };
  /** True when something cxskills relies on does not hold. */
  failed: boolean;
}
