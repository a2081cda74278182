/**
 * The one go/no-go decision over a plan: what the safety thresholds, the routing-coverage guard and the policy say,
 * with the exceptions the user granted (`--force`, `--allow-uncovered`). Commands do not decide: they ask
 * the gate and stop on what it refuses. Pure.
 */
import type { Diagnostic } from '../model/diagnostics.js';
import { allowCoverage, coverageErrors } from './coverage.js';
import { policyErrors } from './policy.js';
import type { Plan } from './types.js';

export interface GateOptions {
  /** Pass the safety thresholds and the coverage guard (their findings stay in the plan, as warnings). */
  force?: boolean;
  /** Pass the coverage guard only. */
  allowUncovered?: boolean;
  /** What is about to happen: show a `plan` or `save` it (only coverage stops these), `apply` or `rollback` one (safety too). */
  action: 'plan' | 'save' | 'apply' | 'rollback';
}

export interface GateResult {
  /** The plan with allowed findings turned into warnings: what every renderer shows. */
  plan: Plan;
  /** Why it must not go ahead; empty when it may. */
  refusals: Diagnostic[];
}

export const GATE_CODES = { unsafe: 'PLAN_UNSAFE', uncovered: 'PLAN_UNCOVERED', policy: 'PLAN_POLICY' } as const;

const VERB: Record<GateOptions['action'], string> = { plan: 'plan', save: 'save', apply: 'apply', rollback: 'roll back' };

export function gate(plan: Plan, options: GateOptions): GateResult {
  const allowed = options.force === true || options.allowUncovered === true;
  const judged = allowed ? { ...plan, coverage: allowCoverage(plan.coverage) } : plan;
  const refusals: Diagnostic[] = [];
  if (options.action === 'apply' && judged.safety.length > 0 && options.force !== true) {
    const n = judged.safety.length;
    refusals.push({
      severity: 'error',
      code: GATE_CODES.unsafe,
      message: `Refusing to apply: the plan crosses ${n === 1 ? 'a safety threshold' : 'safety thresholds'} (${judged.safety.map((f) => f.code).join(', ')}; see above). Review it, then re-run with --force if it is intended.`,
    });
  }
  const uncovered = coverageErrors(judged.coverage);
  if (uncovered.length > 0) {
    const what = uncovered.length === 1 ? 'a skill or an agent' : `${uncovered.length} skills or agents`;
    const verb = VERB[options.action];
    refusals.push({
      severity: 'error',
      code: GATE_CODES.uncovered,
      message:
        options.action === 'plan' || options.action === 'save'
          ? `Routing coverage: this plan leaves ${what} without routing (see above)${options.action === 'save' ? ', so it was not saved' : ''}. Change skills-state, or re-run with --allow-uncovered (or --force) if it is intended.`
          : `Refusing to ${verb}: the plan leaves ${what} without routing coverage (see above). Re-run with --allow-uncovered (or --force) if it is intended.`,
    });
  }
  refusals.push(...policyRefusals(judged, options.action));
  return { plan: judged, refusals };
}

/**
 * Policy errors (cxskills.yaml `policy`) stop every action, and no flag passes them: a rule is loosened
 * by a reviewed change of its severity. Each error is repeated among the refusals, at its file:line:col,
 * so the lines on stderr become annotations (`cxskills github annotate`).
 */
function policyRefusals(plan: Plan, action: GateOptions['action']): Diagnostic[] {
  const errors = policyErrors(plan);
  if (errors.length === 0) return [];
  const what = action === 'plan' || action === 'save' ? 'The desired state breaks' : `Refusing to ${VERB[action]}: the desired state breaks`;
  const saved = action === 'save' ? ', so it was not saved' : '';
  return [
    ...errors,
    {
      severity: 'error',
      code: GATE_CODES.policy,
      message: `${what} the policy of cxskills.yaml (see above)${saved}. Change skills-state, or the rule (severity: warning only reports it); --force does not pass policy errors.`,
    },
  ];
}
