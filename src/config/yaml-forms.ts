/** What a state file may not rely on, so every reader sees the same data: YAML 1.1 (`%YAML 1.1`, `<<` merges) and numbers not in plain decimal. */
import { isScalar, visit, type Document, type LineCounter } from 'yaml';
import type { Diagnostic } from '../model/diagnostics.js';
import { showName } from '../model/show.js';
import { CONFIG_CODES } from './codes.js';
import { errorAt } from './diagnostic.js';
import { placeAtOffset } from './place.js';

/** A `%YAML` directive other than 1.2: that version reads `yes`, `010` and `<<` differently. */
export function yamlVersionProblem(file: string, lines: LineCounter, doc: Document.Parsed): Diagnostic | undefined {
  const directive = doc.directives?.yaml;
  if (!directive?.explicit || directive.version === '1.2') return undefined;
  const message =
    `state files are YAML 1.2; remove the %YAML ${directive.version} line (YAML 1.1 reads yes/no as true/false, 010 as 8 and ` +
    '"<<" as a merge, which cxskills does not)';
  return errorAt(CONFIG_CODES.YAML_VERSION_UNSUPPORTED, message, placeAtOffset(file, lines, 0));
}

export interface FormProblems {
  /**
   * `<<:` keys. YAML 1.2 has no merge keys; honouring them in one reader and not in another made
   * validation accept skills that apply then removed, so they are refused everywhere.
   */
  merges: Diagnostic[];
  /**
   * Numbers checked on their source text, not on the parsed float: `0x10`, `0o10`, `010`, `1e1`, `.5` and
   * `.inf` are refused, and so is a decimal the float cannot hold (`19.99999999999999999` reads as 20,
   * `2.0000000000000001` as 2, `12345678901234567890` loses digits).
   */
  numbers: Diagnostic[];
}

/** Plain decimal: `7`, `-1`, `0.25`. */
const DECIMAL = /^[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** Both checks in one walk of the document (large files are walked once more, not twice). */
export function formProblems(file: string, lines: LineCounter, text: string, doc: Document.Parsed): FormProblems {
  const found: FormProblems = { merges: [], numbers: [] };
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === '<<' && pair.key.type === 'PLAIN') {
        const message = 'merge keys ("<<") are not supported (they are YAML 1.1); share skills between agents with profiles';
        found.merges.push(errorAt(CONFIG_CODES.YAML_MERGE_KEY, message, placeAtOffset(file, lines, pair.key.range?.[0] ?? 0)));
      }
    },
    Scalar(_, node) {
      if (typeof node.value !== 'number' || node.range === undefined || node.range === null) return;
      const problem = numberProblem(text.slice(node.range[0], node.range[1]).trim(), node.value);
      if (problem) found.numbers.push(errorAt(CONFIG_CODES.NUMBER_FORM, problem, placeAtOffset(file, lines, node.range[0])));
    },
  });
  return found;
}

function numberProblem(source: string, value: number): string | undefined {
  const match = DECIMAL.exec(source);
  const shown = showName(source, 30);
  if (!match) {
    const hint = /^[-+]?0[0-9]/.test(source) ? '; a leading 0 reads as octal in YAML 1.1' : '';
    return `write numbers in plain decimal (such as 7 or 0.25), got ${shown}, which reads as ${value}${hint}`;
  }
  const [, whole = '', fraction = ''] = match;
  const exactWhole = fraction.replace(/^\./, '').replace(/0+$/, '') === '';
  if (exactWhole && !Number.isSafeInteger(Number(whole))) return `${shown} has more digits than a number can hold exactly`;
  if (!exactWhole && Number.isInteger(value)) return `${shown} has more digits than a number can hold: it would read as ${value}`;
  return undefined;
}

