/** The skills-state JSON Schema (schemas/skills-state.schema.json), shipped for editors and used by ajv. */
import schemaJson from '../../schemas/skills-state.schema.json' with { type: 'json' };

export const SKILLS_STATE_SCHEMA = schemaJson;
export const SKILLS_STATE_SCHEMA_ID: string = schemaJson.$id;

/** `config` is the directory's cxskills.yaml; `state` is any other file (profiles and agents). */
export type FileKind = 'config' | 'state';

/** The definition each kind of file is validated against. */
export const DEFINITION_OF_KIND: Record<FileKind, string> = { config: 'configFile', state: 'stateFile' };

/** Name of each definition by object identity: ajv reports `parentSchema`, which is the definition itself. */
export const DEFINITION_NAMES: ReadonlyMap<object, string> = new Map(
  Object.entries(schemaJson.definitions).map(([name, definition]) => [definition as object, name]),
);
