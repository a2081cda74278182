/** Parses one YAML file safely (size, syntax, tabs, duplicate keys, alias bombs, one document) into plain data + nodes. */
import { LineCounter, parseAllDocuments, visit, type Document, type YAMLError } from 'yaml';
import type { Diagnostic } from '../model/diagnostics.js';
import { CONFIG_CODES } from './codes.js';
import { errorAt, warningAt } from './diagnostic.js';
import { duplicateKeys } from './duplicate-keys.js';
import { placeAtOffset } from './place.js';
import { MAX_FILE_BYTES } from './types.js';
import { MAX_DEPTH, tooDeepFlow, tooDeepNode } from './yaml-depth.js';
import { formProblems, yamlVersionProblem } from './yaml-forms.js';

/** A file that parsed well enough to be validated and interpreted. */
export interface ParsedYaml {
  /** Path as shown in diagnostics. */
  file: string;
  /** Undefined for a file with no document at all (empty, or only comments). */
  doc: Document.Parsed | undefined;
  lines: LineCounter;
  /** The document as plain data; an empty file reads as `{}`. */
  data: unknown;
}

export interface YamlParseResult {
  /** Absent when the file cannot be interpreted (errors in `diagnostics` say why). */
  parsed?: ParsedYaml;
  diagnostics: Diagnostic[];
}

/** Aliases may not expand beyond this (yaml's measure: uses of an anchor × aliases inside it). */
export const MAX_ALIAS_COUNT = 100;

export function parseYamlFile(file: string, rawText: string): YamlParseResult {
  const bytes = Buffer.byteLength(rawText, 'utf8');
  if (bytes > MAX_FILE_BYTES) {
    const message = `file is ${bytes} bytes; state files may be at most ${MAX_FILE_BYTES} bytes (5 MiB)`;
    return { diagnostics: [errorAt(CONFIG_CODES.FILE_TOO_LARGE, message, { file })] };
  }
  const text = rawText.startsWith('\uFEFF') ? rawText.slice(1) : rawText;
  const lines = new LineCounter();
  const flowDepth = tooDeepFlow(text);
  if (flowDepth !== undefined) {
    lines.addNewLine(0);
    for (let i = text.indexOf('\n'); i !== -1 && i < flowDepth; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
    return { diagnostics: [tooDeep(file, lines, flowDepth)] };
  }
  let docs;
  try {
    docs = parseAllDocuments(text, {
      lineCounter: lines,
      prettyErrors: false,
      // Keys stay text exactly as written: `1042:` is the agent "1042", and `1042` vs "1042" is a duplicate.
      stringKeys: true,
      // Duplicates are found by duplicateKeys(): yaml's check compares every key with every other one.
      uniqueKeys: false,
      // `<<` is an ordinary key to the parser (and refused below), whatever version a file claims.
      merge: false,
      logLevel: 'error',
    });
  } catch (error) {
    // The parser recurses; whatever the depth checks miss must still end as a diagnostic, not a crash.
    if (error instanceof RangeError) return { diagnostics: [tooDeep(file, lines, 0)] };
    throw error;
  }
  if (!Array.isArray(docs) || docs.length === 0) return { parsed: { file, doc: undefined, lines, data: {} }, diagnostics: [] };
  const [doc, second] = docs;
  if (second || !doc) {
    const place = placeAtOffset(file, lines, second?.range[0] ?? 0);
    const message = 'a state file holds one YAML document; split the documents after "---" into separate files';
    return { diagnostics: [errorAt(CONFIG_CODES.YAML_MULTI_DOCUMENT, message, place)] };
  }
  const version = yamlVersionProblem(file, lines, doc);
  if (version) return { diagnostics: [version] };
  // The parser turns its own stack overflow into an error of the document: that is depth, not syntax.
  const overflow = doc.errors.find((e) => /call stack/i.test(e.message));
  if (overflow) return { diagnostics: [tooDeep(file, lines, overflow.pos[0])] };
  const diagnostics = yamlErrors(file, lines, doc);
  for (const warning of doc.warnings) {
    diagnostics.push(warningAt(CONFIG_CODES.YAML_WARNING, firstLine(warning.message), placeAtOffset(file, lines, warning.pos[0])));
  }
  if (doc.errors.length > 0) return { diagnostics };
  const deepAt = tooDeepNode(doc);
  if (deepAt !== undefined) return { diagnostics: [tooDeep(file, lines, deepAt)] };
  const forms = formProblems(file, lines, text, doc);
  // A file with merge keys is not interpreted: its data would differ by reader.
  if (forms.merges.length > 0) return { diagnostics: [...diagnostics, ...forms.merges] };
  // A repeated key is reported but the file is still interpreted: its structure is sound.
  diagnostics.push(...duplicateKeys(file, lines, doc));
  diagnostics.push(...forms.numbers);
  const data = aliasSafeData(file, lines, doc, diagnostics);
  if (data === undefined) return { diagnostics };
  return { parsed: { file, doc, lines, data: data ?? {} }, diagnostics };
}

function tooDeep(file: string, lines: LineCounter, offset: number): Diagnostic {
  const message = `values are nested too deeply (at most ${MAX_DEPTH} levels, or 256 open [ and {); a state file needs about 6`;
  return errorAt(CONFIG_CODES.YAML_TOO_DEEP, message, placeAtOffset(file, lines, offset));
}

function yamlErrors(file: string, lines: LineCounter, doc: Document.Parsed): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const offsets = new Set<number>();
  for (const error of doc.errors) {
    // One broken spot often yields several errors at the same offset; the first says it best.
    if (offsets.has(error.pos[0])) continue;
    offsets.add(error.pos[0]);
    diagnostics.push(yamlError(file, lines, error));
  }
  return diagnostics;
}

function yamlError(file: string, lines: LineCounter, error: YAMLError): Diagnostic {
  const place = placeAtOffset(file, lines, error.pos[0]);
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return errorAt(CONFIG_CODES.YAML_TAB, 'a tab is used for indentation; YAML indents with spaces only', place);
    case 'NON_STRING_KEY':
      return errorAt(CONFIG_CODES.YAML_KEY_NOT_STRING, 'a key must be a name, not a list or a mapping', place);
    default:
      return errorAt(CONFIG_CODES.YAML_SYNTAX, firstLine(error.message), place);
  }
}

/** The parser's first line, cut: its messages can quote the source (a tag, an anchor name) at any length. */
function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * The document as plain data, or undefined (with a diagnostic) when aliases expand too far or point nowhere.
 * Resolving with yaml's maxAliasCount first means nothing later walks an exponential expansion.
 */
function aliasSafeData(file: string, lines: LineCounter, doc: Document.Parsed, diagnostics: Diagnostic[]): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unresolved = /unresolved alias/i.test(message);
    let offset = 0;
    visit(doc, {
      Alias(_, alias) {
        if (unresolved && alias.resolve(doc) !== undefined) return undefined;
        offset = alias.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const place = placeAtOffset(file, lines, offset);
    if (unresolved) {
      diagnostics.push(errorAt(CONFIG_CODES.YAML_ALIAS_UNKNOWN, 'this alias refers to no anchor defined before it', place));
    } else if (/alias/i.test(message)) {
      const text = `aliases expand too far (more than ${MAX_ALIAS_COUNT} uses); use profiles to share skills between agents`;
      diagnostics.push(errorAt(CONFIG_CODES.YAML_ALIAS_LIMIT, text, place));
    } else {
      diagnostics.push(errorAt(CONFIG_CODES.YAML_SYNTAX, firstLine(message), place));
    }
    return undefined;
  }
}
