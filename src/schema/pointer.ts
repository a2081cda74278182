/** JSON Pointer (RFC 6901) paths such as `/agents/jdoe/skills/Billing EN`, used by every diagnostic. */

export function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `['agents', 'jdoe']` → `/agents/jdoe`; the empty list is the whole document, `""`. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${escapeSegment(String(s))}`).join('');
}

/** `/agents/jdoe` → `['agents', 'jdoe']`. */
export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map(unescapeSegment);
}

/** The last segment of a pointer, or undefined for the whole document. */
export function lastSegment(pointer: string): string | undefined {
  const segments = fromPointer(pointer);
  return segments[segments.length - 1];
}
