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

export function toAssignment(raw: unknown, ctx: WireContext): Assignment {
  const o = asObject(raw, ctx, 'assignment');
  const p = o.agentProficiencyValue;
  const proficiency = typeof p === 'string' && /^\d+$/.test(p) ? Number(p) : p;
  if (typeof proficiency !== 'number' || !Number.isInteger(proficiency) || proficiency < 1 || proficiency > 20) {
    fail(ctx, `assignment.agentProficiencyValue is not an integer 1..20 (got ${JSON.stringify(p)})`);
  }
  return {
    agentId: id(o, 'agentId', ctx, 'assignment'),
    skillId: id(o, 'skillId', ctx, 'assignment'),
    proficiency,
    active: bool(o, 'isActive', ctx, 'assignment', true),
  };
}

/**
 * A page body: `{ totalRecords?, [listKey]: [...] }` (204 No Content never gets here). A page without its
 * list is malformed unless it says `totalRecords: 0`: read as empty, it would make a whole tenant look bare.
 */
export function pageItems(body: unknown, listKey: string, ctx: WireContext): { items: unknown[]; total: number | undefined } {
  const o = asObject(body, ctx, 'body');
  const list = o[listKey];
  const total = numberOrUndefined(o.totalRecords);
  if (list === undefined || list === null) {
    if (total === 0) return { items: [], total };
    fail(ctx, `${listKey} is missing`);
  }
  if (!Array.isArray(list)) fail(ctx, `${listKey} is not an array`);
  return { items: list, total };
}

function numberOrUndefined(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
