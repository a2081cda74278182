/** Checks the generated file together with the rest of a skills-state directory (profiles exist, skills in scope, no agent twice). Pure. */
import { parseDesiredState, type StateFile } from '../config/index.js';
import type { Diagnostic } from '../model/diagnostics.js';

/** `generated.path` is relative to `dir`; a file of that path among `files` is replaced by it. */
export function checkInState(dir: string, files: readonly StateFile[], generated: StateFile): Diagnostic[] {
  const others = files.filter((f) => f.path !== generated.path);
  return parseDesiredState(dir, [...others, generated]).diagnostics;
}
