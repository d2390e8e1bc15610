import { closeMatches } from '../model/close-match.js';

/**
 * The candidate a mistyped name most likely meant (case-insensitive match, else edit distance ≤ 2), as
 * a ` Did you mean 'x'?` suffix; "" when nothing is close.
 */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const [best] = closeMatches(name, candidates, { max: 1 });
  return best === undefined ? '' : ` Did you mean '${best}'?`;
}
