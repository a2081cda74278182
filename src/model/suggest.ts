/** "Did you mean": the closest names to a misspelt one, by case-insensitive edit distance. */

/**
 * Up to `max` candidates closest to `name`, best first (ties in the order given).
 * A candidate qualifies when its case-insensitive Levenshtein distance to `name` is at most
 * max(2, floor(length / 4)) and smaller than the longer of the two names (so "a" never suggests "b"),
 * or when one of the two starts with the other and the shorter has 3+ characters ("Billing" → "Billing EN").
 * A candidate equal to `name` is not a suggestion.
 */
export function suggest(name: string, candidates: Iterable<string>, max = 3): string[] {
  const wanted = name.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 4));
  const scored: { candidate: string; distance: number; order: number }[] = [];
  const seen = new Set<string>();
  let order = 0;
  for (const candidate of candidates) {
    if (candidate === name || seen.has(candidate)) continue;
    seen.add(candidate);
    const lower = candidate.toLowerCase();
    if (isPrefixMatch(wanted, lower)) {
      scored.push({ candidate, distance: levenshtein(wanted, lower), order: order++ });
      continue;
    }
    if (Math.abs(lower.length - wanted.length) > limit) continue;
    const distance = levenshtein(wanted, lower, limit);
    if (distance <= limit && distance < Math.max(wanted.length, lower.length)) {
      scored.push({ candidate, distance, order: order++ });
    }
  }
  scored.sort((a, b) => a.distance - b.distance || a.order - b.order);
  return scored.slice(0, Math.max(0, max)).map((s) => s.candidate);
}

function isPrefixMatch(a: string, b: string): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.length >= 3 && longer.startsWith(shorter);
}

/** Edit distance (insert, delete, substitute), giving up early once every path exceeds `limit`. */
export function levenshtein(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return rowMin;
    previous = current;
  }
  return previous[y.length] ?? 0;
}
