/** Skill policy (cxskills.yaml `policy`): rules no desired state may break, as read from the file with the place of each rule. */
import type { Severity } from './diagnostics.js';
import type { SourceLocation } from './diagnostics.js';

/** One rule of `policy:`. Every check it sets applies to the skills its `skills` globs match. */
export interface PolicyRule {
  /** 0-based position in the `policy` list, for messages (`policy rule 1` is index 0). */
  index: number;
  /** `name:` of the rule, when given. */
  name?: string;
  /** Glob patterns of skill names the rule is about. */
  skills: string[];
  /** `error` (default) blocks plan and apply; `warning` is shown. */
  severity: Severity;
  /** Allowed proficiencies, ascending (a list, or a range "1..5" expanded). */
  proficiencies?: number[];
  /** An agent holding a matching skill must hold, for each pattern, at least one other skill matching it. */
  requires?: string[];
  /** An agent holding a matching skill must hold no other skill matching these. */
  excludes?: string[];
  /** An agent may hold at most this many skills matching `skills`. */
  maxSkillsPerAgent?: number;
  /** Each active skill matching `skills` needs at least this many active agents with it switched on. */
  minActiveAgents?: number;
  /** Where the rule is written (its mapping in cxskills.yaml). */
  source: SourceLocation;
}

/** Stable codes of policy findings (plan, validate) and of policy rules that cannot be read (documented in docs/state-format.md). */
export const POLICY_CODES = {
  /** A proficiency the rule does not allow. */
  PROFICIENCY: 'POLICY_PROFICIENCY',
  /** An agent holds a skill without a skill the rule requires with it. */
  REQUIRES: 'POLICY_REQUIRES',
  /** An agent holds two skills the rule keeps apart. */
  EXCLUDES: 'POLICY_EXCLUDES',
  /** An agent holds more matching skills than the rule allows. */
  MAX_SKILLS: 'POLICY_MAX_SKILLS',
  /** An active skill has fewer active agents than the rule requires. */
  MIN_AGENTS: 'POLICY_MIN_AGENTS',
  /** A rule whose skills match no in-scope skill of the tenant, so it checks nothing (a typo, or a skill outside scope.skills). */
  RULE_UNMATCHED: 'POLICY_RULE_UNMATCHED',
  /** A rule with no check (only skills, severity, name). */
  RULE_EMPTY: 'POLICY_RULE_EMPTY',
  /** A range "LOW..HIGH" whose LOW is above HIGH. */
  RANGE_INVALID: 'POLICY_RANGE_INVALID',
  /** A pattern of skills, requires or excludes that is not a valid glob. */
  PATTERN_INVALID: 'POLICY_PATTERN_INVALID',
} as const;
