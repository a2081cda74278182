/** The one-line verdict of a plan, Terraform style: `Plan: 3 to add, 2 to change, 1 to remove (4 API calls).` */
import { hasChanges, type Plan } from '../plan/types.js';
import { plural } from './format.js';

export const NO_CHANGES = 'No changes. Live skills match skills-state.';

/** Plain digits on purpose: CI scripts grep this line the way they grep Terraform's. */
export function renderSummaryLine(plan: Pick<Plan, 'changes' | 'counts'>): string {
  if (!hasChanges(plan)) return NO_CHANGES;
  const { add, update, remove, calls } = plan.counts;
  return `Plan: ${add} to add, ${update} to change, ${remove} to remove (${calls} API ${plural(calls, 'call', 'calls')}).`;
}
