/** `generate` as a pure function: roster CSV text + rules YAML text → the agents' YAML, or diagnostics naming roster lines. */
import { hasErrors, type Diagnostic } from '../model/diagnostics.js';
import { agentsYaml } from './agents-yaml.js';
import { parseCsv } from './csv.js';
import { applyRules, type GeneratedAgent } from './match.js';
import { parseRules } from './rules.js';

export interface GenerateInput {
  roster: { file: string; text: string };
  rules: { file: string; text: string };
  delimiter?: string;
}

export interface GenerateResult {
  /** Present only when there are no errors. */
  yaml?: string;
  agents: GeneratedAgent[];
  rows: number;
  skipped: number;
  diagnostics: Diagnostic[];
}

export function generateAgents(input: GenerateInput): GenerateResult {
  const rules = parseRules(input.rules.text, input.rules.file);
  const table = parseCsv(input.roster.text, input.roster.file, input.delimiter);
  const diagnostics = [...rules.diagnostics, ...table.diagnostics];
  if (rules.rules === undefined || hasErrors(table.diagnostics)) return { agents: [], rows: table.records.length, skipped: 0, diagnostics };
  const matched = applyRules(table, rules.rules, { roster: input.roster.file, rules: input.rules.file });
  diagnostics.push(...matched.diagnostics);
  const result = { agents: matched.agents, rows: table.records.length, skipped: matched.skipped, diagnostics };
  if (hasErrors(diagnostics)) return result;
  return { ...result, yaml: agentsYaml(matched.agents, { roster: baseName(input.roster.file), rules: baseName(input.rules.file) }) };
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}
