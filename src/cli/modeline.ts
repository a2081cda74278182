/** The `# yaml-language-server: $schema=` first line of the YAML that import and generate write, so editors check it as the CLI does. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The schema this cxskills ships (`schemas/` beside `dist/`, in the repository or in node_modules/cxskills); from src/ when run unbuilt. */
const SHIPPED = [
  new URL('../../../schemas/skills-state.schema.json', import.meta.url),
  new URL('../../schemas/skills-state.schema.json', import.meta.url),
].map((u) => fileURLToPath(u)).find((path) => existsSync(path)) ?? fileURLToPath(new URL('../../../schemas/skills-state.schema.json', import.meta.url));
const FALLBACK_URL = 'https://raw.githubusercontent.com/cxskills/cxskills/main/schemas/skills-state.schema.json';

function publishedUrl(): string {
  try {
    const id = (JSON.parse(readFileSync(SHIPPED, 'utf8')) as { $id?: unknown }).$id;
    return typeof id === 'string' ? id : FALLBACK_URL;
  } catch {
    return FALLBACK_URL;
  }
}

/**
 * Where an editor finds the schema from `file`: `CXSKILLS_SCHEMA_URL` when set; else the shipped schema by a
 * relative path when it lies inside `root` (the repository: cxskills installed as a dev dependency, or this
 * repository itself), so the modeline works offline and follows the installed version; else the schema's `$id`.
 */
export function schemaRef(file: string, root: string, env: NodeJS.ProcessEnv, shipped: string = SHIPPED): string {
  const fromEnv = env.CXSKILLS_SCHEMA_URL;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  const inRoot = relative(root, shipped);
  if (existsSync(shipped) && !inRoot.startsWith('..') && !inRoot.startsWith(sep)) return relative(dirname(file), shipped).split(sep).join('/');
  return publishedUrl();
}

export function modeline(ref: string): string {
  return `# yaml-language-server: $schema=${ref}`;
}

/** Puts the modeline first, replacing one already there. */
export function withModeline(text: string, ref: string): string {
  const body = text.startsWith('# yaml-language-server:') ? text.slice(text.indexOf('\n') + 1) : text;
  return `${modeline(ref)}\n${body}`;
}
