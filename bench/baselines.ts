/**
 * The scripts cxskills replaces, as fairly as they are usually written: read every agent's skills one
 * call at a time, then write each changed agent (POST new, PUT changed, DELETE dropped skills).
 * - "per-agent PUT": 5 in flight, 200 ms pause after every call, waits 1 s on a 429 and tries again.
 * - "per-agent PATCH": 10 in flight, no pause, exponential backoff from 250 ms on a 429 (Retry-After ignored).
 * A run stops starting new agents after `capSeconds`; its wall time is then extrapolated from the share done.
 */
import { Agent, request } from 'undici';
import { DEMO_CREDENTIALS } from '../src/emulator/index.js';
import type { DesiredMap } from './scenarios.js';

export interface BaselineOptions {
  name: string;
  concurrency: number;
  delayMs: number;
  on429: 'fixed-1s' | 'exponential';
  capSeconds: number;
}

export const PER_AGENT_PUT: Omit<BaselineOptions, 'capSeconds'> = { name: 'per-agent PUT', concurrency: 5, delayMs: 200, on429: 'fixed-1s' };
export const PER_AGENT_PATCH: Omit<BaselineOptions, 'capSeconds'> = { name: 'per-agent PATCH', concurrency: 10, delayMs: 0, on429: 'exponential' };

export interface BaselineResult {
  reads: number;
  writes: number;
  rateLimited: number;
  wallS: number;
  /** Share of agents processed before the cap (1 = complete). */
  done: number;
  extrapolated: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The calls a complete per-agent run makes without 429s: one read per agent, one write per kind of change. */
export function expectedBaselineCalls(live: DesiredMap, desired: DesiredMap): { reads: number; writes: number } {
  let writes = 0;
  for (const [agentId, have] of live) {
    const want = desired.get(agentId) ?? new Map();
    const adds = [...want.keys()].some((id) => !have.has(id));
    const updates = [...want].some(([id, v]) => have.has(id) && (have.get(id)!.proficiency !== v.proficiency || have.get(id)!.active !== v.active));
    const removes = [...have.keys()].some((id) => !want.has(id));
    writes += Number(adds) + Number(updates) + Number(removes);
  }
  return { reads: live.size, writes };
}

/** Where a baseline script connects: the API base and the registered-app token endpoint. */
export interface BaselineTarget {
  apiBase: string;
  registeredAppUrl: string;
}

export async function runBaseline(target: BaselineTarget, agentIds: number[], desired: DesiredMap, o: BaselineOptions, expected: { reads: number; writes: number }): Promise<BaselineResult> {
  const dispatcher = new Agent({ connections: o.concurrency });
  const { clientId, clientSecret, accessKeyId, accessKeySecret } = DEMO_CREDENTIALS;
  const tokenRes = await request(target.registeredAppUrl, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'password', username: accessKeyId, password: accessKeySecret }).toString(),
  });
  const token = ((await tokenRes.body.json()) as { access_token: string }).access_token;
  let reads = 0;
  let writes = 0;
  let rateLimited = 0;

  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    for (let attempt = 0; ; attempt++) {
      const res = await request(`${target.apiBase}${path}`, {
        method: method as 'GET',
        dispatcher,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.body.text();
      if (method === 'GET') reads++;
      else writes++;
      if (o.delayMs > 0) await sleep(o.delayMs);
      if (res.statusCode === 429) {
        rateLimited++;
        await sleep(o.on429 === 'fixed-1s' ? 1000 : Math.min(250 * 2 ** attempt, 16_000));
        continue;
      }
      if (res.statusCode >= 400) throw new Error(`${method} ${path} → ${res.statusCode}: ${text.slice(0, 200)}`);
      return res.statusCode === 204 || text === '' ? undefined : JSON.parse(text);
    }
  };

  const started = performance.now();
  const deadline = started + o.capSeconds * 1000;
  let next = 0;
  let finished = 0;
  const worker = async () => {
    while (next < agentIds.length && performance.now() < deadline) {
      const agentId = agentIds[next++]!;
      const body = (await call('GET', `/agents/${agentId}/skills?top=1000`)) as { agentSkillAssignments?: Array<{ skillId: number; agentProficiencyValue: number; isActive: boolean }> } | undefined;
      const live = new Map((body?.agentSkillAssignments ?? []).map((a) => [Number(a.skillId), { proficiency: Number(a.agentProficiencyValue), active: a.isActive }]));
      const want = desired.get(agentId) ?? new Map();
      const adds = [...want].filter(([id]) => !live.has(id));
      const updates = [...want].filter(([id, v]) => live.has(id) && (live.get(id)!.proficiency !== v.proficiency || live.get(id)!.active !== v.active));
      const removes = [...live.keys()].filter((id) => !want.has(id));
      if (adds.length) await call('POST', `/agents/${agentId}/skills`, { skills: adds.map(([skillId, v]) => ({ skillId, proficiency: v.proficiency, isActive: v.active })) });
      if (updates.length) await call('PUT', `/agents/${agentId}/skills`, { skills: updates.map(([skillId, v]) => ({ skillId, proficiency: v.proficiency, isActive: v.active })) });
      if (removes.length) await call('DELETE', `/agents/${agentId}/skills`, { skills: removes.map((skillId) => ({ skillId })) });
      finished++;
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const wallS = (performance.now() - started) / 1000;
  await dispatcher.close();
  if (finished === agentIds.length) return { reads, writes, rateLimited, wallS, done: 1, extrapolated: false };
  // Stopped at the cap: project by the share of the expected calls made (changes are not spread evenly over agents).
  const made = reads + writes - rateLimited;
  const share = made / (expected.reads + expected.writes);
  return { reads: expected.reads, writes: expected.writes, rateLimited: Math.round(rateLimited / share), wallS: wallS / share, done: share, extrapolated: true };
}
