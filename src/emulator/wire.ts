/** Internal records → the JSON shapes the CXone API sends (ISO dates, `agentProficiencyValue`, extra fields). */
import { isoTime, type AgentRecord, type AssignmentRecord, type SkillRecord, type Tenant } from './tenant.js';

/** Band names for proficiency (1 is best); the real API sends a name beside the value, clients ignore it. */
export function proficiencyName(value: number): string {
  if (value <= 4) return 'Expert';
  if (value <= 8) return 'Advanced';
  if (value <= 12) return 'Proficient';
  if (value <= 16) return 'Basic';
  return 'Novice';
}

export function agentToWire(a: AgentRecord): Record<string, unknown> {
  return {
    agentId: a.agentId,
    userName: a.userName,
    firstName: a.firstName,
    lastName: a.lastName,
    emailAddress: a.emailAddress,
    isActive: a.isActive,
    teamId: a.teamId,
    teamName: a.teamName,
    lastUpdated: new Date(a.updatedAt).toISOString(),
  };
}

export function skillToWire(s: SkillRecord): Record<string, unknown> {
  return {
    skillId: s.skillId,
    skillName: s.skillName,
    mediaTypeId: s.mediaTypeId,
    mediaTypeName: s.mediaTypeName,
    isActive: s.isActive,
    isOutbound: s.isOutbound,
    lastUpdated: new Date(s.updatedAt).toISOString(),
  };
}

/** A row of `/skills/{id}/agents`: an assignment, or an agent offered as not assigned. */
export type SkillAgentRow = { record: AssignmentRecord; unassigned?: undefined } | { unassigned: AgentRecord; record?: undefined };

/** Proficiency shown on `isAssigned: false` rows: a plausible value, so only `isAssigned` tells them apart. */
const UNASSIGNED_PROFICIENCY = 10;

export function assignmentToWire(r: AssignmentRecord, tenant: Tenant): Record<string, unknown> {
  const skill = tenant.skill(r.skillId);
  return {
    agentId: r.agentId,
    userName: tenant.agent(r.agentId)?.userName,
    skillId: r.skillId,
    skillName: skill?.skillName,
    mediaTypeId: skill?.mediaTypeId,
    mediaTypeName: skill?.mediaTypeName,
    isSkillActive: skill?.isActive,
    agentProficiencyValue: r.proficiency,
    agentProficiencyName: proficiencyName(r.proficiency),
    isActive: r.active,
    lastUpdateTime: isoTime(r),
  };
}

/** `/agents/{id}/skills` names the agent `agentID_alt`, not `agentId` (clients take the id from the path). */
export function agentSkillToWire(r: AssignmentRecord, tenant: Tenant): Record<string, unknown> {
  const { agentId, ...rest } = assignmentToWire(r, tenant);
  return { agentID_alt: agentId, ...rest };
}

export function skillAgentToWire(row: SkillAgentRow, skill: SkillRecord, tenant: Tenant): Record<string, unknown> {
  if (row.record) return { ...assignmentToWire(row.record, tenant), isAssigned: true };
  const agent = row.unassigned;
  return {
    agentId: agent.agentId,
    userName: agent.userName,
    skillId: skill.skillId,
    skillName: skill.skillName,
    mediaTypeId: skill.mediaTypeId,
    mediaTypeName: skill.mediaTypeName,
    isSkillActive: skill.isActive,
    agentProficiencyValue: UNASSIGNED_PROFICIENCY,
    agentProficiencyName: proficiencyName(UNASSIGNED_PROFICIENCY),
    isActive: true,
    isAssigned: false,
  };
}
