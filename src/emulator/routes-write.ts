/** The six bulk write routes: item limit, 409 for overlapping writes, If-Match, all-or-nothing validation, version bumps. */
import type { InFlight, ResourceKey } from './inflight.js';
import { quirkyItem } from './quirks.js';
import { errorReply, etag, jsonReply, type Reply } from './reply.js';
import { parsePathId, type RouteMatch } from './router.js';
import type { AssignmentRecord, Tenant } from './tenant.js';
import { assignmentToWire } from './wire.js';
import { itemList, listKey, namedIds, validateItems, type WriteItem, type WriteMethod, type WriteTarget } from './write-items.js';

export interface WriteRequest {
  method: WriteMethod;
  route: RouteMatch;
  body: string;
  ifMatch: string | undefined;
}

export interface WriteEnv {
  tenant: Tenant;
  maxItems: number;
  inFlight: InFlight;
  /** Serve the real API's quirks (see quirks.ts). */
  quirks: boolean;
  /** Runs once the answer is out (or the socket is gone): ends the write's in-flight window. */
  onFinished(fn: () => void): void;
}

export interface WriteOutcome {
  reply: Reply;
  itemsWritten: number;
}

/** Strong comparison (RFC 9110): `"7"` or `*` match, a weak `W/"7"` never does. */
export function ifMatchSatisfied(header: string | undefined, version: number): boolean {
  if (header === undefined) return true;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag(version);
  });
}

function rejected(reply: Reply): WriteOutcome {
  return { reply, itemsWritten: 0 };
}

function apply(tenant: Tenant, method: WriteMethod, items: readonly WriteItem[]): AssignmentRecord[] {
  const at = Date.now();
  return items.map((item) => {
    if (method === 'POST') return tenant.add(item.agentId, item.skillId, item.proficiency ?? 1, item.active ?? true, at);
    if (method === 'PUT') return tenant.update(item.agentId, item.skillId, { proficiency: item.proficiency, active: item.active }, at);
    const removed = tenant.remove(item.agentId, item.skillId);
    if (!removed) throw new Error(`validated DELETE of ${item.agentId}/${item.skillId} found nothing to remove`);
    return removed;
  });
}

export function handleWrite(req: WriteRequest, env: WriteEnv): WriteOutcome {
  const { tenant } = env;
  const target: WriteTarget = req.route.kind === 'agent-skills' ? 'agent' : 'skill';
  const pathId = parsePathId(req.route.id);
  const resource = pathId === undefined ? undefined : target === 'agent' ? tenant.agent(pathId) : tenant.skill(pathId);
  if (pathId === undefined || !resource) return rejected(errorReply(404, 'NotFound', `${target} ${req.route.id ?? ''} does not exist`));

  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return rejected(errorReply(400, 'InvalidJson', 'request body is not valid JSON'));
  }
  const list = itemList(body, target);
  if (typeof list === 'string') return rejected(errorReply(400, 'InvalidBody', list));
  if (list.length > env.maxItems) {
    return rejected(errorReply(400, 'TooManyItems', `at most ${env.maxItems} ${listKey(target)} per request, got ${list.length}`));
  }

  const others = namedIds(list, target);
  const keys: ResourceKey[] =
    target === 'agent'
      ? [`agent:${pathId}`, ...others.map((id): ResourceKey => `skill:${id}`)]
      : [`skill:${pathId}`, ...others.map((id): ResourceKey => `agent:${id}`)];
  const release = env.inFlight.tryAcquire(keys);
  if (!release) {
    return rejected(errorReply(409, 'ConcurrentModification', `another change to ${target} ${pathId} or its ${listKey(target)} is in progress`));
  }
  env.onFinished(release);

  if (!ifMatchSatisfied(req.ifMatch, resource.version)) {
    return rejected(
      errorReply(412, 'PreconditionFailed', `If-Match ${req.ifMatch ?? ''} does not match the current ETag ${etag(resource.version)}`, {
        etag: etag(resource.version),
      }),
    );
  }

  const { items, problems } = validateItems(tenant, req.method, target, pathId, list);
  if (problems.length > 0) {
    return rejected(
      errorReply(400, 'InvalidItems', `${problems.length} of ${list.length} items are invalid; nothing was changed`, {}, { details: problems }),
    );
  }

  const changed = apply(tenant, req.method, items);
  tenant.bumpVersions(
    items.map((i) => i.agentId),
    items.map((i) => i.skillId),
  );
  const answered = changed.map((r) => (env.quirks ? quirkyItem(assignmentToWire(r, tenant)) : assignmentToWire(r, tenant)));
  const reply = jsonReply(200, { agentSkillAssignments: answered }, { etag: etag(resource.version) });
  return { reply, itemsWritten: changed.length };
}
