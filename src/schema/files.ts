/**
 * The JSON files cxskills writes and reads back (the plan file, audit log lines), checked against their
 * schemas (schemas/plan.schema.json, schemas/audit-entry.schema.json) before anything reads a field: a
 * hand-edited file ends in one problem naming the JSON path, never in a crash or a silent default.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import auditSchema from '../../schemas/audit-entry.schema.json' with { type: 'json' };
import planSchema from '../../schemas/plan.schema.json' with { type: 'json' };

let validators: { plan: ValidateFunction; audit: ValidateFunction } | undefined;

function compiled(): { plan: ValidateFunction; audit: ValidateFunction } {
  if (!validators) {
    const ajv = new Ajv({ allErrors: false, strict: true, strictRequired: false, strictTypes: false });
    validators = { plan: ajv.compile(planSchema), audit: ajv.compile(auditSchema) };
  }
  return validators;
}

/** The first problem of a plan file's data, worded `at /calls/3/id: must be >= 1`, or undefined when it has the shape of a plan. */
export function planFileProblem(data: unknown): string | undefined {
  const validate = compiled().plan;
  return validate(data) ? undefined : wording(validate.errors ?? []);
}

/** The first problem of one audit line's data, or undefined when it is an audit entry. */
export function auditEntryProblem(data: unknown): string | undefined {
  const validate = compiled().audit;
  return validate(data) ? undefined : wording(validate.errors ?? []);
}

function wording(errors: readonly ErrorObject[]): string {
  // The deepest error says most; an if/then's own "must match then" says nothing of its own.
  const useful = errors.filter((e) => e.keyword !== 'if');
  const error = useful.reduce<ErrorObject | undefined>((best, e) => (best === undefined || e.instancePath.length > best.instancePath.length ? e : best), undefined) ?? errors[0];
  if (error === undefined) return 'it does not have the expected shape';
  const at = error.instancePath === '' ? 'the top level' : error.instancePath;
  const detail =
    error.keyword === 'required' ? `has no "${String(error.params.missingProperty)}"` :
    error.keyword === 'enum' ? `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` :
    error.keyword === 'const' ? `must be ${JSON.stringify(error.params.allowedValue)}` :
    (error.message ?? 'is not valid');
  return `${at} ${detail}`;
}
