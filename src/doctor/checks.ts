/** The doctor's verdicts: observations of a tenant → one check per assumption of contract v2 (pure). */
import type { Check, DoctorReport, Observations, ReadObservation } from './types.js';

/** The fields cxskills reads from each list; an item without them cannot be used. */
export const FIELDS_USED = {
  agents: ['agentId', 'userName'],
  skills: ['skillId', 'skillName'],
  assignments: ['agentId', 'skillId', 'agentProficiencyValue'],
} as const;

const n = (value: number) => value.toLocaleString('en-US');

function check(id: string, title: string, status: Check['status'], detail: string, relied: boolean, fix?: string): Check {
  return { id, title, status, detail, relied, ...(fix === undefined ? {} : { fix }) };
}

function connectionChecks(o: Observations): Check[] {
  if (o.connection === undefined) {
    const message = o.connectError?.message ?? 'no connection was made';
    return [check('connect', 'Token and API base', 'differs', message, true, 'Check CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET (and CXONE_CLIENT_ID/CXONE_CLIENT_SECRET for a registered application); set CXONE_API_BASE to skip discovery.')];
  }
  const c = o.connection;
  const who = [c.tenantId && `tenant ${c.tenantId}`, c.businessUnit !== undefined && `business unit ${c.businessUnit}`, c.cluster && `cluster ${c.cluster}`].filter(Boolean).join(', ');
  const token = check('token', 'Token', 'ok', `${c.grant === 'access-key' ? 'access-key grant (no registered application)' : 'registered-application grant'}${who ? `; ${who}` : ''}`, true);
  const base = !c.discovered
    ? check('discovery', 'API base', 'ok', `${c.apiBase} (CXONE_API_BASE is set: discovery skipped)`, false)
    : c.fallback
      ? check('discovery', 'API base', 'differs', `discovery failed; using the cluster fallback ${c.apiBase}`, false, 'Set CXONE_API_BASE to the API base your tenant uses, or CXONE_DISCOVERY_URL to a discovery endpoint that answers.')
      : check('discovery', 'API base', 'ok', `${c.apiBase} (discovered from the tenant id)`, false);
  return [token, base];
}

function hasFields(read: ReadObservation, fields: readonly string[]): string[] {
  return fields.filter((f) => !read.fields.includes(f));
}

function listCheck(id: string, title: string, read: ReadObservation | undefined, fields: readonly string[]): Check {
  if (read === undefined) return check(id, title, 'unknown', 'not read', true);
  if (read.status === 0) return check(id, title, 'differs', `no answer: ${read.error ?? 'the call failed'}`, true, 'Check the network path to CXONE_API_BASE (proxies, TLS inspection) and CXSKILLS_TIMEOUT_MS.');
  if (!read.json) return check(id, title, 'differs', `${read.status} ${read.contentType ?? 'no content type'}: not a JSON answer`, true, 'Requests carry Accept: application/json; a proxy or gateway may be rewriting them. Check CXONE_API_BASE.');
  if (read.status === 204 || read.rows === 0) return check(id, title, 'unknown', 'the list is empty: field names not seen', false);
  if (read.rows === undefined) return check(id, title, 'differs', `${read.status}: the answer has no list`, true, 'Check CXONE_API_BASE and CXONE_API_VERSION (default v31.0).');
  const missing = hasFields(read, fields);
  if (missing.length > 0) return check(id, title, 'differs', `items lack ${missing.join(', ')} (seen: ${read.fields.slice(0, 12).join(', ')})`, true, 'cxskills cannot read this list; try another CXONE_API_VERSION.');
  return check(id, title, 'ok', `${read.status}, ${n(read.rows)} rows, fields ${fields.join(', ')} present`, true);
}

function pagingChecks(o: Observations): Check[] {
  const page = o.assignmentsFiltered ?? o.assignments;
  const out: Check[] = [];
  if (page?.rows === undefined) out.push(check('page-size', 'Page size for top=1000', 'unknown', 'no page of /agents/skills was read', false));
  else {
    const asked = Number(page.query.top ?? '1000');
    const total = page.totalRecords;
    const all = total !== undefined && page.rows >= total;
    const status = page.rows >= asked || all ? 'ok' : 'differs';
    const detail = all ? `${n(page.rows)} rows: the whole list fits one page` : `${n(page.rows)} rows served for top=${asked}`;
    out.push(check('page-size', 'Page size for top=1000', status, `${detail}; totalRecords ${total === undefined ? 'missing' : n(total)}; _links ${page.links === 'absent' ? 'absent' : 'present'}`, false, status === 'differs' ? 'Nothing to set: cxskills steps skip by the rows received and reads until the end (a read costs one call per page served).' : undefined));
  }
  const past = o.pastEnd;
  if (past === undefined) out.push(check('empty-page', 'A page past the end', 'unknown', 'not read', true));
  else if (past.status === 0) out.push(check('empty-page', 'A page past the end', 'differs', `no answer: ${past.error ?? 'the call failed'}`, true, 'Check the network path to CXONE_API_BASE.'));
  else if (past.status === 204) out.push(check('empty-page', 'A page past the end', 'ok', '204 No Content', true));
  else if (past.status === 200 && past.rows === 0) out.push(check('empty-page', 'A page past the end', 'ok', '200 with no rows (not 204; both end a read)', true));
  else if (past.status === 200 && (past.rows ?? 0) > 0) out.push(check('empty-page', 'A page past the end', 'differs', `200 with ${past.rows} rows: the server ignores skip`, true, 'cxskills refuses a page that repeats an earlier one; reads on this server cannot be trusted.'));
  else out.push(check('empty-page', 'A page past the end', 'unknown', `${past.status}${past.error ? ` (${past.error})` : ''}`, false));
  return out;
}

function filterCheck(o: Observations): Check {
  const plain = o.assignments;
  if (plain === undefined) return check('filters', '/agents/skills without filters', 'unknown', 'not read', false);
  if (o.assignmentsFiltered === undefined) return check('filters', '/agents/skills without filters', 'ok', `answered ${plain.status}: isActive and isAgentActive are not required`, false);
  const ok = o.assignmentsFiltered.status === 200 || o.assignmentsFiltered.status === 204;
  return check('filters', '/agents/skills without filters', 'differs', `refused with ${plain.status}${plain.error ? ` (${plain.error})` : ''}; with the filters: ${o.assignmentsFiltered.status}`, !ok, ok ? 'Nothing to set: cxskills reads the four filtered combinations and merges them (four times the reads of one list).' : 'The filtered read failed too; check the API version.');
}

function sliceChecks(o: Observations): Check[] {
  const out: Check[] = [];
  const a = o.agentSlice;
  if (a === undefined || a.rows === undefined || a.rows === 0) out.push(check('agent-id-field', "Per-agent reads' agent field", 'unknown', a === undefined ? 'not read (no agent)' : `${a.status}: the agent has no skills`, false));
  else {
    const field = a.fields.includes('agentID_alt') ? 'agentID_alt' : a.fields.includes('agentId') ? 'agentId' : undefined;
    out.push(check('agent-id-field', "Per-agent reads' agent field", field ? 'ok' : 'unknown', field ? `items name the agent ${field} (the id is taken from the path either way)` : 'items name the agent neither agentId nor agentID_alt (the id is taken from the path)', false));
  }
  const s = o.skillSlice;
  if (s === undefined || s.rows === undefined || s.rows === 0) out.push(check('is-assigned', "Per-skill reads' isAssigned", 'unknown', s === undefined ? 'not read (no skill with agents)' : `${s.status}: no agents listed`, false));
  else out.push(check('is-assigned', "Per-skill reads' isAssigned", 'ok', s.fields.includes('isAssigned') ? `isAssigned sent; ${n(s.unassigned)} of ${n(s.rows)} items are isAssigned: false (not assignments; skipped)` : 'isAssigned not sent: every item is an assignment', false));
  const etags = [a, s].filter((r): r is ReadObservation => r !== undefined);
  if (etags.length === 0) out.push(check('etag', 'ETags', 'unknown', 'no per-agent or per-skill list was read', false));
  else if (etags.some((r) => r.etag)) out.push(check('etag', 'ETags', 'differs', 'per-agent or per-skill reads carry an ETag: apply also sends If-Match and treats 412 as "moved on: re-read"', false));
  else out.push(check('etag', 'ETags', 'ok', 'none sent (as contract v2 says): apply reconciles against fresh reads, without compare-and-set', false));
  return out;
}

function rateCheck(o: Observations): Check[] {
  const { requests, elapsedMs, rateLimited, retryAfterSeen } = o.rate;
  const perSecond = elapsedMs > 0 ? (requests * 1000) / elapsedMs : 0;
  const seen = `${requests} API requests in ${(elapsedMs / 1000).toFixed(1)} s (${perSecond.toFixed(1)}/s)`;
  const retry = rateLimited === 0
    ? check('retry-after', 'Retry-After on 429', 'unknown', 'no 429 was met', false)
    : check('retry-after', 'Retry-After on 429', retryAfterSeen === rateLimited ? 'ok' : 'differs', `${retryAfterSeen} of ${rateLimited} 429s carried Retry-After`, false, retryAfterSeen === rateLimited ? undefined : 'Nothing to set: without Retry-After cxskills backs off and learns the rate; lower --rate to meet fewer 429s.');
  const rate = check('rate', 'Rate limit', rateLimited === 0 ? 'unknown' : 'ok', rateLimited === 0 ? `${seen}, no 429: the limit is above that (or not reached)` : `${seen}, ${rateLimited} answered 429: keep --rate below ${Math.max(1, Math.floor(perSecond))}`, false);
  return [rate, retry];
}

/** `totalRecords`, or the rows of a page that is the whole list (204, or `_links` without `next`). */
function countOf(read: ReadObservation | undefined): number | undefined {
  if (read === undefined) return undefined;
  if (read.totalRecords !== undefined) return read.totalRecords;
  return read.status === 204 || read.links === 'no-next' ? read.rows : undefined;
}

/** The report: every check, the counts the API told, and whether anything relied upon differs. */
export function judge(o: Observations): DoctorReport {
  const checks = connectionChecks(o);
  if (o.connection !== undefined) {
    checks.push(
      listCheck('agents', '/agents', o.agents, FIELDS_USED.agents),
      listCheck('skills', '/skills', o.skills, FIELDS_USED.skills),
      filterCheck(o),
      listCheck('assignments', '/agents/skills', o.assignmentsFiltered ?? o.assignments, FIELDS_USED.assignments),
      ...pagingChecks(o),
      ...sliceChecks(o),
      ...rateCheck(o),
    );
  }
  const counts: DoctorReport['counts'] = {};
  const agents = countOf(o.agents);
  const skills = countOf(o.skills);
  // A filtered read counts only its combination, not the business unit.
  const assignments = o.assignmentsFiltered === undefined ? countOf(o.assignments) : undefined;
  if (agents !== undefined) counts.agents = agents;
  if (skills !== undefined) counts.skills = skills;
  if (assignments !== undefined) counts.assignments = assignments;
  return { checks, counts, failed: checks.some((c) => c.relied && c.status === 'differs') };
}
