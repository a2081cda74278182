/** SKILL_OUT_OF_SCOPE: a declared skill no scope.skills pattern matches would silently not be managed, so it is an error. */
import type { Diagnostic } from '../model/diagnostics.js';
import type { Scope } from '../model/types.js';
import { CONFIG_CODES } from './codes.js';
import type { HolderDecl } from './declarations.js';
import { errorAt } from './diagnostic.js';
import { compileSkillScope } from '../model/glob.js';
import { showName } from '../model/show.js';

export function checkSkillsInScope(holders: HolderDecl[], scope: Scope, diagnostics: Diagnostic[]): void {
  const inScope = compileSkillScope(scope.skills);
  // Only to explain a miss: would the name match if patterns ignored case?
  const inScopeIgnoringCase = compileSkillScope(scope.skills.map((p) => p.toLowerCase()));
  const patterns = scope.skills.map((p) => JSON.stringify(p)).join(', ');
  for (const holder of holders) {
    for (const skill of holder.skills) {
      if (inScope(skill.name)) continue;
      const caseHint = inScopeIgnoringCase(skill.name.toLowerCase()) ? ' (patterns are case-sensitive)' : '';
      const message =
        `skill ${showName(skill.name)} matches no scope.skills pattern (${patterns})${caseHint}, so cxskills would not manage it; ` +
        'add a pattern to scope.skills in cxskills.yaml or remove the skill';
      diagnostics.push(errorAt(CONFIG_CODES.SKILL_OUT_OF_SCOPE, message, skill.place, { path: skill.path }));
    }
  }
}
