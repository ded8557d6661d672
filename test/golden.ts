/**
 * Golden files that cannot pass blindly. A test compares what the code produces with the committed
 * file and fails with a diff. The update path never compares a file with itself: it prints the diff
 * and writes only the files named, and a golden whose money changed is written only when its name
 * is also in UPDATE_GOLDEN_MONEY:
 *
 *   UPDATE_GOLDEN=microservices npx vitest run test/golden-modes.test.ts      # sizing changes only
 *   UPDATE_GOLDEN=microservices UPDATE_GOLDEN_MONEY=microservices npx vitest run test/golden-modes.test.ts
 *
 * (UPDATE_GOLDEN=all names every golden; UPDATE_GOLDEN_MONEY takes names only, never "all".)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const names = (v: string | undefined) => new Set((v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

/** A line diff: the lines only in the old text (-) and only in the new (+), in order, at most 60. */
export function lineDiff(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const inB = new Set(b);
  const inA = new Set(a);
  const out = [...a.filter((l) => !inB.has(l)).map((l) => `- ${l}`), ...b.filter((l) => !inA.has(l)).map((l) => `+ ${l}`)];
  return out.length > 60 ? [...out.slice(0, 60), `... ${out.length - 60} more`].join('\n') : out.join('\n');
}

/**
 * Check (or, when named, update) one golden file. `money` extracts the money part of a text
 * (null: the whole text is money); a change there needs the name in UPDATE_GOLDEN_MONEY too.
 * Returns a message when the test must fail, or null.
 */
export function golden(name: string, path: string, actual: string, money: ((text: string) => string) | null, env = process.env): string | null {
  const update = names(env['UPDATE_GOLDEN']);
  const moneyOk = names(env['UPDATE_GOLDEN_MONEY']);
  const exists = existsSync(path);
  const old = exists ? readFileSync(path, 'utf8') : '';
  if (exists && old === actual) return null;
  const diff = exists ? lineDiff(old, actual) : '(new file)';
  if (!(update.has(name) || update.has('all'))) {
    return `${name}: ${exists ? 'differs from' : 'missing'} ${path}\n${diff}\nafter an intended change: UPDATE_GOLDEN=${name} (and UPDATE_GOLDEN_MONEY=${name} if money changed)`;
  }
  const moneyChanged = !exists || (money ? money(old) !== money(actual) : true);
  if (moneyChanged && !moneyOk.has(name)) {
    return `${name}: money changed, not written: review the diff and rerun with UPDATE_GOLDEN_MONEY=${name} to accept it\n${diff}`;
  }
  console.log(`updating golden ${name} (${path}):\n${diff}`);
  writeFileSync(path, actual);
  return null;
}
