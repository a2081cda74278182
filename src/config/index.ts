/** Public surface of config: load and validate a skills-state directory into a DesiredState. */
export type { StateFile, LoadResult } from './types.js';
export { MAX_FILE_BYTES, CONFIG_FILE_NAME } from './types.js';
export { parseDesiredState } from './parse.js';
export { loadDesiredState } from './load.js';
export { compileSkillScope, globProblem } from '../model/glob.js';
export { suggest } from '../model/suggest.js';
export { CONFIG_CODES, type ConfigCode } from './codes.js';
