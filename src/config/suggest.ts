import { closeMatches } from '../model/close-match.js';

/**
 * The candidate a mistyped name most likely meant (a case-insensitive match, else a small edit distance,
 * a swap of neighbouring letters counting as one: 1 for names of up to 4 letters, where 2 would match
 * almost anything, 2 up to 12, 3 beyond), as a ` Did you mean 'x'?` suffix; "" when nothing is close.
 * `maxDistance` overrides the limit (task labels differ by a word, forcedPhotCcd and forcedPhotCoadd
 * being two tasks: 1 there).
 */
export function didYouMean(name: string, candidates: readonly string[], maxDistance?: number): string {
  const within = maxDistance ?? (name.length <= 4 ? 1 : name.length <= 12 ? 2 : 3);
  const [best] = closeMatches(name, candidates, { max: 1, within });
  return best === undefined ? '' : ` Did you mean '${best}'?`;
}
