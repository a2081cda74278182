/** Deterministic tenant generator: agents, skills and assignments from a seed, fast enough for 20k agents. */
import { mulberry32, randomInt, type Random } from './prng.js';
import { MEDIA_CHAT, MEDIA_EMAIL, MEDIA_PHONE, mediaTypeName } from './media.js';
import {
  TENANT_FORMAT_VERSION,
  type TenantAgent,
  type TenantAssignment,
  type TenantData,
  type TenantSkill,
  type TenantSpec,
} from './types.js';

export const DEMO_TENANT_SPEC: Readonly<TenantSpec> = { seed: 1, agents: 40, skills: 16, skillsPerAgent: 4 };

const SKILL_NAMES = [
  'Billing EN',
  'Billing ES',
  'Sales EN',
  'Sales ES',
  'Support Tier 1',
  'Support Tier 2',
  'Retention',
  'Chat EN',
  'Email EN',
  'Escalations',
  'Outbound Collections',
  'VIP Care',
  'Callback Queue',
  'Spanish Chat',
  'Tech Support',
  'Legacy IVR',
];
const OUTBOUND_SKILL = 'Outbound Collections';
const INACTIVE_SKILL = 'Legacy IVR';

const FIRST_NAMES = [
  'Ana', 'Ben', 'Carla', 'David', 'Elena', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Keiko', 'Luis',
  'Maya', 'Noah', 'Olga', 'Pablo', 'Quinn', 'Rosa', 'Samir', 'Tara', 'Umar', 'Vera', 'Wen', 'Yusuf',
];
const LAST_NAMES = [
  'Alvarez', 'Brown', 'Chen', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hansen', 'Ito', 'Jansen', 'Kowalski',
  'Lopez', 'Martin', 'Nguyen', 'Okafor', 'Patel', 'Rossi', 'Silva', 'Tanaka', 'Urban', 'Varga', 'Weber',
];

const AGENTS_PER_TEAM = 25;
/** Every 50th agent is inactive: inactive agents keep their assignments, and clients must cope. */
const INACTIVE_AGENT_EVERY = 50;
const INACTIVE_ASSIGNMENT_RATE = 0.05;

/** Generated timestamps fall in 2024, so `updatedSince` filters select real subsets and writes (now) stand out. */
const EPOCH_MS = Date.UTC(2024, 0, 1);
const YEAR_SECONDS = 365 * 24 * 3600;

export function skillName(n: number): string {
  return SKILL_NAMES[n - 1] ?? `Skill ${String(n).padStart(4, '0')}`;
}

function skillMedia(name: string): number {
  if (name === 'Email EN') return MEDIA_EMAIL;
  if (name.includes('Chat')) return MEDIA_CHAT;
  return MEDIA_PHONE;
}

// Date#toISOString dominated generating 400k assignments; a day-prefix table and two-digit
// strings build the same text several times faster.
const DAY_PREFIX = Array.from({ length: YEAR_SECONDS / 86400 }, (_, d) => new Date(EPOCH_MS + d * 86400_000).toISOString().slice(0, 11));
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

/** A whole second of 2024 as ISO 8601 (`2024-03-05T07:08:09.000Z`). */
function stamp(random: Random): string {
  const seconds = Math.floor(random() * YEAR_SECONDS);
  const day = Math.floor(seconds / 86400);
  const inDay = seconds % 86400;
  const hh = TWO_DIGITS[Math.floor(inDay / 3600)] as string;
  const mm = TWO_DIGITS[Math.floor(inDay / 60) % 60] as string;
  const ss = TWO_DIGITS[inDay % 60] as string;
  return `${DAY_PREFIX[day] as string}${hh}:${mm}:${ss}.000Z`;
}

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** Sizes a generated tenant may have: it lives in memory (20,000 agents × 20 skills take a few hundred MB). */
export const TENANT_LIMITS = { agents: 200_000, skills: 10_000, skillsPerAgent: 200, assignments: 5_000_000 } as const;

export function validateTenantSpec(spec: TenantSpec): void {
  for (const key of ['seed', 'agents', 'skills', 'skillsPerAgent'] as const) {
    const value = spec[key];
    const ok = Number.isSafeInteger(value) && (key === 'seed' || value >= 0);
    if (!ok) throw new RangeError(`tenant spec: ${key} must be ${key === 'seed' ? 'an integer' : 'a non-negative integer'}, got ${String(value)}`);
    if (key !== 'seed' && value > TENANT_LIMITS[key]) throw new RangeError(`tenant spec: ${key} must be at most ${TENANT_LIMITS[key].toLocaleString('en-US')}, got ${value.toLocaleString('en-US')}`);
  }
  const assignments = spec.agents * Math.min(spec.skillsPerAgent, spec.skills);
  if (assignments > TENANT_LIMITS.assignments) {
    throw new RangeError(`tenant spec: ${spec.agents.toLocaleString('en-US')} agents × ${spec.skillsPerAgent} skills each is ${assignments.toLocaleString('en-US')} assignments, above the ${TENANT_LIMITS.assignments.toLocaleString('en-US')} an emulator holds in memory`);
  }
}

function generateSkills(random: Random, count: number): TenantSkill[] {
  const skills: TenantSkill[] = [];
  for (let n = 1; n <= count; n++) {
    const name = skillName(n);
    const mediaTypeId = skillMedia(name);
    skills.push({
      skillId: 100 + n,
      skillName: name,
      mediaTypeId,
      mediaTypeName: mediaTypeName(mediaTypeId),
      isActive: name !== INACTIVE_SKILL,
      isOutbound: name === OUTBOUND_SKILL,
      lastUpdated: stamp(random),
    });
  }
  return skills;
}

function generateAgents(random: Random, count: number): TenantAgent[] {
  const agents: TenantAgent[] = [];
  for (let i = 1; i <= count; i++) {
    const userName = `agent${String(i).padStart(5, '0')}`;
    const teamId = Math.floor((i - 1) / AGENTS_PER_TEAM) + 1;
    agents.push({
      agentId: 1000 + i,
      userName,
      firstName: pick(random, FIRST_NAMES),
      lastName: pick(random, LAST_NAMES),
      emailAddress: `${userName}@demo.cxskills.test`,
      isActive: i % INACTIVE_AGENT_EVERY !== 0,
      teamId,
      teamName: `Team ${teamId}`,
      lastUpdated: stamp(random),
    });
  }
  return agents;
}

function generateAssignments(random: Random, agents: TenantAgent[], skills: TenantSkill[], perAgent: number): TenantAssignment[] {
  // One pool shuffled in place agent after agent: a partial Fisher-Yates from any permutation still
  // draws a uniform subset, and skipping the copy keeps 20k agents × 1000 skills cheap.
  const pool = skills.filter((s) => s.isActive).map((s) => s.skillId);
  const take = Math.min(perAgent, pool.length);
  const assignments: TenantAssignment[] = [];
  const chosen: number[] = [];
  for (const agent of agents) {
    chosen.length = 0;
    for (let k = 0; k < take; k++) {
      const j = randomInt(random, k, pool.length - 1);
      const picked = pool[j] as number;
      pool[j] = pool[k] as number;
      pool[k] = picked;
      chosen.push(picked);
    }
    chosen.sort((a, b) => a - b);
    for (const skillId of chosen) {
      assignments.push({
        agentId: agent.agentId,
        skillId,
        proficiency: randomInt(random, 1, 20),
        active: random() >= INACTIVE_ASSIGNMENT_RATE,
        lastUpdateTime: stamp(random),
      });
    }
  }
  return assignments;
}

/** The same spec always yields the same tenant (ids, names, assignments and timestamps). */
export function generateTenant(spec: TenantSpec): TenantData {
  validateTenantSpec(spec);
  const random = mulberry32(spec.seed);
  const skills = generateSkills(random, spec.skills);
  const agents = generateAgents(random, spec.agents);
  const assignments = generateAssignments(random, agents, skills, spec.skillsPerAgent);
  return { formatVersion: TENANT_FORMAT_VERSION, agents, skills, assignments };
}
