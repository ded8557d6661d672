/** Where a scenario comes from: a file, or standard input (`-`), and the name it gets when it has none. */

/** A scenario file given as `-` is standard input (as cat, yq and kubectl -f read it). */
export const STDIN = '-';

/**
 * `name:` left out: the file's name without its extension (`scenarios/acme.yaml` is "acme"),
 * "stdin" for a scenario read from standard input.
 */
export function defaultName(path: string): string {
  if (path === STDIN) return 'stdin';
  // the last path segment (no node:path: this module is bundled into the what-if page too)
  return (path.split(/[\\/]/).pop() ?? '').replace(/\.(ya?ml|json)$/i, '') || path;
}
