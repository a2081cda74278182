/** loadDesiredState: reads a skills-state directory from disk (links, size and encoding checked first), then parses it. */
import { join } from 'node:path';
import type { Diagnostic } from '../model/diagnostics.js';
import { CONFIG_CODES } from './codes.js';
import { errorAt, finishDiagnostics } from './diagnostic.js';
import { listStateFiles } from './list-files.js';
import { parseStateFiles } from './parse.js';
import { readBounded } from './read-bounded.js';
import { MAX_FILE_BYTES, type LoadResult, type StateFile } from './types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function loadDesiredState(dir: string): Promise<LoadResult> {
  let listing;
  try {
    listing = await listStateFiles(dir);
  } catch (error) {
    const message = `cannot read the skills-state directory ${dir}: ${reason(error)}`;
    return { diagnostics: [errorAt(CONFIG_CODES.DIR_UNREADABLE, message, { file: dir })] };
  }
  const diagnostics: Diagnostic[] = [
    ...listing.unreadableDirs.map((d) => errorAt(CONFIG_CODES.FILE_UNREADABLE, `cannot read directory: ${d.reason}`, { file: join(dir, d.path) })),
    // Refused, not skipped: a file that silently vanished would take its agents (and, with agents: all, their skills) with it.
    ...listing.refused.map((r) => errorAt(r.code, `not read: ${r.reason}`, { file: join(dir, r.path) })),
  ];
  const files: StateFile[] = [];
  const unreadable: string[] = [...listing.unreadableDirs.map((d) => d.path), ...listing.refused.map((r) => r.path)];
  for (const path of listing.files) {
    const read = await readStateFile(dir, path);
    if ('text' in read) files.push({ path, text: read.text });
    else {
      diagnostics.push(read.diagnostic);
      unreadable.push(path);
    }
  }
  const result = parseStateFiles(dir, files, { unreadable });
  const all = finishDiagnostics([...diagnostics, ...result.diagnostics]);
  return diagnostics.length > 0 ? { diagnostics: all } : { ...result, diagnostics: all };
}

async function readStateFile(dir: string, path: string): Promise<{ text: string } | { diagnostic: Diagnostic }> {
  const file = join(dir, path);
  try {
    const bytes = await readBounded(file);
    if (bytes === 'special') {
      return { diagnostic: errorAt(CONFIG_CODES.FILE_NOT_REGULAR, 'not read: not a regular file; state files must be plain files', { file }) };
    }
    if (bytes === 'too-large') {
      const message = `file is over ${MAX_FILE_BYTES} bytes; state files may be at most ${MAX_FILE_BYTES} bytes (5 MiB)`;
      return { diagnostic: errorAt(CONFIG_CODES.FILE_TOO_LARGE, message, { file }) };
    }
    try {
      return { text: utf8.decode(bytes) };
    } catch {
      return { diagnostic: errorAt(CONFIG_CODES.FILE_ENCODING, 'file is not valid UTF-8 text', { file }) };
    }
  } catch (error) {
    return { diagnostic: errorAt(CONFIG_CODES.FILE_UNREADABLE, `cannot read file: ${reason(error)}`, { file }) };
  }
}

function reason(error: unknown): string {
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return 'it does not exist';
  if (error instanceof Error && 'code' in error && error.code === 'ENOTDIR') return 'it is not a directory';
  return error instanceof Error ? error.message : String(error);
}
