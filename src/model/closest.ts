/**
 * The closest known names to a mistyped one, for errors that say the way forward. Levenshtein
 * distance from fastest-levenshtein (a well-kept, dependency-free implementation) rather than a
 * hand-written one.
 */
import { distance } from 'fastest-levenshtein';

/** Up to `n` names nearest to `name` (case-insensitive), nearest first, ties in the given order. */
export function closest(name: string, known: Iterable<string>, n = 3): string[] {
  const lower = name.toLowerCase();
  return [...known]
    .map((k, i) => ({ k, i, d: distance(lower, k.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, n)
    .map((x) => x.k);
}
