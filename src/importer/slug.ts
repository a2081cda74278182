/** File and profile names from tenant names: lower case ASCII letters, digits and single dashes. */

/** `Team 1` → `team-1`, `Soporte Técnico` → `soporte-tecnico`; empty when nothing usable is left. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Control characters and line breaks in a tenant's names would break a YAML comment; they become spaces. */
export function commentText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').trim();
}
