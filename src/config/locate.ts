/** Maps a JSON Pointer inside a parsed file back to the YAML node's line and column. */
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { SourceLocation } from '../model/types.js';
import { fromPointer } from '../schema/pointer.js';
import { placeAtOffset } from './place.js';
import type { ParsedYaml } from './yaml-file.js';

export type Target = 'key' | 'value' | 'container';

interface Found {
  /** The node the pointer reaches (or the deepest one it could reach). */
  node: Node | null;
  /** The mapping entry holding `node`, when `node` is a mapping value. */
  pair?: Pair;
}

function deref(parsed: ParsedYaml, node: unknown): unknown {
  return isAlias(node) && parsed.doc ? (node.resolve(parsed.doc) ?? node) : node;
}

function asNode(value: unknown): Node | null {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value) ? value : null;
}

function find(parsed: ParsedYaml, pointer: string): Found {
  let found: Found = { node: asNode(parsed.doc?.contents) };
  for (const segment of fromPointer(pointer)) {
    const current = deref(parsed, found.node);
    if (isMap(current)) {
      // With duplicate keys the plain data keeps the last entry, so the last one is what a problem is about.
      const pair = current.items.findLast((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) break;
      found = { node: asNode(pair.value), pair };
    } else if (isSeq(current)) {
      const item = current.items[Number(segment)];
      if (item === undefined) break;
      found = { node: asNode(item) };
    } else {
      break;
    }
  }
  return found;
}

function offsetOf(node: unknown): number | undefined {
  return isScalar(node) || isMap(node) || isSeq(node) || isAlias(node) ? node.range?.[0] : undefined;
}

function isEmptyValue(node: Node | null): boolean {
  if (node === null) return true;
  const range = isScalar(node) && node.value === null ? node.range : undefined;
  return range !== undefined && range !== null && range[0] === range[1];
}

/** Where a problem at `pointer` should be shown: on the key, on the value, or on the entry of a mapping lacking a key. */
export function placeOf(parsed: ParsedYaml, pointer: string, target: Target): SourceLocation {
  const { node, pair } = find(parsed, pointer);
  const keyOffset = offsetOf(pair?.key);
  let offset: number | undefined;
  if (target === 'value' && !isEmptyValue(node)) offset = offsetOf(node);
  else if (target === 'container' && !pair) offset = offsetOf(node);
  offset ??= keyOffset ?? offsetOf(node) ?? 0;
  return placeAtOffset(parsed.file, parsed.lines, offset);
}

/** The place of a node of this file (start of its range). */
export function placeOfNode(parsed: ParsedYaml, node: unknown): SourceLocation {
  return placeAtOffset(parsed.file, parsed.lines, offsetOf(node) ?? 0);
}
