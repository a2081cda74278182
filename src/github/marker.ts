/** Hidden markers that let a later run find its own comment or issue: one per kind and state directory. */

export type MarkerKind = 'plan' | 'drift' | 'apply';

/** `skills-state/`, `./skills-state` and `skills-state` name one directory, so they share one marker. */
export function normalizeDir(dir: string): string {
  const posix = dir.replace(/\\/g, '/').replace(/\/{2,}/g, '/');
  const trimmed = posix.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '.' : trimmed;
}

/**
 * `<!-- cxskills:plan dir=skills-state -->`. The directory is percent-encoded (and so are runs of `-`),
 * so no name can end the HTML comment early or look like another directory's marker.
 */
export function markerFor(kind: MarkerKind, dir: string): string {
  const encoded = encodeURIComponent(normalizeDir(dir)).replace(/-{2,}/g, (run) => '%2D'.repeat(run.length));
  return `<!-- cxskills:${kind} dir=${encoded} -->`;
}

/** Anywhere in the body: people add notes above or below, and the marker still finds it. */
export function hasMarker(body: string, marker: string): boolean {
  return body.includes(marker);
}
