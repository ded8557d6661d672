/**
 * Golden files that cannot pass blindly, through this one helper (issue 25 item 5). A test compares
 * what the code produces with the committed file and fails with a unified line diff (the `diff`
 * package: removed duplicates and reorders show, unlike a set difference). The update path never
 * compares a file with itself: it prints the diff and writes only the files named, a golden whose
 * money changed is written only when its name is also in UPDATE_GOLDEN_MONEY, and nothing is ever
 * written when CI is set (CI=true): there a difference is always a failure.
 *
 *   UPDATE_GOLDEN=microservices npx vitest run test/golden-modes.test.ts      # sizing changes only
 *   UPDATE_GOLDEN=microservices UPDATE_GOLDEN_MONEY=microservices npx vitest run test/golden-modes.test.ts
 *
 * (UPDATE_GOLDEN=all names every golden; UPDATE_GOLDEN_MONEY takes names only, never "all".)
 */
import { structuredPatch } from 'diff';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const names = (v: string | undefined) => new Set((v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

/** CI is set (any value but empty, 0 or false), as CI services set it. */
export const inCi = (env: Record<string, string | undefined>): boolean => !['', '0', 'false'].includes((env['CI'] ?? '').trim().toLowerCase());

/** A unified line diff (hunks with 2 lines of context), at most 80 lines. */
export function lineDiff(before: string, after: string): string {
  const patch = structuredPatch('golden', 'actual', before, after, undefined, undefined, { context: 2 });
  const out = patch.hunks.flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines]);
  return out.length > 80 ? [...out.slice(0, 80), `... ${out.length - 80} more`].join('\n') : out.join('\n');
}

/**
 * Check (or, when named, update) one golden file. `money` extracts the money part of a text
 * (null: the whole text is money); a change there needs the name in UPDATE_GOLDEN_MONEY too.
 * Returns a message when the test must fail, or null.
 */
export function golden(name: string, path: string, actual: string, money: ((text: string) => string) | null, env: Record<string, string | undefined> = process.env): string | null {
  const update = names(env['UPDATE_GOLDEN']);
  const moneyOk = names(env['UPDATE_GOLDEN_MONEY']);
  const exists = existsSync(path);
  const old = exists ? readFileSync(path, 'utf8') : '';
  if (exists && old === actual) return null;
  const diff = exists ? lineDiff(old, actual) : '(new file)';
  if (!(update.has(name) || update.has('all'))) {
    return `${name}: ${exists ? 'differs from' : 'missing'} ${path}\n${diff}\nafter an intended change: UPDATE_GOLDEN=${name} (and UPDATE_GOLDEN_MONEY=${name} if money changed)`;
  }
  if (inCi(env)) return `${name}: differs from ${path}, not written: goldens are never updated where CI is set (CI=${env['CI']}); update them locally and commit the diff\n${diff}`;
  const moneyChanged = !exists || (money ? money(old) !== money(actual) : true);
  if (moneyChanged && !moneyOk.has(name)) {
    return `${name}: money changed, not written: review the diff and rerun with UPDATE_GOLDEN_MONEY=${name} to accept it\n${diff}`;
  }
  console.log(`updating golden ${name} (${path}):\n${diff}`);
  writeFileSync(path, actual);
  return null;
}
