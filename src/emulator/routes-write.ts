/** The write routes: whole-body checks (404, 400, TooManyItems, 409, If-Match with etags), then per-item results inside a 200. */
import type { ItemFault } from './faults.js';
import type { InFlight, ResourceKey } from './inflight.js';
import { errorReply, etag, jsonReply, type Reply } from './reply.js';
import { parsePathId, type RouteMatch } from './router.js';
import type { ItemCounts } from './stats.js';
import type { Tenant } from './tenant.js';
import { checkUpsert, pairCount, upsertEntries, upsertNamedIds } from './upsert-items.js';
import { applyChecked, type ResultShape } from './write-apply.js';
import { checkItems, itemList, namedIds, type CheckedItem, type WriteMethod, type WriteTarget } from './write-items.js';

export interface WriteRequest {
  method: WriteMethod;
  route: RouteMatch;
  body: string;
  ifMatch: string | undefined;
  /** A scripted item fault picked for this request. */
  itemFault: ItemFault | undefined;
}

export interface WriteEnv {
  tenant: Tenant;
  maxItems: number;
  inFlight: InFlight;
  /** Serve the real API's quirks (see quirks.ts). */
  quirks: boolean;
  /** ETags on answers and If-Match honoured (else both ignored, as the contract says real tenants do). */
  etags: boolean;
  /** `agents`: a write holds only the agents it names; `lists`: also the skills and its path resource. */
  conflicts: 'agents' | 'lists';
  /** One seeded draw per item: true fails it (itemFailRate). */
  itemFails(): boolean;
  /** Runs once the answer is out (or the socket is gone): ends the write's in-flight window. */
  onFinished(fn: () => void): void;
}

export interface WriteOutcome extends ItemCounts {
  reply: Reply;
}

const NOTHING: ItemCounts = { itemsWritten: 0, itemsFailed: 0, injectedFailures: 0, omitted: 0 };

/** Strong comparison (RFC 9110): `"7"` or `*` match, a weak `W/"7"` never does. */
export function ifMatchSatisfied(header: string | undefined, version: number): boolean {
  if (header === undefined) return true;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag(version);
  });
}

function rejected(reply: Reply): WriteOutcome {
  return { reply, ...NOTHING };
}

function tooMany(maxItems: number, got: number): WriteOutcome {
  return rejected(errorReply(400, 'TooManyItems', `too many items: at most ${maxItems} per request, got ${got}`));
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

const INVALID_JSON = (): WriteOutcome => rejected(errorReply(400, 'InvalidJson', 'request body is not valid JSON'));

/** Holds the named agents (and skills, with `conflicts: lists`) until the answer is out; null (409) when another write holds one. */
function acquire(env: WriteEnv, keys: ResourceKey[], what: string): WriteOutcome | null {
  const release = env.inFlight.tryAcquire(env.conflicts === 'lists' ? keys : keys.filter((k) => k.startsWith('agent:')));
  if (!release) return rejected(errorReply(409, 'ConcurrentModification', `another change to ${what} is in progress`));
  env.onFinished(release);
  return null;
}

function answer(env: WriteEnv, checked: CheckedItem[], shape: ResultShape, itemFault: ItemFault | undefined, headers: () => Record<string, string>): WriteOutcome {
  const applied = applyChecked(env.tenant, checked, shape, { scripted: itemFault, drawFails: () => env.itemFails() }, env.quirks);
  // Headers after applying: the ETag is the version the write left behind.
  return { reply: jsonReply(200, applied.body, headers()), ...applied.counts };
}

function handleListWrite(req: WriteRequest, env: WriteEnv): WriteOutcome {
  const { tenant } = env;
  const target: WriteTarget = req.route.kind === 'agent-skills' ? 'agent' : 'skill';
  const pathId = parsePathId(req.route.id);
  const resource = pathId === undefined ? undefined : target === 'agent' ? tenant.agent(pathId) : tenant.skill(pathId);
  if (pathId === undefined || !resource) return rejected(errorReply(404, 'NotFound', `${target} ${req.route.id ?? ''} does not exist`));

  const parsed = parseJson(req.body);
  if (!parsed) return INVALID_JSON();
  const list = itemList(parsed.value, target);
  if (typeof list === 'string') return rejected(errorReply(400, 'InvalidBody', list));
  if (list.length > env.maxItems) return tooMany(env.maxItems, list.length);

  const others = namedIds(list, target);
  const keys: ResourceKey[] =
    target === 'agent'
      ? [`agent:${pathId}`, ...others.map((id): ResourceKey => `skill:${id}`)]
      : [`skill:${pathId}`, ...others.map((id): ResourceKey => `agent:${id}`)];
  const conflict = acquire(env, keys, `${target} ${pathId} or the ${target === 'agent' ? 'skills' : 'agents'} it lists`);
  if (conflict) return conflict;

  if (env.etags && !ifMatchSatisfied(req.ifMatch, resource.version)) {
    const current = etag(resource.version);
    return rejected(errorReply(412, 'PreconditionFailed', `If-Match ${req.ifMatch ?? ''} does not match the current ETag ${current}`, { etag: current }));
  }

  const checked = checkItems(tenant, req.method, target, pathId, list);
  const shape: ResultShape = target === 'agent' ? 'skillResults' : 'agentResults';
  const headers = (): Record<string, string> => (env.etags ? { etag: etag(resource.version) } : {});
  return answer(env, checked, shape, req.itemFault, headers);
}

/** `POST /agents/skills`: no path resource, so no ETag and no If-Match; items are pairs. */
function handleUpsert(req: WriteRequest, env: WriteEnv): WriteOutcome {
  const parsed = parseJson(req.body);
  if (!parsed) return INVALID_JSON();
  const entries = upsertEntries(parsed.value);
  if (typeof entries === 'string') return rejected(errorReply(400, 'InvalidBody', entries));
  const count = pairCount(entries);
  if (count > env.maxItems) return tooMany(env.maxItems, count);

  const named = upsertNamedIds(entries);
  const keys = [...named.agentIds.map((id): ResourceKey => `agent:${id}`), ...named.skillIds.map((id): ResourceKey => `skill:${id}`)];
  const conflict = acquire(env, keys, 'one of the agents or skills listed');
  if (conflict) return conflict;

  return answer(env, checkUpsert(env.tenant, entries), 'pairResults', req.itemFault, () => ({}));
}

export function handleWrite(req: WriteRequest, env: WriteEnv): WriteOutcome {
  return req.route.kind === 'assignments' ? handleUpsert(req, env) : handleListWrite(req, env);
}
