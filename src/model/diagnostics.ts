/** Diagnostics: every problem found (bad input, unknown names, HTTP faults) as data with a stable code and a place. */
import { escapeInvisible, showName } from './show.js';

/** A place in a YAML source file (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Stable, machine-readable code, e.g. `YAML_DUPLICATE_KEY`, `SCHEMA_TYPE`, `UNKNOWN_SKILL`. */
  code: string;
  message: string;
  file?: string;
  line?: number;
  col?: number;
  /** JSON path inside the document, e.g. `/agents/jdoe/skills/Billing EN`. */
  path?: string;
  /** Closest valid names, for "did you mean". */
  suggestions?: string[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `file:line:col` (or what of it is known) for messages. */
export function formatPlace(d: Diagnostic): string {
  if (d.file) {
    return [d.file, d.line, d.col].filter((part) => part !== undefined).join(':');
  }
  return d.path ?? '';
}

/** One line per diagnostic: `file:line:col: error CODE: message (did you mean …?)`. */
export function formatDiagnostic(d: Diagnostic): string {
  const place = formatPlace(d);
  const hint = d.suggestions && d.suggestions.length > 0 ? ` (did you mean ${d.suggestions.map((s) => showName(s)).join(', ')}?)` : '';
  const where = d.path && d.file ? ` at ${escapeInvisible(d.path)}` : '';
  return `${place ? `${place}: ` : ''}${d.severity} ${d.code}: ${d.message}${where}${hint}`;
}

/** Thrown when a step cannot continue; carries all diagnostics collected so far. */
export class DiagnosticsError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[], message?: string) {
    super(message ?? diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticsError';
    this.diagnostics = diagnostics;
  }
}
