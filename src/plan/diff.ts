/** The full-state diff: RFC 6902 operations (fast-json-patch) between the live and desired documents, read back as changes. */
import jsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import type { AssignmentValue } from '../model/types.js';
import type { SkillsDocument } from './document.js';
import type { Change } from './types.js';

const { compare } = jsonPatch;

export interface DiffResult {
  patch: Operation[];
  changes: Change[];
}

/**
 * Every managed agent is a key of both documents, so operations are always on `/{agentId}/{skillId}`
 * (add/remove) or `/{agentId}/{skillId}/{field}` (replace). Replaces of one pair merge into one update.
 */
export function diffDocuments(live: SkillsDocument, desired: SkillsDocument): DiffResult {
  const patch = compare(live, desired);
  const changes: Change[] = [];
  const updates = new Map<string, Change & { kind: 'update' }>();
  for (const op of patch) {
    const [agentKey, skillKey, field] = op.path.split('/').slice(1);
    if (agentKey === undefined || skillKey === undefined) {
      throw new Error(`diff produced an operation on a whole agent (${op.op} ${op.path}); documents must list every managed agent`);
    }
    const agentId = Number(agentKey);
    const skillId = Number(skillKey);
    if (field === undefined) {
      if (op.op === 'add') changes.push({ kind: 'add', agentId, skillId, after: valueOf(desired, agentKey, skillKey) });
      else if (op.op === 'remove') changes.push({ kind: 'remove', agentId, skillId, before: valueOf(live, agentKey, skillKey) });
      else changes.push({ kind: 'update', agentId, skillId, before: valueOf(live, agentKey, skillKey), after: valueOf(desired, agentKey, skillKey) });
      continue;
    }
    const pair = `${agentKey}/${skillKey}`;
    if (!updates.has(pair)) {
      const change = { kind: 'update', agentId, skillId, before: valueOf(live, agentKey, skillKey), after: valueOf(desired, agentKey, skillKey) } as const;
      updates.set(pair, change);
      changes.push(change);
    }
  }
  return { patch, changes };
}

function valueOf(doc: SkillsDocument, agentKey: string, skillKey: string): AssignmentValue {
  const v = doc[agentKey]?.[skillKey];
  if (v === undefined) throw new Error(`no value at /${agentKey}/${skillKey}`);
  return { proficiency: v.proficiency, active: v.active };
}
