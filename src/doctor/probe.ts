/** The doctor's reads: a few GETs that show how a tenant answers, recorded as observations (no writes, no secrets). */
import type { ConnectionObservation, Observations, ReadObservation } from './types.js';

export interface ProbeAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: unknown;
  ms: number;
}

/** What the probe needs of a client (CxoneClient fits). */
export interface ProbeClient {
  connection(): Promise<ConnectionObservation>;
  probe(path: string, query?: Record<string, string>): Promise<ProbeAnswer>;
}

/** A 429 says nothing of the endpoint: wait (Retry-After, else 1 s doubling) and ask again, a few times. */
export async function probeThrough429(client: Pick<ProbeClient, 'probe'>, path: string, query: Record<string, string>, wait: (ms: number) => Promise<void>): Promise<ProbeAnswer> {
  for (let attempt = 0; ; attempt++) {
    const answer = await client.probe(path, query);
    if (answer.status !== 429 || attempt >= 5) return answer;
    const seconds = Number(header(answer.headers, 'retry-after'));
    await wait(Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 30) * 1000 : Math.min(1000 * 2 ** attempt, 16_000));
  }
}

const LIST_KEYS: Record<string, string> = { agents: 'agents', skills: 'skills' };

function header(headers: ProbeAnswer['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function count(v: unknown): number | undefined {
  const x = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 ? x : undefined;
}

/** The error text of a refused call, short: `error: error_description`. */
function errorText(body: Record<string, unknown> | undefined): string | undefined {
  if (body === undefined) return undefined;
  const parts = [body.error, body.error_description ?? body.errorDescription ?? body.message].filter((p): p is string => typeof p === 'string');
  const text = parts.join(': ');
  return text === '' ? undefined : text.slice(0, 160);
}

export function observeRead(path: string, query: Record<string, string>, answer: ProbeAnswer): ReadObservation {
  const body = asRecord(answer.body);
  const key = LIST_KEYS[path.replace(/^\//, '')] ?? 'agentSkillAssignments';
  const list = body?.[key];
  const items = Array.isArray(list) ? list : undefined;
  const first = asRecord(items?.[0]);
  const links = asRecord(body?._links);
  const ok = answer.status >= 200 && answer.status < 300;
  return {
    path,
    query,
    status: answer.status,
    ms: Math.round(answer.ms),
    contentType: header(answer.headers, 'content-type'),
    json: answer.status === 204 || body !== undefined,
    rows: answer.status === 204 ? 0 : items?.length,
    totalRecords: count(body?.totalRecords),
    links: links === undefined ? 'absent' : links.next ? 'next' : 'no-next',
    etag: header(answer.headers, 'etag') !== undefined,
    fields: first === undefined ? [] : Object.keys(first),
    unassigned: items?.filter((i) => asRecord(i)?.isAssigned === false || asRecord(i)?.isAssigned === 'false').length ?? 0,
    error: ok ? undefined : errorText(body) ?? answer.text.replace(/\s+/g, ' ').slice(0, 120),
  };
}

/** Names isActive / isAgentActive: the server wants the filters the reference marks as required. */
export function refusesWithoutFilters(read: ReadObservation): boolean {
  return read.status === 400 && /isActive|isAgentActive/i.test(read.error ?? '');
}

function firstId(read: ReadObservation | undefined, answer: ProbeAnswer | undefined, listKey: string, idKey: string): number | undefined {
  if (read === undefined || answer === undefined) return undefined;
  const list = asRecord(answer.body)?.[listKey];
  if (!Array.isArray(list)) return undefined;
  for (const item of list) {
    const id = count(asRecord(item)?.[idKey]);
    if (id !== undefined) return id;
  }
  return undefined;
}

/**
 * Reads one page of each list with `top=1000`, a page past the end, one agent's and one skill's list.
 * `rate` is filled by the caller from its request policy (every answer counts, token calls too).
 */
export async function probeTenant(client: ProbeClient, wait: (ms: number) => Promise<void>): Promise<Omit<Observations, 'rate'>> {
  let connection: ConnectionObservation;
  try {
    connection = await client.connection();
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    return { connectError: { code: typeof e.code === 'string' ? e.code : 'ERROR', message: typeof e.message === 'string' ? e.message : String(error) } };
  }
  const page = { skip: '0', top: '1000' };
  const read = async (path: string, query: Record<string, string>) => {
    let answer: ProbeAnswer;
    try {
      answer = await probeThrough429(client, path, query, wait);
    } catch (error) {
      // A call that got no answer at all (reset, timeout) is an observation too, not the end of the probe.
      answer = { status: 0, headers: {}, text: error instanceof Error ? error.message : String(error), body: undefined, ms: 0 };
    }
    return { answer, read: observeRead(path, query, answer) };
  };
  const agents = await read('/agents', page);
  const skills = await read('/skills', page);
  const assignments = await read('/agents/skills', page);
  const out: Omit<Observations, 'rate'> = { connection, agents: agents.read, skills: skills.read, assignments: assignments.read };
  let usable = assignments;
  if (refusesWithoutFilters(assignments.read)) {
    usable = await read('/agents/skills', { ...page, isActive: 'true', isAgentActive: 'true' });
    out.assignmentsFiltered = usable.read;
  }
  const total = usable.read.totalRecords;
  const pastSkip = String(Math.max(total ?? 0, usable.read.rows ?? 0) + 100_000);
  out.pastEnd = (await read('/agents/skills', { ...usable.read.query, skip: pastSkip, top: '100' })).read;
  const agentId = firstId(usable.read, usable.answer, 'agentSkillAssignments', 'agentId') ?? firstId(agents.read, agents.answer, 'agents', 'agentId');
  if (agentId !== undefined) out.agentSlice = (await read(`/agents/${agentId}/skills`, {})).read;
  const skillId = firstId(usable.read, usable.answer, 'agentSkillAssignments', 'skillId') ?? firstId(skills.read, skills.answer, 'skills', 'skillId');
  if (skillId !== undefined) out.skillSlice = (await read(`/skills/${skillId}/agents`, page)).read;
  return out;
}
