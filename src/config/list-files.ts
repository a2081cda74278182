/** Finds the state files of a directory: *.yaml/*.yml, recursively, sorted; dot-entries, node_modules and symlinked dirs skipped. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface Listing {
  /** Paths relative to the directory, `/`-separated, sorted. */
  files: string[];
  /** Sub-directories that could not be listed (relative path and reason). */
  unreadableDirs: { path: string; reason: string }[];
}

const STATE_FILE = /\.ya?ml$/i;

/** Throws when `dir` itself cannot be listed; problems below it are returned. */
export async function listStateFiles(dir: string): Promise<Listing> {
  const listing: Listing = { files: [], unreadableDirs: [] };
  await walk(dir, '', listing, true);
  listing.files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return listing;
}

async function walk(root: string, rel: string, listing: Listing, isRoot: boolean): Promise<void> {
  let entries;
  try {
    entries = await readdir(join(root, rel), { withFileTypes: true });
  } catch (error) {
    if (isRoot) throw error;
    listing.unreadableDirs.push({ path: rel, reason: error instanceof Error ? error.message : String(error) });
    return;
  }
  for (const entry of entries) {
    // Dot-entries are tool or editor files (.git, .github, .yamllint.yaml), never state.
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      await walk(root, path, listing, false);
    } else if (STATE_FILE.test(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await isFile(join(root, path)))))) {
      // Symlinked files are read; symlinked directories are not followed, so a link loop cannot hang the walk.
      listing.files.push(path);
    }
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
