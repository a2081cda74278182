/** The five GET routes of the contract: filters over cached views, capped pages with `_links`, `fields`, ETags only when asked. */
import { pageReply, shapeItem, type PageContext } from './page.js';
import { parseBoolean, parseDate, parseFields, parsePaging, parsePositiveInt, parseSearch, Query } from './query.js';
import { emptyReply, errorReply, etag, jsonReply, type Reply } from './reply.js';
import { parsePathId, type RouteMatch } from './router.js';
import type { AgentRecord, AssignmentRecord, SkillRecord, Tenant } from './tenant.js';
import type { ViewCache } from './views.js';
import { agentSkillToWire, agentToWire, assignmentToWire, skillAgentToWire, skillToWire, type SkillAgentRow } from './wire.js';

/** The emulator options reads depend on. */
export interface ReadOptions {
  quirks: boolean;
  pageCap: number;
  requireFilters: boolean;
  unassignedItems: boolean;
  etags: boolean;
}

export interface ReadContext extends ReadOptions {
  tenant: Tenant;
  views: ViewCache;
  /** Absolute URL of the request without its query. */
  selfBase: string;
}

/** Names the agents that a per-skill list offers as `isAssigned: false` (see README: a trap for naive clients). */
const UNASSIGNED_EVERY = 10;

function pageContext(ctx: ReadContext, query: Query): PageContext {
  return { selfBase: ctx.selfBase, query, fields: parseFields(query), quirks: ctx.quirks };
}

function etagHeader(ctx: ReadContext, version: number): Record<string, string> {
  return ctx.etags ? { etag: etag(version) } : {};
}

function matchesAgent(a: AgentRecord, search: string): boolean {
  return [a.userName, a.firstName, a.lastName, a.emailAddress, `${a.firstName} ${a.lastName}`].some((field) => field.toLowerCase().includes(search));
}

function readAgents(ctx: ReadContext, query: Query): Reply {
  const { tenant } = ctx;
  const paging = parsePaging(query, ctx.pageCap);
  const isActive = parseBoolean(query, 'isActive');
  const search = parseSearch(query, 'searchString');
  // The reference spells it `updateSince`; `updatedSince` is what everyone types.
  const since = parseDate(query, 'updateSince', 'updatedSince');
  let agents: readonly AgentRecord[] = tenant.agents();
  if (isActive !== undefined || search !== undefined || since !== undefined) {
    agents = ctx.views.get(tenant.generation, `agents|${String(isActive)}|${search ?? ''}|${String(since)}`, () =>
      tenant
        .agents()
        .filter(
          (a) =>
            (isActive === undefined || a.isActive === isActive) &&
            (since === undefined || a.updatedAt >= since) &&
            (search === undefined || matchesAgent(a, search)),
        ),
    );
  }
  return pageReply(pageContext(ctx, query), agents, paging, 'agents', agentToWire);
}

function readSkills(ctx: ReadContext, query: Query): Reply {
  const { tenant } = ctx;
  const paging = parsePaging(query, ctx.pageCap);
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
  return pageReply(pageContext(ctx, query), skills, paging, 'skills', skillToWire);
}

interface AssignmentFilter {
  isActive: boolean | undefined;
  isAgentActive: boolean | undefined;
  isSkillActive: boolean | undefined;
  mediaTypeId: number | undefined;
  search: string | undefined;
  since: number | undefined;
}

function assignmentFilter(query: Query): AssignmentFilter {
  return {
    isActive: parseBoolean(query, 'isActive'),
    isAgentActive: parseBoolean(query, 'isAgentActive'),
    isSkillActive: parseBoolean(query, 'isSkillActive'),
    mediaTypeId: parsePositiveInt(query, 'mediaTypeId'),
    search: parseSearch(query, 'searchString'),
    since: parseDate(query, 'UpdatedSince', 'updateSince'),
  };
}

function keeps(tenant: Tenant, f: AssignmentFilter, r: AssignmentRecord): boolean {
  if (f.since !== undefined && r.updatedAt < f.since) return false;
  if (f.isActive !== undefined && r.active !== f.isActive) return false;
  const agent = tenant.agent(r.agentId);
  const skill = tenant.skill(r.skillId);
  if (f.isAgentActive !== undefined && agent?.isActive !== f.isAgentActive) return false;
  if (f.isSkillActive !== undefined && skill?.isActive !== f.isSkillActive) return false;
  if (f.mediaTypeId !== undefined && skill?.mediaTypeId !== f.mediaTypeId) return false;
  if (f.search !== undefined) {
    const inSkill = skill?.skillName.toLowerCase().includes(f.search) ?? false;
    if (!inSkill && !(agent && matchesAgent(agent, f.search))) return false;
  }
  return true;
}

function readAssignments(ctx: ReadContext, query: Query): Reply {
  const { tenant } = ctx;
  if (ctx.requireFilters) {
    const missing = ['isActive', 'isAgentActive'].filter((name) => !query.has(name));
    if (missing.length > 0) return errorReply(400, 'InvalidParameter', `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required`);
  }
  const paging = parsePaging(query, ctx.pageCap);
  const f = assignmentFilter(query);
  const filtered = Object.values(f).some((v) => v !== undefined);
  // The sorted list is cached by the tenant; a filtered one by the view cache: no sort and no scan per page.
  const items = filtered
    ? ctx.views.get(tenant.generation, `assignments|${JSON.stringify(f)}`, () => tenant.assignments().filter((r) => keeps(tenant, f, r)))
    : tenant.assignments();
  return pageReply(pageContext(ctx, query), items, paging, 'agentSkillAssignments', (r) => assignmentToWire(r, tenant));
}

/** No paging here (skip/top ignored): an agent has a handful of skills. Items name the agent `agentID_alt`. */
function readAgentSkills(ctx: ReadContext, route: RouteMatch, query: Query): Reply {
  const { tenant } = ctx;
  const agent = tenant.agent(parsePathId(route.id) ?? 0);
  if (!agent) return errorReply(404, 'NotFound', `agent ${route.id ?? ''} does not exist`);
  // Both names filter on the skill itself being active (the SDK sends isSkillActive, the reference isAssignedSkillActive).
  const skillActive = parseBoolean(query, 'isAssignedSkillActive') ?? parseBoolean(query, 'isSkillActive');
  let items = tenant.assignmentsOfAgent(agent.agentId);
  if (skillActive !== undefined) items = items.filter((r) => tenant.skill(r.skillId)?.isActive === skillActive);
  const headers = etagHeader(ctx, agent.version);
  if (items.length === 0) return emptyReply(204, headers);
  const page = pageContext(ctx, query);
  return jsonReply(200, { agentSkillAssignments: items.map((r) => shapeItem(page, agentSkillToWire(r, tenant))) }, headers);
}

/** The skill's assignments, and (with `unassignedItems`) `isAssigned: false` rows for every tenth agent lacking it, by agentId. */
function skillAgentRows(ctx: ReadContext, skill: SkillRecord): readonly SkillAgentRow[] {
  const { tenant } = ctx;
  return ctx.views.get(tenant.generation, `skill-agents|${skill.skillId}|${String(ctx.unassignedItems)}`, () => {
    const assigned = tenant.assignmentsOfSkill(skill.skillId);
    if (!ctx.unassignedItems) return assigned.map((record): SkillAgentRow => ({ record }));
    const rows: SkillAgentRow[] = [];
    let i = 0;
    for (const agent of tenant.agents()) {
      const next = assigned[i];
      if (next?.agentId === agent.agentId) {
        rows.push({ record: next });
        i++;
      } else if (agent.agentId % UNASSIGNED_EVERY === 0) {
        rows.push({ unassigned: agent });
      }
    }
    return rows;
  });
}

function readSkillAgents(ctx: ReadContext, route: RouteMatch, query: Query): Reply {
  const { tenant } = ctx;
  const skill = tenant.skill(parsePathId(route.id) ?? 0);
  if (!skill) return errorReply(404, 'NotFound', `skill ${route.id ?? ''} does not exist`);
  const paging = parsePaging(query, ctx.pageCap);
  const rows = skillAgentRows(ctx, skill);
  return pageReply(pageContext(ctx, query), rows, paging, 'agentSkillAssignments', (row) => skillAgentToWire(row, skill, tenant), etagHeader(ctx, skill.version));
}

/** Throws QueryError for a bad query value (the caller answers 400). */
export function handleRead(ctx: ReadContext, route: RouteMatch, params: URLSearchParams): Reply {
  const query = new Query(params);
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
