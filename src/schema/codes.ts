/** Stable diagnostic codes for schema violations in skills-state files (documented in docs/state-format.md). */

export const SCHEMA_CODES = {
  /** A key the format does not know (typo, or a key in the wrong kind of file). */
  UNKNOWN_KEY: 'SCHEMA_UNKNOWN_KEY',
  /** A required key is missing. */
  REQUIRED: 'SCHEMA_REQUIRED',
  /** A value of the wrong kind (text where a number belongs, a list where a mapping belongs, ...). */
  TYPE: 'SCHEMA_TYPE',
  /** A value of the right kind but not allowed (out of range, empty, listed twice, reserved). */
  VALUE: 'SCHEMA_VALUE',
  /** A proficiency that is not an integer from 1 to 20. */
  PROFICIENCY_INVALID: 'PROFICIENCY_INVALID',
  /** `rate` is not a number of requests per second of at least 0.1. */
  RATE_INVALID: 'RATE_INVALID',
  /** `version` is not 1. */
  VERSION_UNSUPPORTED: 'VERSION_UNSUPPORTED',
} as const;

export type SchemaCode = (typeof SCHEMA_CODES)[keyof typeof SCHEMA_CODES];
