/** parseDesiredState: from the texts of a directory's files to a DesiredState, collecting every diagnostic (no fs). */
import { isAbsolute, join, relative, sep } from 'node:path';
import { hasErrors, type Diagnostic } from '../model/diagnostics.js';
import type { DesiredState } from '../model/types.js';
import { validateAgainstSchema, type FileKind } from '../schema/index.js';
import { buildAgents } from './agents.js';
import { CONFIG_CODES } from './codes.js';
import { readSettings, type Settings } from './config-file.js';
import { readDeclarations, type HolderDecl } from './declarations.js';
import { errorAt, finishDiagnostics } from './diagnostic.js';
import { placeOf } from './locate.js';
import { createResolver, indexProfiles } from './profiles.js';
import { checkSkillsInScope } from './scope-check.js';
import { CONFIG_FILE_NAME, type LoadResult, type StateFile } from './types.js';
import { parseYamlFile, type ParsedYaml } from './yaml-file.js';

export interface ParseContext {
  /** Relative paths of files that exist but could not be read; their diagnostics are already reported. */
  unreadable: readonly string[];
}

/**
 * Pure: every file given is part of the state (`cxskills.yaml` at the top is the settings file).
 * Paths are relative to `dir`; diagnostics name files as `join(dir, path)`.
 */
export function parseDesiredState(dir: string, files: StateFile[]): LoadResult {
  return parseStateFiles(dir, files, { unreadable: [] });
}

interface Collected {
  settings?: Settings;
  /** Some state file could not be interpreted, so a name it declares may look unknown elsewhere. */
  incomplete: boolean;
  profiles: HolderDecl[];
  agents: HolderDecl[];
}

export function parseStateFiles(dir: string, files: StateFile[], context: ParseContext): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const sorted = files
    .map((f) => ({ rel: relativePath(dir, f.path), text: f.text }))
    .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const configFile = join(dir, CONFIG_FILE_NAME);
  const configMissingHere = !sorted.some((f) => f.rel === CONFIG_FILE_NAME) && !context.unreadable.includes(CONFIG_FILE_NAME);
  if (configMissingHere) diagnostics.push(configMissing(configFile, sorted.some((f) => f.rel === 'cxskills.yml')));
  const collected: Collected = {
    incomplete: context.unreadable.some((p) => p !== CONFIG_FILE_NAME),
    profiles: [],
    agents: [],
  };
  for (const file of sorted) {
    // A misnamed cxskills.yml is named by CONFIG_MISSING; read as a state file it would only add noise.
    if (configMissingHere && file.rel === 'cxskills.yml') continue;
    const kind: FileKind = file.rel === CONFIG_FILE_NAME ? 'config' : 'state';
    interpretFile(join(dir, file.rel), kind, file.text, collected, diagnostics);
  }
  const profiles = indexProfiles(collected.profiles, diagnostics);
  const resolver = createResolver(profiles, { reportUnknown: !collected.incomplete }, diagnostics);
  resolver.resolveAllProfiles();
  const agents = buildAgents(collected.agents, resolver, diagnostics);
  if (collected.settings) checkSkillsInScope([...collected.profiles, ...collected.agents], collected.settings.scope, diagnostics);
  // An unused profile is only worth a word once there is nothing to fix (a bad reference makes profiles look unused).
  if (!collected.incomplete && !hasErrors(diagnostics)) resolver.warnUnused();
  const finished = finishDiagnostics(diagnostics);
  if (hasErrors(finished) || !collected.settings) return { diagnostics: finished };
  const { scope, safety, coverage, rate, policy } = collected.settings;
  const state: DesiredState = { dir, configFile, scope, safety, ...(coverage ? { coverage } : {}), ...(rate === undefined ? {} : { rate }), ...(policy ? { policy } : {}), agents };
  return { state, diagnostics: finished };
}

function interpretFile(file: string, kind: FileKind, text: string, collected: Collected, diagnostics: Diagnostic[]): void {
  const { parsed, diagnostics: yamlDiagnostics } = parseYamlFile(file, text);
  diagnostics.push(...yamlDiagnostics);
  if (!parsed) {
    if (kind === 'state') collected.incomplete = true;
    return;
  }
  const schemaDiagnostics = schemaProblems(parsed, kind);
  diagnostics.push(...schemaDiagnostics);
  if (kind === 'state') {
    const declared = readDeclarations(parsed);
    collected.profiles.push(...declared.profiles);
    collected.agents.push(...declared.agents);
  } else if (!hasErrors(yamlDiagnostics) && schemaDiagnostics.length === 0) {
    // Settings are only trusted from a clean cxskills.yaml; otherwise there is no scope to check skills against.
    const { settings, diagnostics: patternDiagnostics } = readSettings(parsed);
    diagnostics.push(...patternDiagnostics);
    if (patternDiagnostics.length === 0) collected.settings = settings;
  }
}

function schemaProblems(parsed: ParsedYaml, kind: FileKind): Diagnostic[] {
  return validateAgainstSchema(kind, parsed.data).map((problem) =>
    errorAt(problem.code, problem.message, placeOf(parsed, problem.path, problem.target), {
      path: problem.path,
      ...(problem.suggestions ? { suggestions: problem.suggestions } : {}),
    }),
  );
}

function configMissing(configFile: string, foundYml: boolean): Diagnostic {
  const hint = foundYml ? ' (found cxskills.yml: rename it to cxskills.yaml)' : '';
  const message = `${configFile} is missing: a skills-state directory needs a cxskills.yaml with version and scope${hint}`;
  return errorAt(CONFIG_CODES.CONFIG_MISSING, message, { file: configFile });
}

/** `path` relative to `dir` with `/` separators (absolute paths are made relative). */
function relativePath(dir: string, path: string): string {
  const rel = isAbsolute(path) ? relative(dir, path) : path;
  return rel.split(sep).join('/').replace(/^(\.\/)+/, '');
}
