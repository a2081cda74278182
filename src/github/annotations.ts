/** GitHub workflow commands (`::error file=…,line=…::…`) from diagnostics, so problems show on the lines of the pull request. */
import { isAbsolute, relative, sep } from 'node:path';
import type { Diagnostic, Severity } from '../model/diagnostics.js';

export interface Annotation {
  severity: Severity;
  title: string;
  message: string;
  file?: string;
  line?: number;
  col?: number;
}

/** Data of a workflow command: `%`, CR and LF are escaped, so a message can never start a second command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: data escaping plus `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatAnnotation(a: Annotation): string {
  const props: string[] = [];
  if (a.file !== undefined) props.push(`file=${escapeProperty(a.file)}`);
  if (a.line !== undefined) props.push(`line=${a.line}`);
  if (a.col !== undefined) props.push(`col=${a.col}`);
  props.push(`title=${escapeProperty(a.title)}`);
  return `::${a.severity} ${props.join(',')}::${escapeData(a.message)}`;
}

/** A file path as GitHub wants it: relative to the checkout (`root`), with `/`. */
export function repoRelative(file: string, root: string): string {
  const rel = isAbsolute(file) ? relative(root, file) : file;
  return rel.split(sep).join('/');
}

export function annotationOf(d: Diagnostic, root: string): Annotation {
  const hint = d.suggestions && d.suggestions.length > 0 ? ` (did you mean ${d.suggestions.map((s) => `"${s}"`).join(', ')}?)` : '';
  if (d.file !== undefined) {
    const where = d.path ? ` at ${d.path}` : '';
    return { severity: d.severity, title: d.code, message: `${d.message}${where}${hint}`, file: repoRelative(d.file, root), line: d.line, col: d.col };
  }
  const place = d.path ? `${d.path}: ` : '';
  return { severity: d.severity, title: d.code, message: `${place}${d.message}${hint}` };
}

const ANSI = /\u001b\[[0-9;]*m/g;
const LINE = /^(?:(.*?): )?(error|warning) ([A-Z][A-Z0-9_]*): (.*)$/;
const FILE_PLACE = /^(.+?):(\d+)(?::(\d+))?$/;
const FILE_ONLY = /\.(ya?ml|json)$/i;

/**
 * One line of cxskills' stderr (`file:line:col: error CODE: message`, or `error CODE: message`) read
 * back as an annotation; undefined for any other line.
 */
export function parseDiagnosticLine(raw: string, root: string): Annotation | undefined {
  const line = raw.replace(ANSI, '').trimEnd();
  const m = LINE.exec(line);
  if (m === null) return undefined;
  const [, place, severity, title, message] = m as unknown as [string, string | undefined, Severity, string, string];
  if (place === undefined) return { severity, title, message };
  const at = FILE_PLACE.exec(place);
  if (at !== null) {
    return { severity, title, message, file: repoRelative(at[1]!, root), line: Number(at[2]), ...(at[3] !== undefined ? { col: Number(at[3]) } : {}) };
  }
  if (FILE_ONLY.test(place)) return { severity, title, message, file: repoRelative(place, root) };
  return { severity, title, message: `${place}: ${message}` };
}
