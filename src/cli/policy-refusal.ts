/** The one wording of a refusal for policy errors, shared by plan and apply (errors repeated on stderr, where `github annotate` reads them). */
import { planErrors } from '../plan/policy.js';
import type { Plan } from '../plan/types.js';
import type { CliIo } from './command.js';
import { printDiagnostics } from './output.js';

/** True (and said on stderr) when the plan holds policy errors: plan exits 1 without saving, apply writes nothing. */
export function refusedByPolicy(io: CliIo, plan: Pick<Plan, 'diagnostics'>, notSaved: string, command: 'plan' | 'apply' = 'plan'): boolean {
  const errors = planErrors(plan);
  if (errors.length === 0) return false;
  printDiagnostics(io, errors);
  const what = command === 'apply' ? 'Refusing to apply: the desired state breaks' : 'The desired state breaks';
  io.stderr.write(`${what} the policy of cxskills.yaml (see above)${notSaved}. Change skills-state, or the rule (severity: warning only reports it); --force does not pass policy errors.\n`);
  return true;
}
