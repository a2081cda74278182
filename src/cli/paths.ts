/** The files a command is told to read or write (--plan, --out, --audit, --log), checked before any call to CXone. */
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { DiagnosticsError, type Diagnostic } from '../model/diagnostics.js';
import type { CliIo } from './command.js';

export const PATH_CODES = {
  /** --out names a state file (or any YAML file): a plan would overwrite it with JSON. */
  OUT_REFUSED: 'OUT_REFUSED',
  /** --out cannot be written: its directory is missing, or it is a directory. */
  OUT_UNWRITABLE: 'OUT_UNWRITABLE',
  /** --plan cannot be read: missing, a directory, unreadable. */
  PLAN_UNREADABLE: 'PLAN_UNREADABLE',
  /** --audit or --log cannot be appended to: a directory, or under a file. */
  AUDIT_UNWRITABLE: 'AUDIT_UNWRITABLE',
  /** The audit log to read cannot be read: missing, a directory. */
  AUDIT_UNREADABLE: 'AUDIT_UNREADABLE',
} as const;

function refuse(code: string, file: string, message: string): never {
  const diagnostic: Diagnostic = { severity: 'error', code, message, file };
  throw new DiagnosticsError([diagnostic]);
}

async function kindOf(path: string): Promise<'file' | 'directory' | 'other' | 'missing'> {
  try {
    const s = await stat(path);
    return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}

/** The path with links resolved as far as it exists (the last part may not exist yet). */
async function realish(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    try {
      return resolve(await realpath(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Where `--out` may write a plan: not over a YAML file (cxskills.yaml or a state file: a plan is JSON) and
 * not anywhere inside the state directory; into an existing directory, and not onto a directory.
 */
export async function checkOutFile(io: CliIo, out: string, stateDir?: string, what = 'the plan'): Promise<string> {
  const file = resolve(io.cwd, out);
  const real = await realish(file);
  if (/\.ya?ml$/i.test(file) || /\.ya?ml$/i.test(real)) {
    refuse(PATH_CODES.OUT_REFUSED, out, `${what} would overwrite a YAML file (cxskills.yaml or a state file); save it under another name, outside the skills-state directory`);
  }
  if (stateDir !== undefined && inside(await realish(resolve(io.cwd, stateDir)), real)) {
    refuse(PATH_CODES.OUT_REFUSED, out, `this is inside the skills-state directory ${stateDir}; save ${what} outside it`);
  }
  // A device or pipe (/dev/stdout, a named pipe) is the user's choice; only a directory cannot take the bytes.
  if ((await kindOf(file)) === 'directory') refuse(PATH_CODES.OUT_UNWRITABLE, out, `cannot write ${what} here: it is a directory; name a file`);
  if ((await kindOf(dirname(file))) !== 'directory') refuse(PATH_CODES.OUT_UNWRITABLE, out, `cannot write ${what}: the directory ${dirname(out)} does not exist; create it first`);
  return file;
}

/** A saved plan to read: an existing regular file. */
export async function checkPlanFile(io: CliIo, plan: string): Promise<string> {
  const file = resolve(io.cwd, plan);
  const kind = await kindOf(file);
  if (kind === 'missing') refuse(PATH_CODES.PLAN_UNREADABLE, plan, 'the plan file does not exist; make one with: cxskills plan --out plan.json');
  if (kind !== 'file') refuse(PATH_CODES.PLAN_UNREADABLE, plan, `the plan file is a ${kind === 'directory' ? 'directory' : 'special file'}, not a file saved by 'cxskills plan --out'`);
  return file;
}

/** An audit log to append to: a regular file or nothing yet, not under a file, not a YAML file and not inside the state directory. */
export async function checkAuditTarget(io: CliIo, audit: string, option: string, stateDir: string): Promise<string> {
  const file = resolve(io.cwd, audit);
  const real = await realish(file);
  if (/\.ya?ml$/i.test(real) || inside(await realish(resolve(io.cwd, stateDir)), real)) {
    refuse(PATH_CODES.AUDIT_UNWRITABLE, audit, `${option} would append audit lines to a YAML file or inside the skills-state directory ${stateDir}; name a .jsonl file outside it`);
  }
  const kind = await kindOf(file);
  if (kind === 'directory' || kind === 'other') {
    refuse(PATH_CODES.AUDIT_UNWRITABLE, audit, `${option} must name a file to append to, and this is a ${kind === 'directory' ? 'directory' : 'special file'}; nothing was written`);
  }
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const k = await kindOf(dir);
    if (k === 'directory') break;
    if (k !== 'missing') refuse(PATH_CODES.AUDIT_UNWRITABLE, audit, `${option} cannot be created: ${dir} is not a directory; nothing was written`);
  }
  return file;
}

/** An audit log to read: an existing regular file. */
export async function checkAuditSource(io: CliIo, audit: string): Promise<string> {
  const file = resolve(io.cwd, audit);
  const kind = await kindOf(file);
  if (kind === 'missing') refuse(PATH_CODES.AUDIT_UNREADABLE, audit, 'the audit log does not exist (apply writes it; see --audit)');
  if (kind !== 'file') refuse(PATH_CODES.AUDIT_UNREADABLE, audit, `the audit log is a ${kind === 'directory' ? 'directory' : 'special file'}; name the .jsonl file apply wrote`);
  return file;
}
