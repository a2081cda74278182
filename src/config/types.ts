/** Inputs and outputs of loading a skills-state directory. */
import type { Diagnostic } from '../model/diagnostics.js';
import type { DesiredState } from '../model/types.js';

/** One file of a skills-state directory; `path` is relative to the directory, with `/` separators. */
export interface StateFile {
  path: string;
  text: string;
}

/** `state` is present only when `diagnostics` holds no errors (warnings allowed). */
export interface LoadResult {
  state?: DesiredState;
  diagnostics: Diagnostic[];
}

/** Files refuse to load above this size, before any parsing. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** The directory's own settings file; every other .yaml/.yml file holds profiles and agents. */
export const CONFIG_FILE_NAME = 'cxskills.yaml';
