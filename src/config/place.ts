/** Offsets in a YAML text → 1-based file:line:col places. */
import type { LineCounter } from 'yaml';
import type { SourceLocation } from '../model/types.js';

export function placeAtOffset(file: string, lines: LineCounter, offset: number): SourceLocation {
  const { line, col } = lines.linePos(offset);
  return { file, line, col };
}
