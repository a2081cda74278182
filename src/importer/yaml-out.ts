/** Writing skills-state YAML with the `yaml` document model, so every name is quoted exactly when YAML needs it. */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { AssignmentValue } from '../model/types.js';
import { commentText } from './slug.js';

/** Short form `Billing EN: 5` when active, long form `{ proficiency: 5, active: false }` when switched off. */
export function skillsNode(skills: ReadonlyArray<{ name: string; value: AssignmentValue }>): YAMLMap {
  const map = new YAMLMap();
  for (const { name, value } of skills) {
    if (value.active) {
      map.add(new Pair(name, value.proficiency));
      continue;
    }
    const long = new YAMLMap();
    long.flow = true;
    long.add(new Pair('proficiency', value.proficiency));
    long.add(new Pair('active', false));
    map.add(new Pair(name, long));
  }
  return map;
}

export function flowList(items: readonly string[]): YAMLSeq {
  const seq = new YAMLSeq();
  seq.flow = true;
  for (const item of items) seq.add(item);
  return seq;
}

/** A key with an optional trailing comment (`agent00001: # Ana Alvarez`). */
export function commentedKey(key: string, comment: string | undefined): Scalar {
  const scalar = new Scalar(key);
  if (comment !== undefined && commentText(comment) !== '') scalar.comment = ` ${commentText(comment)}`;
  return scalar;
}

/** A whole file: header comment lines, then the top-level pairs in the order given. */
export function yamlFile(header: readonly string[], pairs: ReadonlyArray<Pair>): string {
  const doc = new Document(new YAMLMap());
  doc.commentBefore = header.map((line) => ` ${commentText(line)}`).join('\n');
  const root = doc.contents as YAMLMap;
  for (const pair of pairs) root.add(pair);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
