/** Domain types shared by config, cxone, plan, render and apply: the one vocabulary of cxskills. */
import type { SourceLocation } from './diagnostics.js';
import type { PolicyRule } from './policy.js';

export type AgentId = number;
export type SkillId = number;

/** Proficiency on the CXone scale: integer 1..20, where 1 is the best. */
export const PROFICIENCY_MIN = 1;
export const PROFICIENCY_MAX = 20;

export interface Agent {
  agentId: AgentId;
  userName: string;
  firstName: string;
  lastName: string;
  emailAddress: string;
  isActive: boolean;
  teamId?: number;
  teamName?: string;
}

export interface Skill {
  skillId: SkillId;
  skillName: string;
  isActive: boolean;
  mediaTypeId?: number;
  mediaTypeName?: string;
}

/** What one agent × skill assignment is set to: the unit the diff compares. */
export interface AssignmentValue {
  proficiency: number;
  active: boolean;
}

export interface Assignment extends AssignmentValue {
  agentId: AgentId;
  skillId: SkillId;
}

export type WriteMethod = 'POST' | 'PUT' | 'DELETE';

/** One item of a bulk write: the pair, and for POST/PUT the values to set (PUT items carry both: the API requires isActive). */
export interface WriteItem {
  agentId: AgentId;
  skillId: SkillId;
  proficiency?: number;
  active?: boolean;
}

/**
 * One bulk write as the API takes it. `target` says which endpoint carries it: `agent` →
 * `/agents/{id}/skills` (items name skills), `skill` → `/skills/{id}/agents` (items name agents),
 * `upsert` → `POST /agents/skills` (items are any pairs, each with both values; `id` is 0).
 */
export interface BulkWrite {
  method: WriteMethod;
  target: 'agent' | 'skill' | 'upsert';
  id: number;
  items: WriteItem[];
}

/** What a write did to one item it carried: the API's per-item result (`unknown` when the reply did not name the item). */
export interface WriteItemResult {
  agentId: AgentId;
  skillId: SkillId;
  outcome: 'applied' | 'failed' | 'unknown';
  /** The API's reason, for a failed item. */
  error?: string;
}

/** The answer to one bulk write: one result per item sent, in the order sent; the ETag only where a server sends one. */
export interface WriteResult {
  etag: string | undefined;
  items: WriteItemResult[];
}

/** The live tenant as read from CXone (or the emulator), already mapped from wire shapes. */
export interface LiveState {
  agents: Agent[];
  skills: Skill[];
  assignments: Assignment[];
}

/** Which part of the tenant cxskills owns (from cxskills.yaml `scope`). */
export interface Scope {
  /** Glob patterns of skill names; assignments of any other skill are never read into the diff nor written. */
  skills: string[];
  /** `declared`: only agents named in the files are managed; `all`: every agent of the tenant is. */
  agents: 'declared' | 'all';
}

/** Thresholds above which apply refuses without --force (octoDNS-style safety, kept as data). */
export interface SafetyLimits {
  /** Refuse when removals exceed this share of managed assignments. */
  maxRemoveRatio: number;
  /** Refuse when all changes together exceed this share of managed assignments. */
  maxChangeRatio: number;
  /** The ratios are only enforced when at least this many assignments are managed. */
  minManaged: number;
}

export const DEFAULT_SAFETY: SafetyLimits = { maxRemoveRatio: 0.25, maxChangeRatio: 0.5, minManaged: 20 };

/** Exceptions to the routing-coverage guard (cxskills.yaml `coverage`). */
export interface CoverageAllowance {
  /** Glob patterns of skill names that may be left with no active agent. */
  allowUncoveredSkills: string[];
  /** Agent keys (userName, emailAddress or agentId) that may be left with no active in-scope skill. */
  allowUncoveredAgents: string[];
}

export type { SourceLocation } from './diagnostics.js';

/** One skill an agent should have, and where that was said. */
export interface DesiredSkill extends AssignmentValue {
  source: SourceLocation;
  /** `agent` when set on the agent itself, otherwise the profile it came from. */
  via: string;
  /** Present when a window (`from`/`until`) decides the skill: then desiredAt() says what it is at an instant. */
  schedule?: ScheduleNode;
}

/** One agent as declared in the state files, before its key is resolved against the tenant. */
export interface DesiredAgent {
  /** As written: a userName, an emailAddress, or a numeric agentId. */
  key: string;
  source: SourceLocation;
  /** Full desired set of in-scope skills, keyed by skill name as written. */
  skills: Map<string, DesiredSkill>;
}

/** The desired state loaded from a skills-state directory. */
export interface DesiredState {
  dir: string;
  configFile: string;
  scope: Scope;
  safety: SafetyLimits;
  /** Absent when cxskills.yaml has no `coverage` section (no exceptions). */
  coverage?: CoverageAllowance;
  /** cxskills.yaml `rate`: requests per second for this tenant, used when neither --rate nor CXSKILLS_RATE is given. */
  rate?: number;
  /** cxskills.yaml `timeZone` (IANA name): dates and times without an offset are read in it; default UTC. */
  timeZone?: string;
  /** cxskills.yaml `policy`: rules the desired state must keep (absent when there is no `policy`). */
  policy?: PolicyRule[];
  agents: DesiredAgent[];
}

// Time windows of skills (issue 15); evaluated in model/windows.ts.

/** `[from, until)`: `until` is exclusive; a missing end is open. */
export interface TimeWindow {
  from?: number;
  until?: number;
}

/** What a windowed assignment is outside its window: not desired (removed), or kept at its proficiency but switched off. */
export type Outside = 'remove' | 'inactive';

/** One holder's own setting of a skill. */
export interface OwnSetting {
  value: AssignmentValue;
  window?: TimeWindow;
  outside: Outside;
  source: SourceLocation;
  via: string;
}

/** A profile included by a holder, maybe only for a window, and what that profile says of the skill. */
export interface Membership {
  window?: TimeWindow;
  outside?: Outside;
  source: SourceLocation;
  node: ScheduleNode;
}

/**
 * How a holder's skill is decided at an instant: its own setting wins whenever it says something
 * (inside its window, or outside it with `outside: inactive`); otherwise the included profiles that say
 * something must agree (validation makes sure they do).
 */
export interface ScheduleNode {
  own?: OwnSetting;
  inherited: Membership[];
}
