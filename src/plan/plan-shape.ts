/** The shape of a saved plan, checked field by field before anything reads it: a hand-edited file ends in PLAN_INVALID, never a crash. */
import { globProblem } from '../model/glob.js';
import { PROFICIENCY_MAX, PROFICIENCY_MIN } from '../model/types.js';

type Check = (value: unknown, at: string) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const isProficiency = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= PROFICIENCY_MIN && v <= PROFICIENCY_MAX;
const isRatio = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;

function value(v: unknown, at: string): string | undefined {
  if (!isObject(v) || !isProficiency(v.proficiency) || typeof v.active !== 'boolean') {
    return `${at} must be {proficiency: an integer from ${PROFICIENCY_MIN} to ${PROFICIENCY_MAX}, active: true or false}`;
  }
  return undefined;
}

function list(v: unknown, at: string, each: Check): string | undefined {
  if (!Array.isArray(v)) return `${at} must be a list`;
  for (let i = 0; i < v.length; i++) {
    const problem = each(v[i], `${at}[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

const scope: Check = (v, at) => {
  if (!isObject(v)) return `${at} must be {skills: [patterns], agents: "declared" or "all"}`;
  if (v.agents !== 'declared' && v.agents !== 'all') return `${at}.agents must be "declared" or "all"`;
  if (!Array.isArray(v.skills) || v.skills.length === 0) return `${at}.skills must be a non-empty list of skill patterns`;
  return list(v.skills, `${at}.skills`, (p, where) => {
    if (typeof p !== 'string' || p === '') return `${where} must be a non-empty skill pattern`;
    const problem = globProblem(p);
    return problem ? `${where} is not a valid skill pattern: ${problem}` : undefined;
  });
};

const limits: Check = (v, at) => {
  if (!isObject(v) || !isRatio(v.maxRemoveRatio) || !isRatio(v.maxChangeRatio) || !(Number.isInteger(v.minManaged) && (v.minManaged as number) >= 0)) {
    return `${at} must be {maxRemoveRatio: 0..1, maxChangeRatio: 0..1, minManaged: a whole number}`;
  }
  return undefined;
};

const change: Check = (v, at) => {
  if (!isObject(v) || !isId(v.agentId) || !isId(v.skillId)) return `${at} must have a positive integer agentId and skillId`;
  if (v.kind === 'add') return value(v.after, `${at}.after`);
  if (v.kind === 'remove') return value(v.before, `${at}.before`);
  if (v.kind === 'update') return value(v.before, `${at}.before`) ?? value(v.after, `${at}.after`);
  return `${at}.kind must be add, update or remove`;
};

const call: Check = (v, at) => {
  if (!isObject(v)) return `${at} must be a call`;
  if (v.method !== 'POST' && v.method !== 'PUT' && v.method !== 'DELETE') return `${at}.method must be POST, PUT or DELETE`;
  if (v.target === 'upsert') {
    if (v.method !== 'POST' || v.id !== 0) return `${at}: an upsert is a POST with id 0`;
  } else if (v.target !== 'agent' && v.target !== 'skill') return `${at}.target must be "agent", "skill" or "upsert"`;
  else if (!isId(v.id)) return `${at}.id must be a positive integer`;
  if (!Array.isArray(v.items) || v.items.length === 0) return `${at}.items must be a non-empty list`;
  const writes = v.method !== 'DELETE';
  return list(v.items, `${at}.items`, (item, where) => {
    if (!isObject(item) || !isId(item.agentId) || !isId(item.skillId)) return `${where} must have a positive integer agentId and skillId`;
    // The last guard before the API: a proficiency outside 1..20 is never sent.
    const proficiencyOk = isProficiency(item.proficiency) || (v.method === 'PUT' && item.proficiency === undefined);
    if (writes && !proficiencyOk) return `${where}.proficiency must be an integer from ${PROFICIENCY_MIN} to ${PROFICIENCY_MAX}`;
    if (writes && item.active !== undefined && typeof item.active !== 'boolean') return `${where}.active must be true or false`;
    return undefined;
  });
};

const strings: Check = (v, at) => (isObject(v) && Object.values(v).every((s) => typeof s === 'string') ? undefined : `${at} must map ids to names`);

const FIELDS: [string, Check, boolean][] = [
  ['dir', (v, at) => (typeof v === 'string' ? undefined : `${at} must be text`), true],
  ['createdAt', (v, at) => (typeof v === 'string' ? undefined : `${at} must be text`), true],
  ['scope', scope, true],
  ['safetyLimits', limits, true],
  ['liveChecksum', (v, at) => (typeof v === 'string' && v !== '' ? undefined : `${at} must be text`), true],
  ['managedAgentIds', (v, at) => list(v, at, (id, where) => (isId(id) ? undefined : `${where} must be a positive integer`)), true],
  ['changes', (v, at) => list(v, at, change), true],
  ['calls', (v, at) => list(v, at, call), true],
  ['names', (v, at) => (isObject(v) ? (strings(v.agents, `${at}.agents`) ?? strings(v.skills, `${at}.skills`)) : `${at} must hold agents and skills`), true],
  ['counts', (v, at) => (isObject(v) ? undefined : `${at} must be an object`), true],
  [
    'coverageAllowance',
    (v, at) =>
      isObject(v) && [v.allowUncoveredSkills, v.allowUncoveredAgents].every((l) => Array.isArray(l) && l.every((s) => typeof s === 'string'))
        ? undefined
        : `${at} must be {allowUncoveredSkills: [...], allowUncoveredAgents: [...]}`,
    false,
  ],
  [
    'target',
    (v, at) => {
      if (!isObject(v) || !Array.isArray(v.agents) || !Array.isArray(v.skills)) return `${at} must be {agents: [keys], skills: [patterns]}`;
      if (!v.agents.every((k) => typeof k === 'string' && k !== '')) return `${at}.agents must be a list of agent keys`;
      return list(v.skills, `${at}.skills`, (p, where) => (typeof p !== 'string' || p === '' ? `${where} must be a non-empty skill pattern` : globProblem(p) === undefined ? undefined : `${where} is not a valid skill pattern`));
    },
    false,
  ],
  [
    'read',
    (v, at) => {
      if (!isObject(v) || (v.kind !== 'tenant' && v.kind !== 'skills')) return `${at} must be {kind: "tenant" or "skills", at, skillIds, ...}`;
      if (typeof v.at !== 'string' || Number.isNaN(Date.parse(v.at))) return `${at}.at must be an ISO 8601 time`;
      return list(v.skillIds, `${at}.skillIds`, (id, where) => (isId(id) ? undefined : `${where} must be a positive integer`));
    },
    false,
  ],
  ['diagnostics', (v, at) => (Array.isArray(v) ? undefined : `${at} must be a list`), false],
];

/** The first problem with the plan's shape, or undefined when every field apply reads has its type. */
export function planShapeProblem(raw: Record<string, unknown>): string | undefined {
  for (const [key, check, required] of FIELDS) {
    if (raw[key] === undefined || raw[key] === null) {
      if (required) return `the plan has no "${key}"`;
      continue;
    }
    const problem = check(raw[key], key);
    if (problem) return problem;
  }
  return undefined;
}
