/** The nesting limit of state files: deep input is refused with YAML_TOO_DEEP before anything recursive walks it. */
import { isMap, isPair, isSeq, type Document } from 'yaml';

/** Far above the format's own depth (about 6); low enough that no parser, validator or walker runs out of stack. */
export const MAX_DEPTH = 64;
/** Flow brackets counted in the raw text; the YAML parser itself fails on thousands of them (out of memory). */
const MAX_FLOW_BRACKETS = 256;

/**
 * Offset of the first `[` or `{` that opens more than MAX_FLOW_BRACKETS at once, counted in the raw text
 * before parsing (brackets inside quotes count too: the limit is far above any real file).
 */
export function tooDeepFlow(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > MAX_FLOW_BRACKETS) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) {
      depth -= 1;
    }
  }
  return undefined;
}

/** Offset of the first node nested deeper than MAX_DEPTH, found without recursion. */
export function tooDeepNode(doc: Document.Parsed): number | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= MAX_DEPTH) return node.range?.[0] ?? 0;
    for (const item of node.items) {
      if (isPair(item)) {
        stack.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 });
      } else {
        stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return undefined;
}
