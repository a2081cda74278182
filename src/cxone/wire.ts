/** Wire ↔ model: parse CXone JSON bodies into typed values once, at the edge, tolerating the documented quirks. */
import type { Agent, Assignment, Skill } from '../model/types.js';
import { CxoneError, type Outcome } from './errors.js';

export interface WireContext {
  method: string;
  path: string;
  /** What a malformed body says about the call: `unknown` for a write answered 2xx (it may have happened). */
  outcome?: Outcome;
}

type Obj = Record<string, unknown>;

function fail(ctx: WireContext, message: string): never {
  throw new CxoneError('CXONE_BAD_RESPONSE', `malformed response: ${message}`, { method: ctx.method, path: ctx.path, outcome: ctx.outcome ?? 'not-applied' });
}

function asObject(value: unknown, ctx: WireContext, what: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(ctx, `${what} is not an object`);
  return value as Obj;
}

/** Ids arrive as numbers or numeric strings. */
function id(o: Obj, key: string, ctx: WireContext, what: string): number {
  const v = o[key];
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) fail(ctx, `${what}.${key} is not an integer id (got ${JSON.stringify(v)})`);
  return n;
}

function str(o: Obj, key: string, ctx: WireContext, what: string, fallback?: string): string {
  const v = o[key];
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    fail(ctx, `${what}.${key} is missing`);
  }
  if (typeof v !== 'string') fail(ctx, `${what}.${key} is not a string`);
  return v;
}

function bool(o: Obj, key: string, ctx: WireContext, what: string, fallback: boolean): boolean {
  const v = o[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  fail(ctx, `${what}.${key} is not a boolean (got ${JSON.stringify(v)})`);
}

function optionalId(o: Obj, key: string): number | undefined {
  const v = o[key];
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
}

export function toAgent(raw: unknown, ctx: WireContext): Agent {
  const o = asObject(raw, ctx, 'agent');
  const agent: Agent = {
    agentId: id(o, 'agentId', ctx, 'agent'),
    userName: str(o, 'userName', ctx, 'agent'),
    firstName: str(o, 'firstName', ctx, 'agent', ''),
    lastName: str(o, 'lastName', ctx, 'agent', ''),
    emailAddress: str(o, 'emailAddress', ctx, 'agent', ''),
    isActive: bool(o, 'isActive', ctx, 'agent', true),
  };
  const teamId = optionalId(o, 'teamId');
  if (teamId !== undefined) agent.teamId = teamId;
  if (typeof o.teamName === 'string') agent.teamName = o.teamName;
  return agent;
}

export function toSkill(raw: unknown, ctx: WireContext): Skill {
  const o = asObject(raw, ctx, 'skill');
  const skill: Skill = {
    skillId: id(o, 'skillId', ctx, 'skill'),
    skillName: str(o, 'skillName', ctx, 'skill'),
    isActive: bool(o, 'isActive', ctx, 'skill', true),
  };
  const mediaTypeId = optionalId(o, 'mediaTypeId');
  if (mediaTypeId !== undefined) skill.mediaTypeId = mediaTypeId;
  if (typeof o.mediaTypeName === 'string') skill.mediaTypeName = o.mediaTypeName;
  return skill;
}

/** Ids the path already says: a per-agent read names its agent `agentID_alt` (or not at all), a per-skill read may omit its skill. */
export interface PathIds {
  agentId?: number;
  skillId?: number;
}

export function toAssignment(raw: unknown, ctx: WireContext, fromPath: PathIds = {}): Assignment {
  const o = asObject(raw, ctx, 'assignment');
  const p = o.agentProficiencyValue;
  const proficiency = typeof p === 'string' && /^\d+$/.test(p) ? Number(p) : p;
  if (typeof proficiency !== 'number' || !Number.isInteger(proficiency) || proficiency < 1 || proficiency > 20) {
    fail(ctx, `assignment.agentProficiencyValue is not an integer 1..20 (got ${JSON.stringify(p)})`);
  }
  return {
    agentId: o.agentId === undefined && fromPath.agentId !== undefined ? fromPath.agentId : id(o, 'agentId', ctx, 'assignment'),
    skillId: o.skillId === undefined && fromPath.skillId !== undefined ? fromPath.skillId : id(o, 'skillId', ctx, 'assignment'),
    proficiency,
    active: bool(o, 'isActive', ctx, 'assignment', true),
  };
}

/** Per-skill lists also hold agents that do not have the skill (`isAssigned: false`): those are not assignments. */
export function isAssignment(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return true;
  const flag = (raw as Obj).isAssigned;
  return flag !== false && flag !== 'false';
}

/** The fields each list is read with: only what the mappers above use (a real agent item has well over a hundred). */
export const FIELDS = {
  agents: 'agentId,userName,firstName,lastName,emailAddress,isActive,teamId,teamName',
  skills: 'skillId,skillName,isActive,mediaTypeId,mediaTypeName',
  assignments: 'agentId,skillId,agentProficiencyValue,isActive',
} as const;

export interface PageBody {
  items: unknown[];
  total: number | undefined;
  /** `false` when `_links` is present without `next` (the last page); `undefined` when `_links` is absent. */
  hasNext: boolean | undefined;
}

/**
 * A page body: `{ totalRecords?, _links?, [listKey]: [...] }` (204 No Content never gets here). A page without
 * its list is malformed unless it says `totalRecords: 0`: read as empty, it would make a whole tenant look bare.
 */
export function pageItems(body: unknown, listKey: string, ctx: WireContext): PageBody {
  const o = asObject(body, ctx, 'body');
  const list = o[listKey];
  const total = numberOrUndefined(o.totalRecords);
  const links = o._links;
  const hasNext = typeof links === 'object' && links !== null && !Array.isArray(links) ? isLink((links as Obj).next) : undefined;
  if (list === undefined || list === null) {
    if (total === 0) return { items: [], total, hasNext };
    fail(ctx, `${listKey} is missing`);
  }
  if (!Array.isArray(list)) fail(ctx, `${listKey} is not an array`);
  return { items: list, total, hasNext };
}

/** A `next` link is a non-empty string (some servers send null or "" on the last page). */
function isLink(v: unknown): boolean {
  return (typeof v === 'string' && v !== '') || (typeof v === 'object' && v !== null && typeof (v as Obj).href === 'string');
}

export function numberOrUndefined(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
