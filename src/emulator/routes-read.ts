/** The five paged GET routes of the contract: filters, paging, 204 for an empty page, ETags per agent and skill. */
import { pageOf, parseBoolean, parseDate, parsePaging, parsePositiveInt, parseSearch, type Paging } from './query.js';
import { quirkyItem, quirkyPage } from './quirks.js';
import { emptyReply, errorReply, etag, jsonReply, type Reply } from './reply.js';
import { parsePathId, type RouteMatch } from './router.js';
import type { AgentRecord, SkillRecord, Tenant } from './tenant.js';
import { agentToWire, assignmentToWire, skillToWire } from './wire.js';

export interface ReadContext {
  tenant: Tenant;
  /** Serve the real API's quirks (see quirks.ts). */
  quirks: boolean;
}

/** One page: 204 with no body when it holds nothing (a real CXone habit), else 200 with `totalRecords`. */
function page<T>(
  ctx: ReadContext,
  items: readonly T[],
  paging: Paging,
  key: string,
  toWire: (item: T) => Record<string, unknown>,
  headers: Record<string, string> = {},
): Reply {
  const slice = pageOf(items, paging);
  if (slice.length === 0) return emptyReply(204, headers);
  if (ctx.quirks) {
    const isLast = paging.skip + slice.length >= items.length;
    return jsonReply(200, quirkyPage(key, slice.map((item) => quirkyItem(toWire(item))), items.length, isLast), headers);
  }
  return jsonReply(200, { totalRecords: items.length, [key]: slice.map(toWire) }, headers);
}

function matchesAgent(a: AgentRecord, search: string): boolean {
  return [a.userName, a.firstName, a.lastName, a.emailAddress, `${a.firstName} ${a.lastName}`].some((field) =>
    field.toLowerCase().includes(search),
  );
}

function readAgents(ctx: ReadContext, query: URLSearchParams): Reply {
  const { tenant } = ctx;
  const paging = parsePaging(query);
  const isActive = parseBoolean(query, 'isActive');
  const search = parseSearch(query, 'searchString');
  const since = parseDate(query, 'updatedSince');
  let agents: readonly AgentRecord[] = tenant.agents();
  if (isActive !== undefined || search !== undefined || since !== undefined) {
    agents = agents.filter(
      (a) =>
        (isActive === undefined || a.isActive === isActive) &&
        (since === undefined || a.updatedAt >= since) &&
        (search === undefined || matchesAgent(a, search)),
    );
  }
  return page(ctx, agents, paging, 'agents', agentToWire);
}

function readSkills(ctx: ReadContext, query: URLSearchParams): Reply {
  const { tenant } = ctx;
  const paging = parsePaging(query);
  const isActive = parseBoolean(query, 'isActive');
  const mediaTypeId = parsePositiveInt(query, 'mediaTypeId');
  const search = parseSearch(query, 'searchString');
  let skills: readonly SkillRecord[] = tenant.skills();
  if (isActive !== undefined || mediaTypeId !== undefined || search !== undefined) {
    skills = skills.filter(
      (s) =>
        (isActive === undefined || s.isActive === isActive) &&
        (mediaTypeId === undefined || s.mediaTypeId === mediaTypeId) &&
        (search === undefined || s.skillName.toLowerCase().includes(search)),
    );
  }
  return page(ctx, skills, paging, 'skills', skillToWire);
}

function readAssignments(ctx: ReadContext, query: URLSearchParams): Reply {
  const { tenant } = ctx;
  const paging = parsePaging(query);
  const since = parseDate(query, 'updatedSince');
  const items = since === undefined ? tenant.assignments() : tenant.assignmentsUpdatedSince(since);
  return page(ctx, items, paging, 'agentSkillAssignments', (r) => assignmentToWire(r, tenant));
}

function readAgentSkills(ctx: ReadContext, route: RouteMatch, query: URLSearchParams): Reply {
  const { tenant } = ctx;
  const agent = tenant.agent(parsePathId(route.id) ?? 0);
  if (!agent) return errorReply(404, 'NotFound', `agent ${route.id ?? ''} does not exist`);
  const paging = parsePaging(query);
  // `isSkillActive` filters on the skill itself being active, not on the assignment's isActive.
  const isSkillActive = parseBoolean(query, 'isSkillActive');
  let items = tenant.assignmentsOfAgent(agent.agentId);
  if (isSkillActive !== undefined) items = items.filter((r) => tenant.skill(r.skillId)?.isActive === isSkillActive);
  return page(ctx, items, paging, 'agentSkillAssignments', (r) => assignmentToWire(r, tenant), { etag: etag(agent.version) });
}

function readSkillAgents(ctx: ReadContext, route: RouteMatch, query: URLSearchParams): Reply {
  const { tenant } = ctx;
  const skill = tenant.skill(parsePathId(route.id) ?? 0);
  if (!skill) return errorReply(404, 'NotFound', `skill ${route.id ?? ''} does not exist`);
  const paging = parsePaging(query);
  const items = tenant.assignmentsOfSkill(skill.skillId);
  return page(ctx, items, paging, 'agentSkillAssignments', (r) => assignmentToWire(r, tenant), { etag: etag(skill.version) });
}

/** Throws QueryError for a bad query value (the caller answers 400). */
export function handleRead(ctx: ReadContext, route: RouteMatch, query: URLSearchParams): Reply {
  switch (route.kind) {
    case 'agents':
      return readAgents(ctx, query);
    case 'skills':
      return readSkills(ctx, query);
    case 'assignments':
      return readAssignments(ctx, query);
    case 'agent-skills':
      return readAgentSkills(ctx, route, query);
    case 'skill-agents':
      return readSkillAgents(ctx, route, query);
    default:
      return errorReply(404, 'NotFound', `no such route: ${route.pattern}`);
  }
}
