/**
 * `doctor --probe-writes`: a few reversible writes on one agent × skill pair of a sandbox, to learn how the
 * tenant answers writes (status, result shape, ETags). Every write is audited; the pair is read back at the
 * end and must be exactly as it was.
 */
import type { AssignmentValue, WriteMethod } from '../model/types.js';
import type { ProbeAnswer } from './probe.js';

export interface WriteProbeClient {
  probe(path: string, query?: Record<string, string>): Promise<ProbeAnswer>;
  /** One write as given, answered as is (never throws on a status; never repeated blindly). */
  probeWrite(method: WriteMethod, path: string, body: unknown): Promise<ProbeAnswer>;
}

export interface WriteProbeStep {
  /** `PUT /agents/{id}/skills`, …: what was sent. */
  call: string;
  status: number;
  /** How the answer was shaped: `resultSet.skillResults[1]: success`, `no resultSet`, … */
  shape: string;
  ok: boolean;
  error?: string;
  etag: boolean;
}

export interface WriteProbeReport {
  agent: string;
  agentId: number;
  skill: string;
  skillId: number;
  before: AssignmentValue | null;
  after: AssignmentValue | null;
  restored: boolean;
  steps: WriteProbeStep[];
  audited: number;
  auditFile: string;
}

export interface ProbeAuditEntry {
  time: string;
  /** `intent` before the write is sent; `applied` or `failed` once it is answered. */
  outcome: 'intent' | 'applied' | 'failed';
  kind: 'add' | 'update' | 'remove';
  agentId: number;
  skillId: number;
  before: AssignmentValue | null;
  after: AssignmentValue | null;
  call: { method: WriteMethod; path: string; attempt: number };
  error?: { code: string; message: string };
}

interface PlannedStep {
  method: WriteMethod;
  path: string;
  body: unknown;
  before: AssignmentValue | null;
  after: AssignmentValue | null;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function num(v: unknown): number | undefined {
  const x = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

/** The pair's value in an agent's skill list answer (null when not assigned). */
export function pairValue(answer: ProbeAnswer, skillId: number): AssignmentValue | null {
  const list = asRecord(answer.body)?.agentSkillAssignments;
  if (!Array.isArray(list)) return null;
  for (const raw of list) {
    const item = asRecord(raw);
    if (item === undefined || num(item.skillId) !== skillId || item.isAssigned === false) continue;
    const proficiency = num(item.agentProficiencyValue);
    if (proficiency === undefined) continue;
    return { proficiency, active: item.isActive !== false && item.isActive !== 'false' };
  }
  return null;
}

/** Reads how a write was answered: the per-item result for this pair, and what the body looked like. */
export function writeShape(answer: ProbeAnswer): { shape: string; success: boolean | undefined; error?: string } {
  const set = asRecord(asRecord(answer.body)?.resultSet);
  if (set === undefined) return { shape: answer.text.trim() === '' ? 'empty body' : 'no resultSet', success: undefined };
  const key = Array.isArray(set.skillResults) ? 'skillResults' : Array.isArray(set.agentResults) ? 'agentResults' : undefined;
  const results = key === undefined ? [] : (set[key] as unknown[]);
  const first = asRecord(results[0]);
  const errorCount = set.errorCount;
  const shape = `resultSet.${key ?? '(no results)'}[${results.length}], errorCount ${typeof errorCount === 'string' ? 'as a string' : typeof errorCount === 'number' ? 'as a number' : 'missing'}`;
  if (first === undefined) return { shape, success: undefined };
  const success = first.success === true || first.success === 'true';
  const error = typeof first.error === 'string' ? first.error : undefined;
  return { shape: `${shape}: ${success ? 'success' : 'failed'}`, success, ...(error ? { error } : {}) };
}

function item(skillOrAgent: 'skillId' | 'agentId', id: number, value?: AssignmentValue): Record<string, unknown> {
  return value === undefined ? { [skillOrAgent]: id } : { [skillOrAgent]: id, proficiency: value.proficiency, isActive: value.active };
}

function upsertBody(agentId: number, skillId: number, value: AssignmentValue): unknown {
  return { agentAndSkillDetails: [{ agentIds: [agentId], skills: [{ skillIds: [skillId], proficiency: value.proficiency, isActive: value.active }] }] };
}

/** The writes, each followed by its inverse, so the pair ends where it began. A new pair is probed switched off (it routes nothing). */
export function plannedSteps(agentId: number, skillId: number, before: AssignmentValue | null): PlannedStep[] {
  const agentPath = `/agents/${agentId}/skills`;
  const skillPath = `/skills/${skillId}/agents`;
  if (before !== null) {
    const other: AssignmentValue = { proficiency: before.proficiency === 20 ? 19 : before.proficiency + 1, active: before.active };
    return [
      { method: 'PUT', path: agentPath, body: { skills: [item('skillId', skillId, other)] }, before, after: other },
      { method: 'PUT', path: skillPath, body: { agents: [item('agentId', agentId, before)] }, before: other, after: before },
      { method: 'POST', path: '/agents/skills', body: upsertBody(agentId, skillId, other), before, after: other },
      { method: 'POST', path: '/agents/skills', body: upsertBody(agentId, skillId, before), before: other, after: before },
      { method: 'DELETE', path: agentPath, body: { skills: [item('skillId', skillId)] }, before, after: null },
      { method: 'POST', path: agentPath, body: { skills: [item('skillId', skillId, before)] }, before: null, after: before },
    ];
  }
  const probe: AssignmentValue = { proficiency: 20, active: false };
  const changed: AssignmentValue = { proficiency: 19, active: false };
  return [
    { method: 'POST', path: agentPath, body: { skills: [item('skillId', skillId, probe)] }, before: null, after: probe },
    { method: 'PUT', path: agentPath, body: { skills: [item('skillId', skillId, changed)] }, before: probe, after: changed },
    { method: 'DELETE', path: agentPath, body: { skills: [item('skillId', skillId)] }, before: changed, after: null },
    { method: 'POST', path: '/agents/skills', body: upsertBody(agentId, skillId, probe), before: null, after: probe },
    { method: 'DELETE', path: skillPath, body: { agents: [item('agentId', agentId)] }, before: probe, after: null },
  ];
}

/** What the step does to the pair, as the audit log says it (an upsert may add or change). */
function kindOf(step: PlannedStep): ProbeAuditEntry['kind'] {
  return step.before === null ? 'add' : step.after === null ? 'remove' : 'update';
}

export interface WriteProbeInput {
  agent: string;
  agentId: number;
  skill: string;
  skillId: number;
  auditFile: string;
  audit(entry: ProbeAuditEntry): void;
  now(): Date;
}

export async function probeWrites(client: WriteProbeClient, input: WriteProbeInput): Promise<WriteProbeReport> {
  const { agentId, skillId } = input;
  const read = async () => pairValue(await client.probe(`/agents/${agentId}/skills`), skillId);
  const before = await read();
  const steps: WriteProbeStep[] = [];
  let audited = 0;
  const run = async (step: PlannedStep) => {
    // Audited before it is sent: a write that reaches the tenant is never missing from the log.
    input.audit({ time: input.now().toISOString(), outcome: 'intent', kind: kindOf(step), agentId, skillId, before: step.before, after: step.after, call: { method: step.method, path: step.path, attempt: 1 } });
    const answer = await client.probeWrite(step.method, step.path, step.body);
    const { shape, success, error } = writeShape(answer);
    const ok = answer.status >= 200 && answer.status < 300 && success !== false;
    input.audit({
      time: input.now().toISOString(),
      outcome: ok ? 'applied' : 'failed',
      kind: kindOf(step),
      agentId,
      skillId,
      before: step.before,
      after: step.after,
      call: { method: step.method, path: step.path, attempt: 1 },
      ...(ok ? {} : { error: { code: 'DOCTOR_WRITE_PROBE', message: error ?? `status ${answer.status}` } }),
    });
    audited += 2;
    steps.push({ call: `${step.method} ${step.path}`, status: answer.status, shape, ok, ...(error ? { error } : {}), etag: answer.headers.etag !== undefined });
    return ok;
  };
  for (const step of plannedSteps(agentId, skillId, before)) {
    // A failed step leaves the pair somewhere between: stop and restore from what is live.
    if (!(await run(step))) break;
  }
  let after = await read();
  if (!same(after, before)) {
    const back: PlannedStep =
      before === null
        ? { method: 'DELETE', path: `/agents/${agentId}/skills`, body: { skills: [item('skillId', skillId)] }, before: after, after: null }
        : after === null
          ? { method: 'POST', path: `/agents/${agentId}/skills`, body: { skills: [item('skillId', skillId, before)] }, before: null, after: before }
          : { method: 'PUT', path: `/agents/${agentId}/skills`, body: { skills: [item('skillId', skillId, before)] }, before: after, after: before };
    await run(back);
    after = await read();
  }
  return { agent: input.agent, agentId, skill: input.skill, skillId, before, after, restored: same(after, before), steps, audited, auditFile: input.auditFile };
}

function same(a: AssignmentValue | null, b: AssignmentValue | null): boolean {
  return a === null || b === null ? a === b : a.proficiency === b.proficiency && a.active === b.active;
}
