/** Finds the state files of a directory: *.yaml/*.yml, recursively, sorted; dot-entries, node_modules and symlinked dirs skipped; unsafe links refused. */
import { readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { CONFIG_CODES, type ConfigCode } from './codes.js';

export interface Listing {
  /** Paths relative to the directory, `/`-separated, sorted. */
  files: string[];
  /** Sub-directories that could not be listed (relative path and reason). */
  unreadableDirs: { path: string; reason: string }[];
  /** State-file names that are not read, and why: a link that is broken, loops or leads outside, or a special file. */
  refused: { path: string; code: ConfigCode; reason: string }[];
}

const STATE_FILE = /\.ya?ml$/i;

/** Throws when `dir` itself cannot be listed; problems below it are returned. */
export async function listStateFiles(dir: string): Promise<Listing> {
  const listing: Listing = { files: [], unreadableDirs: [], refused: [] };
  await walk({ root: dir, realRoot: await realpath(dir) }, '', listing, true);
  const byPath = (a: { path: string } | string, b: { path: string } | string) => {
    const x = typeof a === 'string' ? a : a.path;
    const y = typeof b === 'string' ? b : b.path;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  listing.files.sort(byPath);
  listing.refused.sort(byPath);
  return listing;
}

interface Root {
  root: string;
  /** The directory with every link resolved: what a symlinked file must stay inside. */
  realRoot: string;
}

async function walk(root: Root, rel: string, listing: Listing, isRoot: boolean): Promise<void> {
  let entries;
  try {
    entries = await readdir(join(root.root, rel), { withFileTypes: true });
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
      continue;
    }
    if (entry.isSymbolicLink() && (await leftOutStateDir(root, join(root.root, path)))) {
      listing.refused.push({ path, code: CONFIG_CODES.FILE_LINK_DIRECTORY, reason: 'a symlinked directory holding state files; links to directories are not followed, so its agents would be left out: make it a real directory' });
      continue;
    }
    if (!STATE_FILE.test(entry.name)) continue;
    if (entry.isFile()) listing.files.push(path);
    else if (entry.isSymbolicLink()) await checkLink(root, path, listing);
    else listing.refused.push({ path, code: CONFIG_CODES.FILE_NOT_REGULAR, reason: 'not a regular file (a device, pipe or socket); state files must be plain files' });
  }
}

/**
 * A symlinked file is read only when it leads to a regular file inside the directory: a link is a
 * convenience for sharing a file within the state, never a way to read the rest of the machine.
 * Symlinked directories are not followed, so a link loop cannot hang the walk.
 */
async function checkLink(root: Root, path: string, listing: Listing): Promise<void> {
  const file = join(root.root, path);
  let target;
  try {
    target = await stat(file);
  } catch (error) {
    const loops = error instanceof Error && 'code' in error && error.code === 'ELOOP';
    const reason = loops ? 'a symlink that loops (it leads back to itself)' : 'a symlink to nothing (its target does not exist)';
    listing.refused.push({ path, code: CONFIG_CODES.FILE_LINK_BROKEN, reason });
    return;
  }
  if (target.isDirectory()) return;
  const real = await realpath(file);
  const inside = relative(root.realRoot, real);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    listing.refused.push({ path, code: CONFIG_CODES.FILE_LINK_OUTSIDE, reason: 'a symlink to a file outside the skills-state directory; links may only lead to files inside it' });
    return;
  }
  if (!target.isFile()) {
    listing.refused.push({ path, code: CONFIG_CODES.FILE_NOT_REGULAR, reason: 'a symlink to something that is not a regular file (a device, pipe or socket)' });
    return;
  }
  listing.files.push(path);
}

/**
 * Whether `path` links to a directory with a state file right in it (one level: a loop cannot hang) that
 * the walk does not reach by its real path: outside the directory, or under a skipped dot-directory.
 */
async function leftOutStateDir(root: Root, path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isDirectory()) return false;
    const rel = relative(root.realRoot, await realpath(path));
    const walked = rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel) && !rel.split(sep).some((part) => part.startsWith('.') || part === 'node_modules'));
    if (walked) return false;
    return (await readdir(path)).some((name) => STATE_FILE.test(name) && !name.startsWith('.'));
  } catch {
    return false;
  }
}
