/** Reads the profiles and agents a state file declares, with the place of every name and value. */
import { isAlias, isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { PROFICIENCY_MAX, PROFICIENCY_MIN, type AssignmentValue, type SourceLocation } from '../model/types.js';
import { toPointer } from '../schema/pointer.js';
import { placeOfNode } from './locate.js';
import type { ParsedYaml } from './yaml-file.js';
import type { Outside } from '../model/windows.js';

/** A `from` or `until` as written, read into an instant once the time zone of cxskills.yaml is known. */
export interface RawTime {
  text: string;
  place: SourceLocation;
  path: string;
}

/** The window of a skill or a profile membership as written (see config/windows.ts). */
export interface RawWindow {
  from?: RawTime;
  until?: RawTime;
  outside?: Outside;
}

/** A mention of a profile inside a `profiles:` list: `Name`, or `{ profile: Name, from, until, outside }`. */
export interface ProfileRef {
  name: string;
  place: SourceLocation;
  path: string;
  window?: RawWindow;
}

export interface SkillDecl {
  name: string;
  value: AssignmentValue;
  place: SourceLocation;
  path: string;
  window?: RawWindow;
}

/** A profile or an agent: both include profiles and set skills of their own. */
export interface HolderDecl {
  kind: 'profile' | 'agent';
  name: string;
  place: SourceLocation;
  path: string;
  includes: ProfileRef[];
  skills: SkillDecl[];
}

export interface FileDeclarations {
  profiles: HolderDecl[];
  agents: HolderDecl[];
}

/**
 * Everything well-formed the file declares, in file order. Malformed parts (already reported by the
 * schema) are skipped, so one bad value does not hide the rest of the file.
 */
export function readDeclarations(parsed: ParsedYaml): FileDeclarations {
  const root = deref(parsed, parsed.doc?.contents);
  const result: FileDeclarations = { profiles: [], agents: [] };
  if (!isMap(root)) return result;
  for (const [section, value] of entries(parsed, root)) {
    if (section !== 'profiles' && section !== 'agents') continue;
    const holders = deref(parsed, value.node);
    if (!isMap(holders)) continue;
    const kind = section === 'profiles' ? 'profile' : 'agent';
    for (const [name, holder] of entries(parsed, holders)) {
      if (name === '') continue;
      const decl = readHolder(parsed, kind, name, holder.node, [section, name]);
      result[section].push({ ...decl, place: placeOfNode(parsed, holder.key) });
    }
  }
  return result;
}

interface Entry {
  key: unknown;
  node: unknown;
}

/** Mapping entries with text keys, first occurrence of a key only (duplicates are YAML errors already). */
function entries(parsed: ParsedYaml, map: YAMLMap): [string, Entry][] {
  const seen = new Set<string>();
  const out: [string, Entry][] = [];
  for (const pair of map.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || seen.has(pair.key.value)) continue;
    seen.add(pair.key.value);
    out.push([pair.key.value, { key: pair.key, node: deref(parsed, pair.value) }]);
  }
  return out;
}

function deref(parsed: ParsedYaml, node: unknown): unknown {
  return isAlias(node) && parsed.doc ? node.resolve(parsed.doc) : node;
}

function readHolder(
  parsed: ParsedYaml,
  kind: HolderDecl['kind'],
  name: string,
  node: unknown,
  at: string[],
): Omit<HolderDecl, 'place'> {
  // A malformed holder (reported by the schema) still counts as declared, so references to it do not cascade.
  const decl = { kind, name, path: toPointer(at), includes: [] as ProfileRef[], skills: [] as SkillDecl[] };
  if (!isMap(node)) return decl;
  for (const [key, entry] of entries(parsed, node)) {
    if (key === 'profiles') decl.includes = readRefs(parsed, entry.node, [...at, key]);
    if (key === 'skills') decl.skills = readSkills(parsed, entry.node, [...at, key]);
  }
  return decl;
}

function readRefs(parsed: ParsedYaml, node: unknown, at: string[]): ProfileRef[] {
  if (!isSeq(node)) return [];
  const refs: ProfileRef[] = [];
  node.items.forEach((item, index) => {
    const value = deref(parsed, item);
    const path = [...at, index];
    if (isScalar(value) && typeof value.value === 'string' && value.value !== '') {
      refs.push({ name: value.value, place: placeOfNode(parsed, item), path: toPointer(path) });
    } else if (isMap(value)) {
      const ref = readWindowedRef(parsed, value, path);
      if (ref) refs.push({ ...ref, place: placeOfNode(parsed, item) });
    }
  });
  return refs;
}

function readSkills(parsed: ParsedYaml, node: unknown, at: string[]): SkillDecl[] {
  if (!isMap(node)) return [];
  const skills: SkillDecl[] = [];
  for (const [name, entry] of entries(parsed, node)) {
    const read = readValue(parsed, entry.node, [...at, name]);
    if (name === '' || !read) continue;
    skills.push({ name, value: read.value, place: placeOfNode(parsed, entry.key), path: toPointer([...at, name]), ...(read.window ? { window: read.window } : {}) });
  }
  return skills;
}

function isProficiency(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= PROFICIENCY_MIN && value <= PROFICIENCY_MAX;
}

/** `from`, `until` or `outside` of a skill value or a profile membership; false when the key is one of them but malformed. */
function readWindowKey(parsed: ParsedYaml, key: string, entry: Entry, at: (string | number)[], window: RawWindow): boolean | undefined {
  if (key !== 'from' && key !== 'until' && key !== 'outside') return undefined;
  const value = isScalar(entry.node) ? entry.node.value : undefined;
  if (key === 'outside') {
    if (value !== 'remove' && value !== 'inactive') return false;
    window.outside = value;
    return true;
  }
  if (typeof value !== 'string') return false;
  window[key] = { text: value, place: placeOfNode(parsed, entry.node), path: toPointer([...at, key]) };
  return true;
}

/** `3` or `{ proficiency: 3, active: false, from: …, until: …, outside: inactive }`; undefined when malformed. */
function readValue(parsed: ParsedYaml, node: unknown, at: string[]): { value: AssignmentValue; window?: RawWindow } | undefined {
  if (isScalar(node)) return isProficiency(node.value) ? { value: { proficiency: node.value, active: true } } : undefined;
  if (!isMap(node)) return undefined;
  let proficiency: number | undefined;
  let active = true;
  const window: RawWindow = {};
  for (const [key, entry] of entries(parsed, node)) {
    const value = isScalar(entry.node) ? entry.node.value : undefined;
    if (key === 'proficiency') {
      if (!isProficiency(value)) return undefined;
      proficiency = value;
    } else if (key === 'active') {
      if (typeof value !== 'boolean') return undefined;
      active = value;
    } else if (readWindowKey(parsed, key, entry, at, window) !== true) {
      return undefined;
    }
  }
  if (proficiency === undefined) return undefined;
  return { value: { proficiency, active }, ...(Object.keys(window).length > 0 ? { window } : {}) };
}

/** `{ profile: Name, from: …, until: …, outside: … }` in a `profiles:` list. */
function readWindowedRef(parsed: ParsedYaml, node: YAMLMap, at: (string | number)[]): Omit<ProfileRef, 'place'> | undefined {
  let name: string | undefined;
  const window: RawWindow = {};
  for (const [key, entry] of entries(parsed, node)) {
    const value = isScalar(entry.node) ? entry.node.value : undefined;
    if (key === 'profile') {
      if (typeof value !== 'string' || value === '') return undefined;
      name = value;
    } else if (readWindowKey(parsed, key, entry, at, window) !== true) {
      return undefined;
    }
  }
  return name === undefined ? undefined : { name, path: toPointer(at), ...(Object.keys(window).length > 0 ? { window } : {}) };
}
