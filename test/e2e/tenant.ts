/** Small hand-made tenants for end-to-end tests. */
import type { TenantData } from '../../src/emulator/index.js';

const T = '2026-01-01T00:00:00.000Z';

export const SKILLS: Array<[number, string, boolean?]> = [
  [101, 'Billing EN'],
  [102, 'Billing ES'],
  [103, 'Sales EN'],
  [104, 'Sales ES'],
  [105, 'Retention'],
  [111, 'Outbound Collections'],
  [112, 'VIP Care'],
  [116, 'Legacy IVR', false],
];

/** Agents 1001..1000+n named agent01.., with the given assignments `[agentId, skillId, proficiency, active?]`. */
export function tenant(agentCount: number, assignments: Array<[number, number, number, boolean?]>): TenantData {
  return {
    formatVersion: 1,
    agents: Array.from({ length: agentCount }, (_, i) => {
      const n = String(i + 1).padStart(2, '0');
      return { agentId: 1001 + i, userName: `agent${n}`, firstName: 'Agent', lastName: n, emailAddress: `agent${n}@example.test`, isActive: true, teamId: 1, teamName: 'Team 1', lastUpdated: T };
    }),
    skills: SKILLS.map(([skillId, skillName, isActive]) => ({ skillId, skillName, isActive: isActive ?? true, mediaTypeId: 4, mediaTypeName: 'Phone Call', isOutbound: false, lastUpdated: T })),
    assignments: assignments.map(([agentId, skillId, proficiency, active]) => ({ agentId, skillId, proficiency, active: active ?? true, lastUpdateTime: T })),
  };
}

/** Assignments of a snapshot as sorted `agentId/skillId=proficiency[!]` strings (`!` = inactive), for exact comparisons. */
export function pairs(data: TenantData, filter: (skillId: number) => boolean = () => true): string[] {
  return data.assignments
    .filter((a) => filter(a.skillId))
    .map((a) => `${a.agentId}/${a.skillId}=${a.proficiency}${a.active ? '' : '!'}`)
    .sort();
}
