/**
 * Close matches for a mistyped name (a label, a job name): what "Did you mean …?" offers. In the base
 * layer, so that any layer may use it.
 */

/**
 * The edit distance of `a` and `b` counting a swap of two neighbouring letters as one edit, as a typo
 * is (`calibarte` is one edit from `calibrate`, not two): insertions, deletions, substitutions and
 * adjacent transpositions, each 1 (the optimal string alignment distance).
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const above = rows[i - 1] as number[];
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
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
