/** Warnings for scope.skills patterns that match no skill of the tenant: "No changes" must not hide a scope that manages nothing. */
import { compileSkillScope } from '../model/glob.js';
import { suggest } from '../model/suggest.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { showName } from '../model/show.js';
import type { Scope, Skill } from '../model/types.js';

export const SCOPE_MATCHES_NOTHING = 'SCOPE_MATCHES_NOTHING';

export function unmatchedPatterns(scope: Scope, skills: readonly Skill[], configFile: string): Diagnostic[] {
  const names = skills.map((s) => s.skillName);
  const out: Diagnostic[] = [];
  scope.skills.forEach((pattern, index) => {
    const matches = compileSkillScope([pattern]);
    if (names.some(matches)) return;
    const suggestions = suggest(pattern, names);
    out.push({
      severity: 'warning',
      code: SCOPE_MATCHES_NOTHING,
      message: `scope.skills pattern ${showName(pattern)} matches no skill of the tenant, so it manages nothing (patterns are case-sensitive)`,
      file: configFile,
      path: `/scope/skills/${index}`,
      ...(suggestions.length > 0 ? { suggestions } : {}),
    });
  });
  return out;
}
