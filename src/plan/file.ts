/** The saved plan file: a digest over what apply acts on, and the checks a plan must pass before it is applied. */
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../model/diagnostics.js';
import { itemOf } from './group.js';
import { PLAN_FORMAT_VERSION, type Plan } from './types.js';

export function planDigest(plan: Plan): string {
  const acted = {
    formatVersion: plan.formatVersion,
    scope: plan.scope,
    managedAgentIds: plan.managedAgentIds,
    liveChecksum: plan.liveChecksum,
    changes: plan.changes,
    calls: plan.calls,
  };
  return `sha256:${createHash('sha256').update(canonicalJson(acted)).digest('hex')}`;
}

/** JSON with object keys sorted, so the digest does not depend on how a writer ordered keys. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function withDigest(plan: Plan): Plan {
  return { ...plan, digest: planDigest(plan) };
}

/**
 * Parses a saved plan and refuses anything apply should not trust: another format version, missing
 * parts, a digest that does not match (the file was edited), or calls that do not carry exactly the
 * plan's changes.
 */
export function parsePlanFile(text: string, file: string, maxItems = 100): { plan?: Plan; diagnostics: Diagnostic[] } {
  const problem = (code: string, message: string): { diagnostics: Diagnostic[] } => ({ diagnostics: [{ severity: 'error', code, message, file }] });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return problem('PLAN_NOT_JSON', `the plan file is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof raw !== 'object' || raw === null) return problem('PLAN_INVALID', 'the plan file does not hold a plan object');
  const plan = raw as Plan;
  if (plan.formatVersion !== PLAN_FORMAT_VERSION) {
    return problem('PLAN_FORMAT_VERSION', `plan formatVersion ${JSON.stringify(plan.formatVersion)} is not supported (this cxskills reads ${PLAN_FORMAT_VERSION})`);
  }
  for (const key of ['scope', 'liveChecksum', 'managedAgentIds', 'changes', 'calls', 'names', 'counts'] as const) {
    if (plan[key] === undefined || plan[key] === null) return problem('PLAN_INVALID', `the plan has no "${key}"`);
  }
  if (!Array.isArray(plan.changes) || !Array.isArray(plan.calls) || !Array.isArray(plan.managedAgentIds)) {
    return problem('PLAN_INVALID', 'the plan\'s changes, calls and managedAgentIds must be arrays');
  }
  if (plan.digest !== planDigest(plan)) {
    return problem('PLAN_TAMPERED', 'the plan\'s digest does not match its content: it was edited after it was made. Make a new plan.');
  }
  const expected = new Map(plan.changes.map((c) => [`${c.agentId}/${c.skillId}`, JSON.stringify(itemOf(c))]));
  const seen = new Set<string>();
  for (const call of plan.calls) {
    if (call.items.length > maxItems) return problem('PLAN_INVALID', `a call carries ${call.items.length} items, above the limit of ${maxItems}`);
    for (const item of call.items) {
      const key = `${item.agentId}/${item.skillId}`;
      const targetOk = call.target === 'agent' ? item.agentId === call.id : item.skillId === call.id;
      if (expected.get(key) !== JSON.stringify(item) || seen.has(key) || !targetOk) {
        return problem('PLAN_TAMPERED', `call ${call.method} ${call.target} ${call.id} does not match the plan's changes (item ${key})`);
      }
      seen.add(key);
    }
  }
  if (seen.size !== expected.size) return problem('PLAN_TAMPERED', 'the plan\'s calls do not cover all of its changes');
  return { plan, diagnostics: [] };
}
