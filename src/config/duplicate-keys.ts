/** Finds keys written twice in one YAML mapping, in linear time (yaml's own uniqueKeys check is quadratic). */
import { isScalar, visit, type Document, type LineCounter } from 'yaml';
import type { Diagnostic } from '../model/diagnostics.js';
import { CONFIG_CODES } from './codes.js';
import { errorAt } from './diagnostic.js';
import { placeAtOffset } from './place.js';
import { showName } from '../model/show.js';

/**
 * One YAML_DUPLICATE_KEY per repeated key, on the repeat, naming the first. Keys are compared as text
 * as written (the document is parsed with stringKeys), so `1042:` and `"1042":` are the same key.
 */
export function duplicateKeys(file: string, lines: LineCounter, doc: Document.Parsed): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  visit(doc, {
    Map(_, map) {
      const first = new Map<string, number>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
        const offset = pair.key.range?.[0] ?? 0;
        const seen = first.get(pair.key.value);
        if (seen === undefined) {
          first.set(pair.key.value, offset);
          continue;
        }
        const where = placeAtOffset(file, lines, seen);
        const message = `key ${showName(String(pair.key.value))} appears twice in this mapping; first at line ${where.line}, column ${where.col}`;
        diagnostics.push(errorAt(CONFIG_CODES.YAML_DUPLICATE_KEY, message, placeAtOffset(file, lines, offset)));
      }
    },
  });
  return diagnostics;
}
