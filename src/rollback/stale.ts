/**
 * The staleness check of a rollback: each pair must still be as the run left it, and its agent and skill
 * must still exist. A pair already back at what the run found (an earlier rollback got that far) is
 * skipped, so a rollback that stopped half-way can simply be run again.
 */
import type { Diagnostic } from '../model/diagnostics.js';
import type { AssignmentValue, LiveState } from '../model/types.js';
import type { InverseChange } from './inverse.js';

export interface RollbackCheck {
  pending: InverseChange[];
  /** Pairs already restored. */
  restored: number;
  diagnostics: Diagnostic[];
}

export function checkRollback(inverse: readonly InverseChange[], live: LiveState): RollbackCheck {
  const agents = new Map(live.agents.map((a) => [a.agentId, a]));
  const skills = new Map(live.skills.map((s) => [s.skillId, s]));
  const values = new Map<string, AssignmentValue>();
  for (const a of live.assignments) values.set(`${a.agentId}/${a.skillId}`, { proficiency: a.proficiency, active: a.active });
  const diagnostics: Diagnostic[] = [];
  const pending: InverseChange[] = [];
  let restored = 0;
  for (const inv of inverse) {
    const { agentId, skillId } = inv.change;
    const agent = agents.get(agentId);
    const skill = skills.get(skillId);
    const who = `${agent?.userName ?? inv.agentName ?? `agent ${agentId}`} / ${skill?.skillName ?? inv.skillName ?? `skill ${skillId}`}`;
    const path = `/${agentId}/${skillId}`;
    if (agent === undefined || skill === undefined) {
      const missing = agent === undefined ? `agent ${agentId}` : `skill ${skillId}`;
      diagnostics.push({ severity: 'error', code: 'ROLLBACK_UNKNOWN', message: `${who}: ${missing} no longer exists in the tenant, so this change cannot be rolled back.`, path });
      continue;
    }
    const now = values.get(`${agentId}/${skillId}`) ?? null;
    if (same(now, restoredValue(inv))) {
      restored += 1;
      continue;
    }
    if (!same(now, inv.expected)) {
      diagnostics.push({
        severity: 'error',
        code: 'ROLLBACK_STALE',
        message: `${who} changed since the run: the run left ${show(inv.expected)}, live is ${show(now)}. Rolling back would overwrite a later change.`,
        path,
      });
      continue;
    }
    if (inv.change.kind === 'add' && !skill.isActive) {
      diagnostics.push({ severity: 'error', code: 'SKILL_INACTIVE', message: `${who}: skill "${skill.skillName}" is inactive in CXone and cannot be assigned again; activate it first.`, path });
      continue;
    }
    pending.push(inv);
  }
  return { pending, restored, diagnostics };
}

/** What the rollback restores the pair to. */
function restoredValue(inv: InverseChange): AssignmentValue | null {
  return inv.change.kind === 'remove' ? null : inv.change.after;
}

function same(a: AssignmentValue | null, b: AssignmentValue | null): boolean {
  if (a === null || b === null) return a === b;
  return a.proficiency === b.proficiency && a.active === b.active;
}

function show(v: AssignmentValue | null): string {
  if (v === null) return 'no assignment';
  return `proficiency ${v.proficiency}${v.active ? '' : ', active false'}`;
}
