/** An in-process WriteClient over the emulator's Tenant and its real write handler (validation, versions, If-Match, 409), with injectable faults. */
import type { WriteClient } from '../../src/apply/execute.js';
import type { SliceRead } from '../../src/cxone/client.js';
import { CxoneError } from '../../src/cxone/errors.js';
import type { Tenant } from '../../src/emulator/index.js';
import { InFlight } from '../../src/emulator/inflight.js';
import { matchRoute } from '../../src/emulator/router.js';
import { handleWrite } from '../../src/emulator/routes-write.js';
import type { LiveState } from '../../src/model/types.js';
import type { PlannedCall } from '../../src/plan/types.js';

/** A fault for one write: refused (409, 412), or with an unknown outcome, applied (`reset-after`) or not (`reset-before`, `503`). */
export type WriteFault = '409' | '412' | '503' | 'reset-before' | 'reset-after';

export interface TenantClientOptions {
  maxItems?: number;
  /** The fault for the n-th write (1-based), if any. */
  fault?: (call: PlannedCall, n: number) => WriteFault | undefined;
  /** Awaited while a write holds its agents and skills, so overlapping writes meet 409 as on the real API. */
  delay?: () => Promise<void>;
  /** Runs just before each write is handled (another writer's change, for instance). */
  beforeWrite?: (call: PlannedCall, n: number) => void;
}

export interface LoggedCall {
  method: string;
  path: string;
  ifMatch?: string;
  status: number | 'reset';
}

export class TenantClient implements WriteClient {
  readonly log: LoggedCall[] = [];
  itemsWritten = 0;
  writes = 0;
  readonly #inFlight = new InFlight();

  constructor(
    readonly tenant: Tenant,
    readonly options: TenantClientOptions = {},
  ) {}

  async write(call: PlannedCall, ifMatch?: string): Promise<SliceRead> {
    const path = call.target === 'agent' ? `/agents/${call.id}/skills` : `/skills/${call.id}/agents`;
    const n = ++this.writes;
    const fault = this.options.fault?.(call, n);
    const logged: LoggedCall = { method: call.method, path, ...(ifMatch ? { ifMatch } : {}), status: 'reset' };
    this.log.push(logged);
    const unknown = () => new CxoneError('CXONE_NETWORK', 'network error (ECONNRESET)', { method: call.method, path, outcome: 'unknown' });
    if (fault === 'reset-before') throw unknown();
    if (fault === '409' || fault === '412' || fault === '503') {
      logged.status = Number(fault);
      if (fault === '503') throw new CxoneError('CXONE_SERVER_ERROR', 'server error', { method: call.method, path, status: 503, outcome: 'unknown' });
      throw new CxoneError(fault === '409' ? 'CXONE_CONFLICT' : 'CXONE_PRECONDITION_FAILED', 'injected', { method: call.method, path, status: Number(fault) });
    }
    this.options.beforeWrite?.(call, n);
    const key = call.target === 'agent' ? 'skills' : 'agents';
    const items = call.items.map((i) => ({ ...(call.target === 'agent' ? { skillId: i.skillId } : { agentId: i.agentId }), ...(i.proficiency === undefined ? {} : { proficiency: i.proficiency }), ...(i.active === undefined ? {} : { isActive: i.active }) }));
    const finishers: Array<() => void> = [];
    const outcome = handleWrite(
      { method: call.method, route: matchRoute(path), body: JSON.stringify({ [key]: items }), ifMatch },
      { tenant: this.tenant, maxItems: this.options.maxItems ?? 100, inFlight: this.#inFlight, quirks: false, onFinished: (fn) => finishers.push(fn) },
    );
    try {
      await this.options.delay?.();
    } finally {
      for (const fn of finishers) fn();
    }
    this.itemsWritten += outcome.itemsWritten;
    if (fault === 'reset-after') throw unknown();
    const { status, headers, body } = outcome.reply;
    logged.status = status;
    if (status === 200) return { etag: headers.etag, assignments: [] };
    const parsed = JSON.parse(body ?? '{}') as { error?: string; details?: Array<{ index: number; message: string }> };
    const init = { method: call.method, path, status };
    if (status === 409) throw new CxoneError('CXONE_CONFLICT', 'conflict', init);
    if (status === 412) throw new CxoneError('CXONE_PRECONDITION_FAILED', 'precondition failed', init);
    if (status === 404) throw new CxoneError('CXONE_NOT_FOUND', 'not found', init);
    if (parsed.details) throw new CxoneError('CXONE_INVALID_ITEMS', `rejected items: ${parsed.details.map((d) => `#${d.index} ${d.message}`).join('; ')}`, { ...init, details: parsed.details });
    throw new CxoneError('CXONE_HTTP_ERROR', parsed.error ?? `status ${status}`, init);
  }

  async getAgentSkills(agentId: number): Promise<SliceRead> {
    const agent = this.tenant.agent(agentId);
    this.log.push({ method: 'GET', path: `/agents/${agentId}/skills`, status: agent ? 200 : 404 });
    if (!agent) throw new CxoneError('CXONE_NOT_FOUND', 'not found', { method: 'GET', path: `/agents/${agentId}/skills`, status: 404 });
    return { etag: `"${agent.version}"`, assignments: this.tenant.assignmentsOfAgent(agentId).map(({ agentId: a, skillId, proficiency, active }) => ({ agentId: a, skillId, proficiency, active })) };
  }

  async getSkillAgents(skillId: number): Promise<SliceRead> {
    const skill = this.tenant.skill(skillId);
    this.log.push({ method: 'GET', path: `/skills/${skillId}/agents`, status: skill ? 200 : 404 });
    if (!skill) throw new CxoneError('CXONE_NOT_FOUND', 'not found', { method: 'GET', path: `/skills/${skillId}/agents`, status: 404 });
    return { etag: `"${skill.version}"`, assignments: this.tenant.assignmentsOfSkill(skillId).map(({ agentId, skillId: s, proficiency, active }) => ({ agentId, skillId: s, proficiency, active })) };
  }

  /** Calls answered with `status` (e.g. 409) so far. */
  count(status: number): number {
    return this.log.filter((c) => c.status === status).length;
  }
}

/** The tenant as the planner sees it. */
export function liveOf(tenant: Tenant): LiveState {
  return {
    agents: tenant.agents().map(({ agentId, userName, firstName, lastName, emailAddress, isActive }) => ({ agentId, userName, firstName, lastName, emailAddress, isActive })),
    skills: tenant.skills().map(({ skillId, skillName, isActive }) => ({ skillId, skillName, isActive })),
    assignments: tenant.assignments().map(({ agentId, skillId, proficiency, active }) => ({ agentId, skillId, proficiency, active })),
  };
}
