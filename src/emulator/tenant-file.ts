/** The tenant state file: parse untrusted JSON into TenantData once, at the edge, and write it atomically. */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { DEFAULT_TIME_MS } from './time.js';
import { TENANT_FORMAT_VERSION, type TenantAgent, type TenantAssignment, type TenantData, type TenantSkill } from './types.js';

type Json = Record<string, unknown>;

class Reader {
  constructor(private readonly source: string) {}

  fail(path: string, message: string): never {
    throw new Error(`${this.source}: ${path} ${message}`);
  }

  object(value: unknown, path: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'must be an object');
    return value as Json;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'must be an array');
    return value;
  }

  id(value: unknown, path: string): number {
    if (!Number.isSafeInteger(value) || (value as number) <= 0) this.fail(path, 'must be a positive integer');
    return value as number;
  }

  int(value: unknown, path: string, min: number, max: number): number {
    if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
      this.fail(path, `must be an integer ${min}..${max}`);
    }
    return value as number;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, 'must be a string');
    return value;
  }

  optionalString(value: unknown, path: string): string | undefined {
    return value === undefined ? undefined : this.string(value, path);
  }

  bool(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') this.fail(path, 'must be a boolean');
    return value;
  }

  versions(value: unknown, path: string): Record<string, number> {
    const map = this.object(value, path);
    const out: Record<string, number> = {};
    for (const [key, v] of Object.entries(map)) out[key] = this.int(v, `${path}.${key}`, 1, Number.MAX_SAFE_INTEGER);
    return out;
  }
}

function withOptional<T extends object>(base: T, extra: Record<string, unknown>): T {
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) Object.assign(base, { [key]: value });
  return base;
}

function parseAgent(r: Reader, value: unknown, path: string): TenantAgent {
  const o = r.object(value, path);
  const agent: TenantAgent = {
    agentId: r.id(o.agentId, `${path}.agentId`),
    userName: r.string(o.userName, `${path}.userName`),
    firstName: r.string(o.firstName ?? '', `${path}.firstName`),
    lastName: r.string(o.lastName ?? '', `${path}.lastName`),
    emailAddress: r.string(o.emailAddress ?? '', `${path}.emailAddress`),
    isActive: r.bool(o.isActive ?? true, `${path}.isActive`),
  };
  return withOptional(agent, {
    teamId: o.teamId === undefined ? undefined : r.id(o.teamId, `${path}.teamId`),
    teamName: r.optionalString(o.teamName, `${path}.teamName`),
    lastUpdated: r.optionalString(o.lastUpdated, `${path}.lastUpdated`),
  });
}

function parseSkill(r: Reader, value: unknown, path: string): TenantSkill {
  const o = r.object(value, path);
  const skill: TenantSkill = {
    skillId: r.id(o.skillId, `${path}.skillId`),
    skillName: r.string(o.skillName, `${path}.skillName`),
    isActive: r.bool(o.isActive ?? true, `${path}.isActive`),
  };
  return withOptional(skill, {
    mediaTypeId: o.mediaTypeId === undefined ? undefined : r.id(o.mediaTypeId, `${path}.mediaTypeId`),
    mediaTypeName: r.optionalString(o.mediaTypeName, `${path}.mediaTypeName`),
    isOutbound: o.isOutbound === undefined ? undefined : r.bool(o.isOutbound, `${path}.isOutbound`),
    lastUpdated: r.optionalString(o.lastUpdated, `${path}.lastUpdated`),
  });
}

function parseAssignment(r: Reader, value: unknown, path: string): TenantAssignment {
  const o = r.object(value, path);
  return {
    agentId: r.id(o.agentId, `${path}.agentId`),
    skillId: r.id(o.skillId, `${path}.skillId`),
    proficiency: r.int(o.proficiency, `${path}.proficiency`, 1, 20),
    active: r.bool(o.active ?? true, `${path}.active`),
    lastUpdateTime: r.string(o.lastUpdateTime ?? new Date(DEFAULT_TIME_MS).toISOString(), `${path}.lastUpdateTime`),
  };
}

/** Checks shape and types; references between agents, skills and assignments are checked by `Tenant.load`. */
export function parseTenantData(value: unknown, source = 'tenant state'): TenantData {
  const r = new Reader(source);
  const o = r.object(value, '(root)');
  if (o.formatVersion !== TENANT_FORMAT_VERSION) {
    r.fail('formatVersion', `must be ${TENANT_FORMAT_VERSION}, got ${JSON.stringify(o.formatVersion)}`);
  }
  const data: TenantData = {
    formatVersion: TENANT_FORMAT_VERSION,
    agents: r.array(o.agents, 'agents').map((a, i) => parseAgent(r, a, `agents[${i}]`)),
    skills: r.array(o.skills, 'skills').map((s, i) => parseSkill(r, s, `skills[${i}]`)),
    assignments: r.array(o.assignments, 'assignments').map((a, i) => parseAssignment(r, a, `assignments[${i}]`)),
  };
  if (o.versions !== undefined) {
    const v = r.object(o.versions, 'versions');
    data.versions = {
      agents: v.agents === undefined ? {} : r.versions(v.agents, 'versions.agents'),
      skills: v.skills === undefined ? {} : r.versions(v.skills, 'versions.skills'),
    };
  }
  return data;
}

/** The parsed file, or undefined when it does not exist. */
export async function readTenantFile(file: string): Promise<TenantData | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  return parseTenantData(json, file);
}

/** Writes through a temporary file and a rename, so a crash never leaves half a state file. */
export async function writeTenantFile(file: string, data: TenantData): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(data, null, 1)}\n`, 'utf8');
  await rename(temp, file);
}
