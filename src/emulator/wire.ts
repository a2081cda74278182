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
