/** Carrying out checked write items: injected item faults, apply the valid ones, raise versions, and build the per-item `resultSet`. */
import type { ItemFault } from './faults.js';
import type { ItemCounts } from './stats.js';
import type { Tenant } from './tenant.js';
import type { CheckedItem, WriteItem } from './write-items.js';

export const INJECTED_ITEM_FAILURE = 'injected item failure';

/** Which ids a result names: per-agent writes the skill, per-skill writes the agent, the upsert both. */
export type ResultShape = 'skillResults' | 'agentResults' | 'pairResults';

export interface ItemFaults {
  /** The scripted item fault of this request, if any. */
  scripted: ItemFault | undefined;
  /** One draw per item from the seeded item stream (itemFailRate). */
  drawFails(): boolean;
}

export interface Applied {
  /** The reply body: `{resultSet: {errorCount, skillResults | agentResults}}`. */
  body: Record<string, unknown>;
  counts: ItemCounts;
}

/** Injected failures hit valid items only (an invalid item keeps its own reason); every item takes one draw, so the sequence is stable. */
function inject(checked: CheckedItem[], faults: ItemFaults): { checked: CheckedItem[]; injected: number } {
  const scripted = faults.scripted;
  const failFirst = scripted?.kind === 'item-fail' ? (scripted.failFirst ?? checked.length) : 0;
  let injected = 0;
  const out = checked.map((c, index) => {
    const drawn = faults.drawFails();
    if (!c.item || !(index < failFirst || drawn)) return c;
    injected++;
    return { agentId: c.agentId, skillId: c.skillId, problem: INJECTED_ITEM_FAILURE };
  });
  return { checked: out, injected };
}

function applyItem(tenant: Tenant, item: WriteItem, at: number): void {
  if (item.op === 'add') tenant.add(item.agentId, item.skillId, item.proficiency ?? 1, item.active ?? true, at);
  else if (item.op === 'update') tenant.update(item.agentId, item.skillId, { proficiency: item.proficiency, active: item.active }, at);
  else if (!tenant.remove(item.agentId, item.skillId)) throw new Error(`validated DELETE of ${item.agentId}/${item.skillId} found nothing to remove`);
}

function quirkyId(id: unknown, quirks: boolean): unknown {
  return quirks && typeof id === 'number' ? String(id) : id;
}

function result(c: CheckedItem, shape: ResultShape, quirks: boolean): Record<string, unknown> {
  const ids =
    shape === 'skillResults'
      ? { skillId: quirkyId(c.skillId, quirks) }
      : shape === 'agentResults'
        ? { agentId: quirkyId(c.agentId, quirks) }
        : { agentId: quirkyId(c.agentId, quirks), skillId: quirkyId(c.skillId, quirks) };
  return c.item ? { ...ids, success: true } : { ...ids, success: false, error: c.problem };
}

/**
 * Items were checked against the tenant before any applies, so a body's items never see each other's effects
 * (duplicates are refused instead). Versions rise once per touched agent and skill, only for applied items.
 */
export function applyChecked(tenant: Tenant, checkedIn: CheckedItem[], shape: ResultShape, faults: ItemFaults, quirks: boolean): Applied {
  const { checked, injected } = inject(checkedIn, faults);
  const applied = checked.flatMap((c) => (c.item ? [c.item] : []));
  const at = Date.now();
  for (const item of applied) applyItem(tenant, item, at);
  tenant.bumpVersions(
    applied.map((i) => i.agentId),
    applied.map((i) => i.skillId),
  );
  let listed = checked;
  let omitted = 0;
  // item-omit: the work is done, but the answer forgets the last item; the client must treat it as unknown.
  if (faults.scripted?.kind === 'item-omit' && checked.length > 0) {
    listed = checked.slice(0, -1);
    omitted = 1;
  }
  const errorCount = listed.filter((c) => !c.item).length;
  const key = shape === 'agentResults' ? 'agentResults' : 'skillResults';
  const body = { resultSet: { errorCount: quirks ? String(errorCount) : errorCount, [key]: listed.map((c) => result(c, shape, quirks)) } };
  const failed = checked.length - applied.length;
  return { body, counts: { itemsWritten: applied.length, itemsFailed: failed, injectedFailures: injected, omitted } };
}
