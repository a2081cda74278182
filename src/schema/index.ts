/** Public surface of schema validation: validate plain data, get problems in plain words. */
export { validateAgainstSchema } from './validate.js';
export type { SchemaProblem } from './messages.js';
export { SCHEMA_CODES, type SchemaCode } from './codes.js';
export { SKILLS_STATE_SCHEMA, SKILLS_STATE_SCHEMA_ID, type FileKind } from './schema.js';
export { toPointer, fromPointer, escapeSegment, unescapeSegment } from './pointer.js';
