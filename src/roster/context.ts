/** Checks the generated file together with the rest of a skills-state directory (profiles exist, skills in scope, no agent twice, the offline policy). Pure. */
import { parseDesiredState, type StateFile } from '../config/index.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { checkPolicyOffline } from '../plan/policy.js';

/** `generated.path` is relative to `dir`; a file of that path among `files` is replaced by it. */
export function checkInState(dir: string, files: readonly StateFile[], generated: StateFile): Diagnostic[] {
  const others = files.filter((f) => f.path !== generated.path);
  const loaded = parseDesiredState(dir, [...others, generated]);
  // A level from performance data can break a rule of cxskills.yaml (e.g. PCI skills only at 1 or 5): said before the pull request.
  return loaded.state === undefined ? loaded.diagnostics : [...loaded.diagnostics, ...checkPolicyOffline(loaded.state)];
}
