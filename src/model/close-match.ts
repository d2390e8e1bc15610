/**
 * Close matches for a mistyped name (a label, a job, a config key): what "Did you mean …?" offers.
 * Shared by config/ (keys, sites) and app/ (labels, jobs), hence in the base layer.
 */

/** The Levenshtein distance of `a` and `b`: insertions, deletions and substitutions, one each. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The candidates `name` most likely meant, nearest first: a case-insensitive equal alone, else those
 * within `within` edits (ties in the candidates' order), at most `max`. `distance` may measure
 * something other than the whole strings (a job name's tail). [] when nothing is close.
 */
export function closeMatches(
  name: string,
  candidates: Iterable<string>,
  options: { max?: number; within?: number; distance?: (name: string, candidate: string) => number } = {},
): string[] {
  const lower = name.toLowerCase();
  const measure = options.distance ?? editDistance;
  const scored: Array<{ candidate: string; distance: number }> = [];
  for (const candidate of new Set(candidates)) {
    if (candidate.toLowerCase() === lower) return [candidate];
    const distance = measure(lower, candidate.toLowerCase());
    if (distance <= (options.within ?? 2)) scored.push({ candidate, distance });
  }
  return scored.sort((x, y) => x.distance - y.distance).slice(0, options.max ?? 3).map((s) => s.candidate);
}

/** `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`: the names quoted and joined for a sentence. */
export function orList(names: readonly string[]): string {
  const quoted = names.map((n) => `'${n}'`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1) ?? ''}`;
}
