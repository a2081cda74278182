/**
 * The JSON view (`plan --format json`, `show --format json`): the plan file's JSON with each change's agent
 * and skill names beside their ids, so jq users need not join `names`. Not a plan file: `plan --out`
 * writes serializePlan, and apply refuses a view (its changes carry fields a plan file has not).
 */
import { serializePlan } from '../plan/serialize.js';
import type { Plan } from '../plan/types.js';
import { namesOf } from './names.js';

export function renderJsonView(plan: Plan): string {
  const names = namesOf(plan);
  const changes = plan.changes.map((c) => ({ ...c, agentName: names.agent(c.agentId), skillName: names.skill(c.skillId) }));
  return serializePlan({ ...plan, changes });
}
