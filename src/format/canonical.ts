/** The canonical form of a skills-state file (`cxskills fmt`): the same meaning, one layout, comments kept. Pure: text in, text out. */
import { isMap, isPair, isScalar, isSeq, parseDocument, Scalar, YAMLMap, type Node, type Pair } from 'yaml';

/**
 * What is canonical, and why:
 * - skills within an agent or a profile are sorted by name (code-unit order, as import writes them):
 *   their order means nothing, and sorted they diff well;
 * - agents and profiles keep their order: authors group them (by team, by seniority) and that order is
 *   information; import and generate already write them sorted by key;
 * - keys of an entry, a file and cxskills.yaml in one fixed order (profiles before skills, profiles
 *   before agents; version, scope, safety, coverage, rate);
 * - skills one a line (block style), however they were written;
 * - a skill that is active is written `Name: 5`; one switched off `Name: { proficiency: 5, active: false }`;
 * - text plain where YAML reads it back as the same text, otherwise double-quoted; lists of profile
 *   names and of scope patterns in flow style (`[a, b]`); two-space indent, no line folding.
 */
const CONFIG_ORDER = ['version', 'scope', 'safety', 'coverage', 'rate'];
const NESTED_ORDER: Record<string, readonly string[]> = {
  scope: ['skills', 'agents'],
  safety: ['maxRemoveRatio', 'maxChangeRatio', 'minManaged'],
  coverage: ['allowUncoveredSkills', 'allowUncoveredAgents'],
};
const STATE_ORDER = ['profiles', 'agents'];
const ENTRY_ORDER = ['profiles', 'skills'];

export const TO_STRING_OPTIONS = { lineWidth: 0, flowCollectionPadding: false, indent: 2 } as const;

/** The canonical text of a file, or undefined when it is not a single YAML mapping this can safely rewrite. */
export function formatStateText(text: string): string | undefined {
  const doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: true });
  if (doc.errors.length > 0 || (doc.contents !== null && !isMap(doc.contents))) return undefined;
  const root = doc.contents;
  if (root === null) return text;
  keyLineComments(root, text);
  const isConfig = root.items.some((p) => keyText(p) === 'version');
  if (isConfig) {
    sortKeys(root, CONFIG_ORDER);
    for (const pair of root.items) {
      const order = NESTED_ORDER[keyText(pair) ?? ''];
      if (order !== undefined && isMap(pair.value)) sortKeys(pair.value, order);
    }
  } else {
    sortKeys(root, STATE_ORDER);
    for (const pair of root.items) if (isMap(pair.value)) for (const entry of pair.value.items) formatEntry(entry);
  }
  plainStrings(root);
  flowLists(root);
  return doc.toString(TO_STRING_OPTIONS);
}

/**
 * `ann: # Ann Alvarez` above a nested mapping: the parser files the comment before the mapping, so it
 * would print on a line of its own. Put back on the key line, where it was written (and where import writes it).
 */
function keyLineComments(node: unknown, text: string): void {
  if (isSeq(node)) for (const item of node.items) keyLineComments(item, text);
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const value = pair.value;
    if (isMap(value) && !value.flow && value.commentBefore && isScalar(pair.key) && !pair.key.comment && pair.key.range && value.range) {
      const between = text.slice(pair.key.range[1], value.range[0]);
      const hash = between.indexOf('#');
      if (hash !== -1 && !between.slice(0, hash).includes('\n')) {
        const [first, ...rest] = value.commentBefore.split('\n');
        pair.key.comment = first;
        value.commentBefore = rest.length > 0 ? rest.join('\n') : undefined;
      }
    }
    keyLineComments(value, text);
  }
}

/** One agent or profile: `profiles` then `skills`, skills sorted and each in its form. */
function formatEntry(entry: Pair): void {
  if (!isMap(entry.value)) return;
  sortKeys(entry.value, ENTRY_ORDER);
  // A membership with a window: `{ profile, from, until, outside }`, in that order.
  const memberships = entry.value.items.find((p) => keyText(p) === 'profiles')?.value;
  if (isSeq(memberships)) for (const item of memberships.items) if (isMap(item)) sortKeys(item, ['profile', 'from', 'until', 'outside']);
  const skills = entry.value.items.find((p) => keyText(p) === 'skills')?.value;
  if (!isMap(skills)) return;
  // One skill a line: a sorted list diffs line by line.
  if (skills.items.length > 0) skills.flow = false;
  for (const pair of skills.items) pair.value = skillValue(pair.value as Node | null);
  // A stable sort: two equal names cannot occur (duplicate keys are errors), so order is total.
  const first = skills.items[0];
  skills.items.sort((a, b) => compare(keyText(a) ?? '', keyText(b) ?? ''));
  moveLeadingComment(first, skills.items[0]);
}

/** Keys of a long skill value, in their order; a window's keys (issue 15) keep a value long. */
const SKILL_VALUE_ORDER = ['proficiency', 'active', 'from', 'until', 'outside'];

/** `{ proficiency: 5 }` and `{ proficiency: 5, active: true }` → `5`; `active: false` or a window stays long, in flow, in key order. */
function skillValue(value: Node | null): Node | null {
  if (!isMap(value)) return value;
  const proficiency = value.items.find((p) => keyText(p) === 'proficiency')?.value;
  const active = value.items.find((p) => keyText(p) === 'active')?.value;
  const activeValue = isScalar(active) ? active.value : true;
  if (!isScalar(proficiency) || !value.items.every((p) => SKILL_VALUE_ORDER.includes(keyText(p) ?? ''))) return value;
  const windowed = value.items.some((p) => SKILL_VALUE_ORDER.indexOf(keyText(p) ?? '') >= 2);
  if (activeValue === true && !windowed) {
    const short = new Scalar(proficiency.value);
    if (value.comment) short.comment = value.comment;
    if (value.commentBefore) short.commentBefore = value.commentBefore;
    return short;
  }
  if (activeValue === true) value.items = value.items.filter((p) => keyText(p) !== 'active');
  sortKeys(value, SKILL_VALUE_ORDER);
  value.flow = true;
  return value;
}

/** The comment above the first item of a mapping belongs to the place, not to that item: it stays on top when the items are sorted. */
function moveLeadingComment(before: Pair | undefined, after: Pair | undefined): void {
  if (before === undefined || after === undefined || before === after) return;
  const from = before.key as Node | null;
  const to = after.key as Node | null;
  if (!from || !to || !from.commentBefore) return;
  to.commentBefore = to.commentBefore ? `${from.commentBefore}\n${to.commentBefore}` : from.commentBefore;
  from.commentBefore = undefined;
  if (from.spaceBefore) {
    to.spaceBefore = true;
    from.spaceBefore = false;
  }
}

function sortKeys(map: YAMLMap, order: readonly string[]): void {
  const rank = (p: Pair) => {
    const i = order.indexOf(keyText(p) ?? '');
    return i === -1 ? order.length : i;
  };
  const first = map.items[0];
  map.items = map.items.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map(({ p }) => p);
  moveLeadingComment(first, map.items[0]);
}

/** Every key as the text it was written (`007:` stays the key "007"), every string plain unless YAML needs quotes. */
function plainStrings(node: unknown): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key)) pair.key = textKey(pair.key);
      plainStrings(pair.value);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) plainStrings(item);
  } else if (isScalar(node) && typeof node.value === 'string') {
    node.type = undefined;
  } else if (isPair(node)) {
    plainStrings(node.value);
  }
}

function textKey(key: Scalar): Scalar {
  if (typeof key.value === 'string') {
    key.type = undefined;
    return key;
  }
  // A key such as `1042:` or `007:` is the text as written, never the number: keep the text, quoted as YAML then needs.
  const source = key.srcToken && 'source' in key.srcToken ? key.srcToken.source : String(key.value);
  const text = new Scalar(source);
  if (key.comment) text.comment = key.comment;
  if (key.commentBefore) text.commentBefore = key.commentBefore;
  if (key.spaceBefore) text.spaceBefore = true;
  return text;
}

/** Lists (profile names, scope patterns, coverage exceptions) in flow style when no item carries a comment. */
function flowLists(node: unknown): void {
  if (isMap(node)) for (const pair of node.items) flowLists(pair.value);
  else if (isSeq(node)) {
    if (node.items.every((i) => isScalar(i) && !i.comment && !i.commentBefore)) node.flow = true;
  }
}

function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

