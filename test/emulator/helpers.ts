/** Test helpers: start emulators that are always closed, get tokens, and call the API over real HTTP. */
import { afterEach } from 'vitest';
import { request } from 'undici';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

const running: RunningEmulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

/** Starts an emulator closed after the current test; unthrottled unless the test asks for a rate limit. */
export async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator({ rateLimit: null, ...options });
  running.push(emulator);
  return emulator;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

export async function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; headersTimeout?: number } = {},
): Promise<Answer> {
  const { method = 'GET', headers = {}, body, headersTimeout } = init;
  const res = await request(url, {
    method: method as 'GET',
    headers,
    body,
    ...(headersTimeout !== undefined ? { headersTimeout } : {}),
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: flatHeaders(res.headers), text, json };
}

export function tokenRequest(emulator: RunningEmulator, over: Partial<{ basic: string; body: string; contentType: string }> = {}): Promise<Answer> {
  const c = emulator.credentials;
  const basic = over.basic ?? Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64');
  return call(emulator.authUrl, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': over.contentType ?? 'application/x-www-form-urlencoded' },
    body:
      over.body ??
      new URLSearchParams({ grant_type: 'password', username: c.accessKeyId, password: c.accessKeySecret }).toString(),
  });
}

/** The access-key grant: JSON body, no client registration (the default path of the contract). */
export function accessKeyRequest(emulator: RunningEmulator, body?: unknown): Promise<Answer> {
  const c = emulator.credentials;
  const payload = body ?? { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret };
  return call(emulator.accessKeyUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

export async function token(emulator: RunningEmulator): Promise<string> {
  const answer = await accessKeyRequest(emulator);
  if (answer.status !== 200) throw new Error(`token request failed: ${answer.status} ${answer.text}`);
  return (answer.json as { access_token: string }).access_token;
}

const JSON_ACCEPT = { accept: 'application/json' };

/** A tiny API client bound to one emulator and one token; it sends `Accept: application/json` as the contract says. */
export class Api {
  constructor(
    readonly emulator: RunningEmulator,
    public bearer: string,
  ) {}

  static async connect(emulator: RunningEmulator): Promise<Api> {
    return new Api(emulator, await token(emulator));
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    return call(`${this.emulator.apiBase}${path}`, { headers: { authorization: `Bearer ${this.bearer}`, ...JSON_ACCEPT, ...headers } });
  }

  write(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    return call(`${this.emulator.apiBase}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.bearer}`, 'content-type': 'application/json', ...JSON_ACCEPT, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }
}

export interface WireAssignment {
  agentId: number;
  agentID_alt?: number;
  isAssigned?: boolean;
  skillId: number;
  skillName: string;
  agentProficiencyValue: number;
  isActive: boolean;
  lastUpdateTime: string;
}

export function assignmentsOf(answer: Answer): WireAssignment[] {
  return (answer.json as { agentSkillAssignments: WireAssignment[] }).agentSkillAssignments;
}

export interface ItemResult {
  agentId?: number | string;
  skillId?: number | string;
  success: boolean;
  error?: string;
}

export interface ResultSet {
  errorCount: number | string;
  skillResults?: ItemResult[];
  agentResults?: ItemResult[];
}

export function resultSetOf(answer: Answer): ResultSet {
  if (answer.status !== 200) throw new Error(`expected a 200 resultSet, got ${answer.status} ${answer.text}`);
  return (answer.json as { resultSet: ResultSet }).resultSet;
}

/** The per-item results of a write, whichever list it names. */
export function resultsOf(answer: Answer): ItemResult[] {
  const set = resultSetOf(answer);
  return set.skillResults ?? set.agentResults ?? [];
}

/** A small hand-made tenant, so write tests state exact expectations. */
export function smallTenant() {
  return {
    formatVersion: 1 as const,
    agents: [
      { agentId: 1001, userName: 'ana', firstName: 'Ana', lastName: 'Alvarez', emailAddress: 'ana@x.test', isActive: true },
      { agentId: 1002, userName: 'ben', firstName: 'Ben', lastName: 'Brown', emailAddress: 'ben@x.test', isActive: true },
      { agentId: 1003, userName: 'cy', firstName: 'Cy', lastName: 'Chen', emailAddress: 'cy@x.test', isActive: false },
    ],
    skills: [
      { skillId: 101, skillName: 'Billing EN', isActive: true, mediaTypeId: 4 },
      { skillId: 102, skillName: 'Sales EN', isActive: true, mediaTypeId: 4 },
      { skillId: 103, skillName: 'Chat EN', isActive: true, mediaTypeId: 3 },
      { skillId: 104, skillName: 'Legacy IVR', isActive: false, mediaTypeId: 4 },
    ],
    assignments: [
      { agentId: 1001, skillId: 101, proficiency: 3, active: true, lastUpdateTime: '2024-02-01T00:00:00.000Z' },
      { agentId: 1001, skillId: 104, proficiency: 9, active: true, lastUpdateTime: '2024-02-01T00:00:00.000Z' },
      { agentId: 1002, skillId: 101, proficiency: 5, active: false, lastUpdateTime: '2024-03-01T00:00:00.000Z' },
    ],
  };
}
