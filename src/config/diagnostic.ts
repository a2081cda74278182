/** Building, ordering and de-duplicating the diagnostics of one load. */
import type { Diagnostic } from '../model/diagnostics.js';
import type { SourceLocation } from '../model/types.js';

export interface DiagnosticExtras {
  path?: string;
  suggestions?: string[];
}

/** A diagnostic at a place in a file (or at a whole file when only `file` is known). */
export function diagnosticAt(
  severity: Diagnostic['severity'],
  code: string,
  message: string,
  place: SourceLocation | { file: string },
  extras: DiagnosticExtras = {},
): Diagnostic {
  const diagnostic: Diagnostic = { severity, code, message, file: place.file };
  if ('line' in place) {
    diagnostic.line = place.line;
    diagnostic.col = place.col;
  }
  if (extras.path !== undefined) diagnostic.path = extras.path;
  if (extras.suggestions && extras.suggestions.length > 0) diagnostic.suggestions = extras.suggestions;
  return diagnostic;
}

export function errorAt(code: string, message: string, place: SourceLocation | { file: string }, extras?: DiagnosticExtras): Diagnostic {
  return diagnosticAt('error', code, message, place, extras);
}

export function warningAt(code: string, message: string, place: SourceLocation | { file: string }, extras?: DiagnosticExtras): Diagnostic {
  return diagnosticAt('warning', code, message, place, extras);
}

/** `file:line:col` of a place, for messages that name a second place. */
export function showPlace(place: SourceLocation): string {
  return `${place.file}:${place.line}:${place.col}`;
}

/** Sorted by file, line, column (stable otherwise); exact repeats (e.g. through YAML aliases) dropped. */
export function finishDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = [d.severity, d.code, d.file, d.line, d.col, d.message].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique
    .map((d, index) => ({ d, index }))
    .sort((a, b) => compare(a.d, b.d) || a.index - b.index)
    .map(({ d }) => d);
}

function compare(a: Diagnostic, b: Diagnostic): number {
  const fa = a.file ?? '';
  const fb = b.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0);
}
