/** The live in-memory tenant: agents, skills and assignments, indexed both ways, with cached sorted views and per-list versions. */
import type { Agent, Assignment, Skill } from '../model/types.js';
import { mediaTypeName, MEDIA_PHONE } from './media.js';
import { CANONICAL_ISO, parseTime } from './time.js';
import { TENANT_FORMAT_VERSION, type TenantAgent, type TenantData, type TenantSkill } from './types.js';

export interface AgentRecord extends Agent {
  updatedAt: number;
  /** Version of this agent's skill list: the per-agent ETag. */
  version: number;
}

export interface SkillRecord extends Skill {
  mediaTypeId: number;
  mediaTypeName: string;
  isOutbound: boolean;
  updatedAt: number;
  /** Version of this skill's agent list: the per-skill ETag. */
  version: number;
}

export interface AssignmentRecord {
  agentId: number;
  skillId: number;
  proficiency: number;
  active: boolean;
  updatedAt: number;
  /** `updatedAt` as ISO 8601, kept once formatted: paging 400k assignments formats each many times. */
  updatedIso?: string | undefined;
}

export function isoTime(record: AssignmentRecord): string {
  record.updatedIso ??= new Date(record.updatedAt).toISOString();
  return record.updatedIso;
}

function byId<T>(map: Map<number, T>): T[] {
  return [...map.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
}

function toAgentRecord(a: TenantAgent, version: number): AgentRecord {
  const { lastUpdated, ...agent } = a;
  return { ...agent, updatedAt: parseTime(lastUpdated, `agent ${a.agentId} lastUpdated`), version };
}

function toSkillRecord(s: TenantSkill, version: number): SkillRecord {
  const { lastUpdated, isOutbound, ...skill } = s;
  const mediaTypeId = s.mediaTypeId ?? MEDIA_PHONE;
  return {
    ...skill,
    mediaTypeId,
    mediaTypeName: s.mediaTypeName ?? mediaTypeName(mediaTypeId),
    isOutbound: isOutbound ?? false,
    updatedAt: parseTime(lastUpdated, `skill ${s.skillId} lastUpdated`),
    version,
  };
}

export class Tenant {
  private agentsById = new Map<number, AgentRecord>();
  private skillsById = new Map<number, SkillRecord>();
  private byAgent = new Map<number, Map<number, AssignmentRecord>>();
  private bySkill = new Map<number, Map<number, AssignmentRecord>>();
  private assignmentCount = 0;
  // Sorted views are cached because paging 400k assignments must not sort per request. Value changes
  // (PUT) keep the order, so only adds and removes drop them.
  private sortedAgents: AgentRecord[] | null = null;
  private sortedSkills: SkillRecord[] | null = null;
  private sortedAll: AssignmentRecord[] | null = null;
  private sortedBySkill = new Map<number, AssignmentRecord[]>();
  /** Raised by every change (also a PUT's in-place value change), so callers can cache views derived from the state (views.ts). */
  generation = 0;

  constructor(data?: TenantData) {
    if (data) this.load(data);
  }

  /** Replaces the whole state; a bad input throws and leaves the current state untouched. */
  load(data: TenantData): void {
    const agentVersions = data.versions?.agents ?? {};
    const skillVersions = data.versions?.skills ?? {};
    const agents = new Map<number, AgentRecord>();
    const skills = new Map<number, SkillRecord>();
    const names = new Set<string>();
    for (const a of data.agents) {
      if (agents.has(a.agentId)) throw new Error(`tenant: agent ${a.agentId} is listed twice`);
      agents.set(a.agentId, toAgentRecord(a, agentVersions[String(a.agentId)] ?? 1));
    }
    for (const s of data.skills) {
      if (skills.has(s.skillId)) throw new Error(`tenant: skill ${s.skillId} is listed twice`);
      if (names.has(s.skillName)) throw new Error(`tenant: skill name ${JSON.stringify(s.skillName)} is used twice`);
      names.add(s.skillName);
      skills.set(s.skillId, toSkillRecord(s, skillVersions[String(s.skillId)] ?? 1));
    }
    const byAgent = new Map<number, Map<number, AssignmentRecord>>();
    const bySkill = new Map<number, Map<number, AssignmentRecord>>();
    for (const a of data.assignments) {
      if (!agents.has(a.agentId)) throw new Error(`tenant: assignment of unknown agent ${a.agentId}`);
      if (!skills.has(a.skillId)) throw new Error(`tenant: assignment of unknown skill ${a.skillId}`);
      const record: AssignmentRecord = {
        agentId: a.agentId,
        skillId: a.skillId,
        proficiency: a.proficiency,
        active: a.active,
        updatedAt: parseTime(a.lastUpdateTime, `assignment ${a.agentId}/${a.skillId} lastUpdateTime`),
        // Already canonical text (as generated or saved) is kept, so the first page read need not format it.
        updatedIso: CANONICAL_ISO.test(a.lastUpdateTime) ? a.lastUpdateTime : undefined,
      };
      const ofAgent = byAgent.get(a.agentId) ?? new Map<number, AssignmentRecord>();
      if (ofAgent.has(a.skillId)) throw new Error(`tenant: assignment ${a.agentId}/${a.skillId} is listed twice`);
      ofAgent.set(a.skillId, record);
      byAgent.set(a.agentId, ofAgent);
      const ofSkill = bySkill.get(a.skillId) ?? new Map<number, AssignmentRecord>();
      ofSkill.set(a.agentId, record);
      bySkill.set(a.skillId, ofSkill);
    }
    this.agentsById = agents;
    this.skillsById = skills;
    this.byAgent = byAgent;
    this.bySkill = bySkill;
    this.assignmentCount = data.assignments.length;
    this.sortedAgents = null;
    this.sortedSkills = null;
    this.dropAssignmentViews();
    this.generation++;
  }

  get counts(): { agents: number; skills: number; assignments: number } {
    return { agents: this.agentsById.size, skills: this.skillsById.size, assignments: this.assignmentCount };
  }

  agent(agentId: number): AgentRecord | undefined {
    return this.agentsById.get(agentId);
  }

  skill(skillId: number): SkillRecord | undefined {
    return this.skillsById.get(skillId);
  }

  assignment(agentId: number, skillId: number): AssignmentRecord | undefined {
    return this.byAgent.get(agentId)?.get(skillId);
  }

  /** All agents by `agentId`. */
  agents(): readonly AgentRecord[] {
    this.sortedAgents ??= byId(this.agentsById);
    return this.sortedAgents;
  }

  /** All skills by `skillId`. */
  skills(): readonly SkillRecord[] {
    this.sortedSkills ??= byId(this.skillsById);
    return this.sortedSkills;
  }

  /** Every assignment, ordered by `agentId`, then `skillId`. */
  assignments(): readonly AssignmentRecord[] {
    if (!this.sortedAll) {
      const all: AssignmentRecord[] = [];
      for (const agent of this.agents()) {
        for (const record of this.assignmentsOfAgent(agent.agentId)) all.push(record);
      }
      this.sortedAll = all;
    }
    return this.sortedAll;
  }

  /** One agent's assignments by `skillId` (small: sorted on each call). */
  assignmentsOfAgent(agentId: number): AssignmentRecord[] {
    const ofAgent = this.byAgent.get(agentId);
    return ofAgent ? [...ofAgent.values()].sort((a, b) => a.skillId - b.skillId) : [];
  }

  /** One skill's assignments by `agentId` (can be every agent of the tenant: cached). */
  assignmentsOfSkill(skillId: number): readonly AssignmentRecord[] {
    let sorted = this.sortedBySkill.get(skillId);
    if (!sorted) {
      sorted = [...(this.bySkill.get(skillId)?.values() ?? [])].sort((a, b) => a.agentId - b.agentId);
      this.sortedBySkill.set(skillId, sorted);
    }
    return sorted;
  }

  /** Adds a new pair; callers validate first (both exist, pair not assigned). */
  add(agentId: number, skillId: number, proficiency: number, active: boolean, at = Date.now()): AssignmentRecord {
    if (!this.agentsById.has(agentId) || !this.skillsById.has(skillId)) {
      throw new Error(`tenant: cannot assign skill ${skillId} to agent ${agentId}: unknown agent or skill`);
    }
    if (this.assignment(agentId, skillId)) throw new Error(`tenant: agent ${agentId} already has skill ${skillId}`);
    const record: AssignmentRecord = { agentId, skillId, proficiency, active, updatedAt: at, updatedIso: undefined };
    const ofAgent = this.byAgent.get(agentId) ?? new Map<number, AssignmentRecord>();
    ofAgent.set(skillId, record);
    this.byAgent.set(agentId, ofAgent);
    const ofSkill = this.bySkill.get(skillId) ?? new Map<number, AssignmentRecord>();
    ofSkill.set(agentId, record);
    this.bySkill.set(skillId, ofSkill);
    this.assignmentCount++;
    this.membershipChanged(skillId);
    return record;
  }

  /** Changes values of an existing pair in place (sorted views stay valid). */
  update(agentId: number, skillId: number, change: { proficiency?: number; active?: boolean }, at = Date.now()): AssignmentRecord {
    const record = this.assignment(agentId, skillId);
    if (!record) throw new Error(`tenant: agent ${agentId} does not have skill ${skillId}`);
    if (change.proficiency !== undefined) record.proficiency = change.proficiency;
    if (change.active !== undefined) record.active = change.active;
    record.updatedAt = at;
    record.updatedIso = undefined;
    this.generation++;
    return record;
  }

  remove(agentId: number, skillId: number): AssignmentRecord | undefined {
    const record = this.assignment(agentId, skillId);
    if (!record) return undefined;
    this.byAgent.get(agentId)?.delete(skillId);
    this.bySkill.get(skillId)?.delete(agentId);
    this.assignmentCount--;
    this.membershipChanged(skillId);
    return record;
  }

  /** Raises the version (ETag) of each listed agent's and skill's list. */
  bumpVersions(agentIds: Iterable<number>, skillIds: Iterable<number>): void {
    for (const id of new Set(agentIds)) {
      const agent = this.agentsById.get(id);
      if (agent) agent.version++;
    }
    for (const id of new Set(skillIds)) {
      const skill = this.skillsById.get(id);
      if (skill) skill.version++;
    }
  }

  /** Test seeding: adds or changes one pair and raises both versions, like a write through the API. */
  setAssignment(a: Assignment): void {
    if (this.assignment(a.agentId, a.skillId)) this.update(a.agentId, a.skillId, a);
    else this.add(a.agentId, a.skillId, a.proficiency, a.active);
    this.bumpVersions([a.agentId], [a.skillId]);
  }

  /** Test seeding: removes one pair (if assigned) and raises both versions. */
  removeAssignment(agentId: number, skillId: number): boolean {
    const removed = this.remove(agentId, skillId) !== undefined;
    if (removed) this.bumpVersions([agentId], [skillId]);
    return removed;
  }

  /** Test seeding: adds or replaces an agent (its assignments and version stay). */
  putAgent(agent: TenantAgent): void {
    const version = this.agentsById.get(agent.agentId)?.version ?? 1;
    this.agentsById.set(agent.agentId, toAgentRecord(agent, version));
    this.sortedAgents = null;
    this.dropAssignmentViews();
    this.generation++;
  }

  /** Test seeding: adds or replaces a skill (its assignments and version stay). */
  putSkill(skill: TenantSkill): void {
    const clash = this.skills().find((s) => s.skillName === skill.skillName && s.skillId !== skill.skillId);
    if (clash) throw new Error(`tenant: skill name ${JSON.stringify(skill.skillName)} is used by skill ${clash.skillId}`);
    const version = this.skillsById.get(skill.skillId)?.version ?? 1;
    this.skillsById.set(skill.skillId, toSkillRecord(skill, version));
    this.sortedSkills = null;
    this.generation++;
  }

  /** A JSON-serialisable copy of the whole state, in the state file format. */
  snapshot(): TenantData {
    const agentVersions: Record<string, number> = {};
    const skillVersions: Record<string, number> = {};
    const agents = this.agents().map(({ updatedAt, version, ...agent }) => {
      if (version !== 1) agentVersions[String(agent.agentId)] = version;
      return { ...agent, lastUpdated: new Date(updatedAt).toISOString() };
    });
    const skills = this.skills().map(({ updatedAt, version, ...skill }) => {
      if (version !== 1) skillVersions[String(skill.skillId)] = version;
      return { ...skill, lastUpdated: new Date(updatedAt).toISOString() };
    });
    const assignments = this.assignments().map((a) => ({
      agentId: a.agentId,
      skillId: a.skillId,
      proficiency: a.proficiency,
      active: a.active,
      lastUpdateTime: isoTime(a),
    }));
    return { formatVersion: TENANT_FORMAT_VERSION, agents, skills, assignments, versions: { agents: agentVersions, skills: skillVersions } };
  }

  private membershipChanged(skillId: number): void {
    this.sortedAll = null;
    this.sortedBySkill.delete(skillId);
    this.generation++;
  }

  private dropAssignmentViews(): void {
    this.sortedAll = null;
    this.sortedBySkill.clear();
  }
}
