/** Validates the plain data of one skills-state file against the JSON Schema, collecting every problem. */
import { Ajv, type ValidateFunction } from 'ajv';
import ajvErrorsModule from 'ajv-errors';
import { problemFromAjv, type SchemaProblem } from './messages.js';
import { DEFINITION_OF_KIND, SKILLS_STATE_SCHEMA, SKILLS_STATE_SCHEMA_ID, type FileKind } from './schema.js';

// A CommonJS module: the default import is module.exports, whose `default` is the plugin (as its types say).
const ajvErrors = ajvErrorsModule.default;

let validators: Record<FileKind, ValidateFunction> | undefined;

function compiled(): Record<FileKind, ValidateFunction> {
  if (!validators) {
    // strictRequired is off because the root `if` names `version` without declaring it (editors need that form).
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false });
    // The schema's `errorMessage`s are for editors; the CLI words problems from the original errors, kept beside them.
    ajvErrors(ajv, { keepErrors: true });
    ajv.addSchema(SKILLS_STATE_SCHEMA);
    const get = (kind: FileKind): ValidateFunction => {
      const validate = ajv.getSchema(`${SKILLS_STATE_SCHEMA_ID}#/definitions/${DEFINITION_OF_KIND[kind]}`);
      if (!validate) throw new Error(`schema definition for ${kind} files is missing`);
      return validate;
    };
    validators = { config: get('config'), state: get('state') };
  }
  return validators;
}

/** Every schema problem of `data` (the whole file as plain data), in document order of ajv's walk. */
export function validateAgainstSchema(kind: FileKind, data: unknown): SchemaProblem[] {
  const validate = compiled()[kind];
  if (validate(data)) return [];
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'errorMessage') continue;
    const problem = problemFromAjv(error);
    if (!problem) continue;
    const key = `${problem.code}\u0000${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}
