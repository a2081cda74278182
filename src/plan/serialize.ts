/**
 * The plan file (`plan --out`, what `apply --plan` reads): the plan as pretty JSON with a fixed key order,
 * whatever order its objects were built in, so two saves of one plan are the same bytes and a diff of two
 * plans is readable. The digest does not depend on it (it hashes a line format of the values, see file.ts).
 */
import type { Plan } from './types.js';

/** Key order for an object (and, for arrays, for each element); keys not listed follow, sorted. */
interface Shape {
  order: readonly string[];
  fields?: Readonly<Record<string, Shape>>;
  /** Shape of values under keys without their own entry in `fields`. */
  rest?: Shape;
}

const SORTED: Shape = { order: [] };
const VALUE: Shape = { order: ['proficiency', 'active'] };
/** Patch values may be whole subtrees (`{skillId: value}`), so the value shape recurses. */
const PATCH_VALUE: Shape = { order: VALUE.order };
PATCH_VALUE.rest = PATCH_VALUE;

const PLAN: Shape = {
  order: [
    'formatVersion', 'tool', 'createdAt', 'dir', 'scope', 'safetyLimits', 'liveChecksum', 'managedAgentIds',
    'counts', 'changes', 'patch', 'calls', 'grouping', 'estimate', 'read', 'names', 'safety', 'coverage', 'coverageAllowance', 'target', 'diagnostics', 'digest',
  ],
  fields: {
    tool: { order: ['name', 'version'] },
    scope: { order: ['skills', 'agents'] },
    safetyLimits: { order: ['maxRemoveRatio', 'maxChangeRatio', 'minManaged'] },
    counts: { order: ['managedAgents', 'managedAssignments', 'add', 'update', 'remove', 'calls'] },
    changes: { order: ['kind', 'agentId', 'agentName', 'skillId', 'skillName', 'before', 'after'], fields: { before: VALUE, after: VALUE } },
    patch: { order: ['op', 'path', 'from', 'value'], fields: { value: PATCH_VALUE } },
    calls: {
      order: ['method', 'target', 'id', 'items'],
      fields: { items: { order: ['agentId', 'skillId', 'proficiency', 'active'] } },
    },
    grouping: { order: ['strategy', 'itemLimit', 'lowerBound'] },
    estimate: {
      order: ['ratePerSecond', 'reads', 'writes', 'seconds'],
      fields: { reads: { order: ['staleness', 'guard', 'verify'] } },
    },
    read: { order: ['kind', 'pages', 'tenantPages', 'skillPages', 'reason', 'at', 'ms', 'skillIds'] },
    names: { order: ['agents', 'skills'] },
    safety: { order: ['code', 'message', 'count', 'managed', 'ratio', 'limit'] },
    coverage: { order: ['code', 'severity', 'message', 'name', 'skillId', 'agentId'] },
    coverageAllowance: { order: ['allowUncoveredSkills', 'allowUncoveredAgents'] },
    target: { order: ['agents', 'skills'] },
    diagnostics: {
      order: ['severity', 'code', 'message', 'file', 'line', 'col', 'path', 'suggestions'],
    },
  },
};

function canonical(value: unknown, shape: Shape): unknown {
  if (Array.isArray(value)) return value.map((item) => canonical(item, shape));
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const listed = shape.order.filter((k) => Object.hasOwn(source, k));
  const others = Object.keys(source).filter((k) => !shape.order.includes(k)).sort();
  const out: Record<string, unknown> = {};
  for (const key of [...listed, ...others]) {
    out[key] = canonical(source[key], shape.fields?.[key] ?? shape.rest ?? SORTED);
  }
  return out;
}

/** Pretty (2-space) JSON with a trailing newline; integer-like keys (ids in `names`) come out ascending, as JSON.stringify orders them. */
export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(canonical(plan, PLAN), null, 2)}\n`;
}
