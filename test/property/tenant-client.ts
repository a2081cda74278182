/**
 * An in-process WriteClient over the emulator's Tenant and its real write handler (contract v2: per-item
 * results, the upsert, 409 for overlapping writes, ETags only when asked), with injectable faults. The
 * bodies and the reading of the replies are the CXone client's own (src/cxone/writes.ts, results.ts).
 */
import type { WriteClient } from '../../src/apply/execute.js';
import type { SliceRead } from '../../src/cxone/client.js';
import { CxoneError } from '../../src/cxone/errors.js';
import { itemResults } from '../../src/cxone/results.js';
import { bulkBody, groupUpsert, inOrderOf } from '../../src/cxone/writes.js';
import type { Tenant } from '../../src/emulator/index.js';
import { InFlight } from '../../src/emulator/inflight.js';
import { matchRoute } from '../../src/emulator/router.js';
import { handleWrite } from '../../src/emulator/routes-write.js';
import type { Assignment, LiveState, WriteResult } from '../../src/model/types.js';
import type { PlannedCall } from '../../src/plan/types.js';

/**
 * A fault for one write: refused (409, 412), with an unknown outcome, applied (`reset-after`) or not
 * (`reset-before`, `503`), or answered 200 with its first item failed (`item-fail`) or its last item not
 * named (`item-omit`).
 */
export type WriteFault = '409' | '412' | '503' | 'reset-before' | 'reset-after' | 'item-fail' | 'item-omit';

export interface TenantClientOptions {
  maxItems?: number;
  /** Serve ETags and honour If-Match (the emulator's `etags` option); default false, as on real tenants. */
  etags?: boolean;
  /** What collides in flight (the emulator's `conflicts` option); default `lists`, the strictest. */
  conflicts?: 'agents' | 'lists';
  /** Serve `POST /agents/skills`; default true (false: refused, as the client reports a 404 there). */
  upsert?: boolean;
  /** The fault for the n-th write (1-based), if any. */
  fault?: (call: PlannedCall, n: number) => WriteFault | undefined;
  /** Awaited while a write holds its agents and skills, so overlapping writes meet 409 as on the real API. */
  delay?: () => Promise<void>;
  /** Runs just before each write is handled (another writer's change, for instance). */
  beforeWrite?: (call: PlannedCall, n: number) => void;
  /** Runs just before the n-th `UpdatedSince` read (the wave guard's) is answered. */
  beforeGuardRead?: (n: number) => void;
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

  async write(call: PlannedCall, ifMatch?: string): Promise<WriteResult> {
    const upsert = call.target === 'upsert';
    if (upsert && this.options.upsert === false) {
      this.log.push({ method: 'POST', path: '/agents/skills', status: 404 });
      throw new CxoneError('CXONE_UPSERT_UNSUPPORTED', 'this server has no bulk upsert', { method: 'POST', path: '/agents/skills', status: 404 });
    }
    const wire = upsert ? { path: '/agents/skills', body: JSON.stringify({ agentAndSkillDetails: groupUpsert(call.items).entries }), resultKey: 'pair' as const } : bulkBody(call, call.items);
    const sent = upsert ? groupUpsert(call.items).order : call.items;
    const { path } = wire;
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
    const finishers: Array<() => void> = [];
    const itemFault = fault === 'item-fail' ? { kind: 'item-fail' as const, failFirst: 1 } : fault === 'item-omit' ? { kind: 'item-omit' as const } : undefined;
    const outcome = handleWrite(
      { method: call.method, route: matchRoute(path), body: wire.body, ifMatch, itemFault },
      { tenant: this.tenant, maxItems: this.options.maxItems ?? 100, inFlight: this.#inFlight, quirks: false, etags: this.options.etags ?? false, conflicts: this.options.conflicts ?? 'lists', itemFails: () => false, onFinished: (fn) => finishers.push(fn) },
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
    const parsed: unknown = body === undefined || body === null || body === "" ? undefined : JSON.parse(body);
    if (status === 200) {
      const result: WriteResult = { etag: headers.etag, items: itemResults(parsed, sent, wire.resultKey) };
      return upsert ? inOrderOf(call.items, result) : result;
    }
    const init = { method: call.method, path, status };
    const error = (parsed as { error?: string } | undefined)?.error;
    if (status === 409) throw new CxoneError('CXONE_CONFLICT', 'conflict', init);
    if (status === 412) throw new CxoneError('CXONE_PRECONDITION_FAILED', 'precondition failed', init);
    if (status === 404) throw new CxoneError('CXONE_NOT_FOUND', 'not found', init);
    throw new CxoneError('CXONE_HTTP_ERROR', error ?? `status ${status}`, init);
  }

  async getAgentSkills(agentId: number): Promise<SliceRead> {
    const agent = this.tenant.agent(agentId);
    this.log.push({ method: 'GET', path: `/agents/${agentId}/skills`, status: agent ? 200 : 404 });
    if (!agent) throw new CxoneError('CXONE_NOT_FOUND', 'not found', { method: 'GET', path: `/agents/${agentId}/skills`, status: 404 });
    return { etag: this.#etag(agent.version), assignments: this.tenant.assignmentsOfAgent(agentId).map(pair) };
  }

  async getSkillAgents(skillId: number): Promise<SliceRead> {
    const skill = this.tenant.skill(skillId);
    this.log.push({ method: 'GET', path: `/skills/${skillId}/agents`, status: skill ? 200 : 404 });
    if (!skill) throw new CxoneError('CXONE_NOT_FOUND', 'not found', { method: 'GET', path: `/skills/${skillId}/agents`, status: 404 });
    return { etag: this.#etag(skill.version), assignments: this.tenant.assignmentsOfSkill(skillId).map(pair) };
  }

  guardReads = 0;

  async listAssignmentsUpdatedSince(iso: string): Promise<Assignment[]> {
    this.options.beforeGuardRead?.(++this.guardReads);
    const since = Date.parse(iso);
    this.log.push({ method: 'GET', path: `/agents/skills?UpdatedSince=${iso}`, status: 200 });
    return this.tenant.assignments().filter((a) => a.updatedAt >= since).map(pair);
  }

  #etag(version: number): string | undefined {
    return this.options.etags ? `"${version}"` : undefined;
  }

  /** Calls answered with `status` (e.g. 409) so far. */
  count(status: number): number {
    return this.log.filter((c) => c.status === status).length;
  }
}

function pair({ agentId, skillId, proficiency, active }: Assignment): Assignment {
  return { agentId, skillId, proficiency, active };
}

/** The tenant as the planner sees it. */
export function liveOf(tenant: Tenant): LiveState {
  return {
    agents: tenant.agents().map(({ agentId, userName, firstName, lastName, emailAddress, isActive }) => ({ agentId, userName, firstName, lastName, emailAddress, isActive })),
    skills: tenant.skills().map(({ skillId, skillName, isActive }) => ({ skillId, skillName, isActive })),
    assignments: tenant.assignments().map(({ agentId, skillId, proficiency, active }) => ({ agentId, skillId, proficiency, active })),
  };
}
