/** Profiles: one index by name, and the resolver that expands profile inclusion into effective skills. */
import type { Diagnostic } from '../model/diagnostics.js';
import type { DesiredSkill } from '../model/types.js';
import { CONFIG_CODES } from './codes.js';
import type { HolderDecl, ProfileRef } from './declarations.js';
import { errorAt, showPlace, warningAt } from './diagnostic.js';
import { suggest } from '../model/suggest.js';
import { showName } from '../model/show.js';
import { createWindowReader, DEFAULT_TIME_ZONE, type ReadWindow } from './windows.js';
import { formatInstant } from '../model/time.js';
import { ownSkill, windowedSkill } from './schedule.js';

/** Profiles by name, first declaration winning; later ones are PROFILE_DUPLICATE. */
export function indexProfiles(profiles: HolderDecl[], diagnostics: Diagnostic[]): Map<string, HolderDecl> {
  const byName = new Map<string, HolderDecl>();
  for (const profile of profiles) {
    const first = byName.get(profile.name);
    if (first) {
      const message = `profile ${showName(profile.name)} is declared twice; first at ${showPlace(first.place)}`;
      diagnostics.push(errorAt(CONFIG_CODES.PROFILE_DUPLICATE, message, profile.place, { path: profile.path }));
    } else {
      byName.set(profile.name, profile);
    }
  }
  return byName;
}

export interface ResolverOptions {
  /** False when some file could not be read: a profile it declares would look unknown. */
  reportUnknown: boolean;
  /** Reads `from`/`until`, and shows instants in messages (default: UTC). */
  timeZone?: string;
}

export interface Resolver {
  /** The full set of skills a profile or an agent ends up with, keyed by skill name. */
  resolve(holder: HolderDecl): Map<string, DesiredSkill>;
  /** Resolves every profile (so cycles and conflicts are found even in unused ones) and warns about unused ones. */
  resolveAllProfiles(): void;
  warnUnused(): void;
}

interface Inherited {
  skill: DesiredSkill;
  ref: ProfileRef;
  membership?: ReadWindow;
}

function sameValue(a: DesiredSkill, b: DesiredSkill): boolean {
  return a.proficiency === b.proficiency && a.active === b.active;
}

function showValue(inherited: Inherited): string {
  const { skill, ref } = inherited;
  const through = skill.via === ref.name ? '' : ` through ${showName(skill.via)}`;
  const state = skill.active ? '' : ', inactive';
  return `profile ${showName(ref.name)}${through} (proficiency ${skill.proficiency}${state} at ${showPlace(skill.source)})`;
}

function windowOverlap(holder: HolderDecl, skill: string, overlap: { at: string; first: Inherited; second: Inherited }): Diagnostic {
  const message =
    `${holder.kind} ${showName(holder.name)} gets skill ${showName(skill)} with different values from ${overlap.at} on, from ${showValue(overlap.first)} ` +
    `and ${showValue(overlap.second)}: their windows overlap; make the windows meet (until is exclusive) or set ${showName(skill)} on the ${holder.kind} itself`;
  return errorAt(CONFIG_CODES.WINDOW_OVERLAP, message, overlap.second.ref.place, { path: overlap.second.ref.path });
}

/**
 * Own skills override included ones. Two included profiles giving one skill different values is
 * PROFILE_CONFLICT (reported once, on the later reference) unless the holder sets the skill itself;
 * equal values (e.g. a profile included twice through others) are fine.
 */
export function createResolver(profiles: ReadonlyMap<string, HolderDecl>, options: ResolverOptions, diagnostics: Diagnostic[]): Resolver {
  const memo = new Map<string, Map<string, DesiredSkill>>();
  const stack: string[] = [];
  const cyclesSeen = new Set<string>();
  const used = new Set<string>();
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const readWindow = createWindowReader(timeZone, diagnostics);

  function ofProfile(profile: HolderDecl): Map<string, DesiredSkill> {
    const known = memo.get(profile.name);
    if (known) return known;
    stack.push(profile.name);
    const skills = resolve(profile);
    stack.pop();
    memo.set(profile.name, skills);
    return skills;
  }

  function reportUnknown(ref: ProfileRef): void {
    if (!options.reportUnknown) return;
    const suggestions = suggest(ref.name, profiles.keys());
    diagnostics.push(errorAt(CONFIG_CODES.PROFILE_UNKNOWN, `unknown profile ${showName(ref.name)}`, ref.place, { path: ref.path, suggestions }));
  }

  function reportCycle(names: string[], ref: ProfileRef): void {
    const key = [...new Set(names)].sort().join('\u0000');
    if (cyclesSeen.has(key)) return;
    cyclesSeen.add(key);
    const message = `profiles include each other in a cycle: ${names.join(' → ')}`;
    diagnostics.push(errorAt(CONFIG_CODES.PROFILE_CYCLE, message, ref.place, { path: ref.path }));
  }

  function reportConflict(holder: HolderDecl, skill: string, first: Inherited, second: Inherited): void {
    const message =
      `${holder.kind} ${showName(holder.name)} gets skill ${showName(skill)} with different values from ${showValue(first)} ` +
      `and ${showValue(second)}; set ${showName(skill)} on the ${holder.kind} itself to choose`;
    diagnostics.push(errorAt(CONFIG_CODES.PROFILE_CONFLICT, message, second.ref.place, { path: second.ref.path }));
  }

  function resolve(holder: HolderDecl): Map<string, DesiredSkill> {
    const via = holder.kind === 'agent' ? 'agent' : holder.name;
    const own = new Map<string, DesiredSkill>();
    for (const s of holder.skills) {
      const read = readWindow(s.window);
      if (read !== null) own.set(s.name, ownSkill(s.value, read, s.place, via));
    }
    const inherited = new Map<string, Inherited[]>();
    for (const ref of holder.includes) {
      const profile = profiles.get(ref.name);
      if (!profile) {
        reportUnknown(ref);
        continue;
      }
      used.add(ref.name);
      const loopStart = stack.indexOf(ref.name);
      if (loopStart >= 0) {
        reportCycle([...stack.slice(loopStart), ref.name], ref);
        continue;
      }
      const membership = readWindow(ref.window);
      if (membership === null) continue;
      for (const [name, skill] of ofProfile(profile)) {
        // An own skill without a window always says something, so nothing included can show through.
        if (own.get(name)?.schedule === undefined && own.has(name)) continue;
        const list = inherited.get(name) ?? [];
        list.push({ skill, ref, ...(membership.window ? { membership } : {}) });
        inherited.set(name, list);
      }
    }
    const skills = new Map(own);
    for (const [name, list] of inherited) {
      const timed = own.has(name) || list.some((i) => i.membership !== undefined || i.skill.schedule !== undefined);
      if (!timed) {
        const other = list.find((i) => !sameValue(list[0]!.skill, i.skill));
        if (other) reportConflict(holder, name, list[0]!, other);
        else skills.set(name, list[0]!.skill);
        continue;
      }
      const made = windowedSkill(own.get(name), list);
      if (made.overlap === undefined) skills.set(name, made.skill);
      else {
        diagnostics.push(windowOverlap(holder, name, { ...made.overlap, at: made.overlap.at === Number.MIN_SAFE_INTEGER ? 'the start' : formatInstant(made.overlap.at, timeZone) }));
        if (own.has(name)) skills.set(name, own.get(name)!);
      }
    }
    return skills;
  }

  return {
    resolve,
    resolveAllProfiles() {
      for (const profile of profiles.values()) ofProfile(profile);
    },
    warnUnused() {
      for (const profile of profiles.values()) {
        if (used.has(profile.name)) continue;
        const message = `profile ${showName(profile.name)} is not used by any agent or profile`;
        diagnostics.push(warningAt(CONFIG_CODES.PROFILE_UNUSED, message, profile.place, { path: profile.path }));
      }
    },
  };
}
