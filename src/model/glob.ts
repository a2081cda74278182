/** Skill-name globs of `scope.skills`: `*`, `?`, `[...]`, `\` escapes; case-sensitive, whole-name match. */

/** Why `pattern` is not a valid skill glob, or undefined when it is. */
export function globProblem(pattern: string): string | undefined {
  try {
    globToRegExp(pattern);
    return undefined;
  } catch (error) {
    return error instanceof GlobError ? error.message : String(error);
  }
}

export class GlobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GlobError';
  }
}

/**
 * A predicate telling whether a skill name matches any of `patterns`.
 * Throws GlobError on an invalid pattern (patterns from a loaded DesiredState are already checked).
 */
export function compileSkillScope(patterns: string[]): (skillName: string) => boolean {
  const literals = new Set<string>();
  const regexps: RegExp[] = [];
  for (const pattern of patterns) {
    if (/[*?[\\]/.test(pattern)) regexps.push(globToRegExp(pattern));
    else literals.add(pattern);
  }
  return (skillName) => literals.has(skillName) || regexps.some((re) => re.test(skillName));
}

const SYNTAX = /[\\^$.*+?()[\]{}|/]/;
const CLASS_SYNTAX = /[\\\]\[^-]/;

function escapeChar(char: string, special: RegExp): string {
  return special.test(char) ? `\\${char}` : char;
}

/** Translates one glob into an anchored RegExp (unicode: `?` is one code point). */
export function globToRegExp(pattern: string): RegExp {
  if (pattern.length === 0) throw new GlobError('a skill pattern must not be empty');
  const chars = Array.from(pattern);
  let source = '';
  let i = 0;
  while (i < chars.length) {
    const char = chars[i] as string;
    if (char === '\\') {
      const next = chars[i + 1];
      if (next === undefined) throw new GlobError(`"${pattern}" ends with a lone \\ (write \\\\ for a backslash)`);
      source += escapeChar(next, SYNTAX);
      i += 2;
    } else if (char === '*') {
      if (!source.endsWith('.*')) source += '.*';
      i += 1;
    } else if (char === '?') {
      source += '.';
      i += 1;
    } else if (char === '[') {
      const parsed = parseClass(chars, i, pattern);
      source += parsed.source;
      i = parsed.end;
    } else {
      source += escapeChar(char, SYNTAX);
      i += 1;
    }
  }
  return new RegExp(`^${source}$`, 'su');
}

/** Parses `[...]` starting at `start` (the `[`); `]` first in the set is literal, `!` or `^` negates. */
function parseClass(chars: string[], start: number, pattern: string): { source: string; end: number } {
  let i = start + 1;
  let negate = false;
  if (chars[i] === '!' || chars[i] === '^') {
    negate = true;
    i += 1;
  }
  const members: string[] = [];
  let first = true;
  for (;;) {
    let char = chars[i];
    if (char === undefined) throw new GlobError(`"${pattern}" has a [ without a closing ]`);
    if (char === ']' && !first) break;
    first = false;
    if (char === '\\') {
      char = chars[i + 1];
      if (char === undefined) throw new GlobError(`"${pattern}" ends with a lone \\ (write \\\\ for a backslash)`);
      i += 1;
    }
    const dash = chars[i + 1];
    const to = chars[i + 2];
    if (dash === '-' && to !== undefined && to !== ']') {
      const end = to === '\\' ? chars[i + 3] : to;
      if (end === undefined) throw new GlobError(`"${pattern}" has a [ without a closing ]`);
      if ((end.codePointAt(0) ?? 0) < (char.codePointAt(0) ?? 0)) {
        throw new GlobError(`"${pattern}" has the reversed range ${char}-${end}`);
      }
      members.push(`${escapeChar(char, CLASS_SYNTAX)}-${escapeChar(end, CLASS_SYNTAX)}`);
      i += to === '\\' ? 4 : 3;
    } else {
      members.push(escapeChar(char, CLASS_SYNTAX));
      i += 1;
    }
  }
  return { source: `[${negate ? '^' : ''}${members.join('')}]`, end: i + 1 };
}
