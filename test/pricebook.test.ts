/**
 * Hostile price books (--prices FILE): negative, zero, NaN, missing, duplicated or ambiguous
 * prices, another currency, a date in the future. Each is rejected with the key named, and the book
 * is never used: loading fails before any plan is priced.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPriceBookFile, priceBooks } from '../src/commands/io.js';
import { PriceBookError, PriceNotFoundError } from '../src/errors.js';
import { plan } from '../src/model/plan.js';
import { duplicateKeyPath } from '../src/sources/jsonkeys.js';
import { BASE, ROOT, scenarioOf } from './helpers.js';

const SNAPSHOT = readFileSync(resolve(ROOT, 'src/sources/snapshot.json'), 'utf8');
const KEY = 'ec2.ondemand.m7i.xlarge';
type Book = { currency: string; regions: Record<string, { asOf: string; prices: Record<string, Record<string, unknown>> }> };
const edit = (f: (b: Book) => void): string => {
  const b = JSON.parse(SNAPSHOT) as Book;
  f(b);
  return JSON.stringify(b, null, 1);
};
const entry = (b: Book) => b.regions['us-east-1']!.prices[KEY]!;
const file = (text: string) => {
  const p = join(mkdtempSync(join(tmpdir(), 'lokiplan-book-')), 'prices.json');
  writeFileSync(p, text);
  return p;
};

describe('a hostile price book is rejected with the key named', () => {
  const cases: [string, string, RegExp][] = [
    ['negative', edit((b) => (entry(b)['usd'] = '-0.2016')), /prices\.ec2\.ondemand\.m7i\.xlarge\.usd: must be a decimal string/],
    ['zero', edit((b) => (entry(b)['usd'] = '0.0000')), /prices\.ec2\.ondemand\.m7i\.xlarge: price must be a positive finite number, got "0.0000"/],
    ['NaN', edit((b) => (entry(b)['usd'] = 'NaN')), /prices\.ec2\.ondemand\.m7i\.xlarge\.usd: must be a decimal string/],
    ['a number, not an exact decimal string', edit((b) => (entry(b)['usd'] = 0.2016)), /prices\.ec2\.ondemand\.m7i\.xlarge\.usd/],
    ['infinite', edit((b) => (entry(b)['usd'] = '9'.repeat(400))), /prices\.ec2\.ondemand\.m7i\.xlarge: price must be a positive finite number/],
    [
      'duplicated (JSON keeps the last silently)',
      SNAPSHOT.replace(`"${KEY}": {`, `"${KEY}": {"unit": "hour", "usd": "0.0001", "source": "typo"},\n"${KEY}": {`),
      /regions\.us-east-1\.prices\.ec2\.ondemand\.m7i\.xlarge: appears twice in the same object/,
    ],
    ['ambiguous: twins by case', edit((b) => (b.regions['us-east-1']!.prices[KEY.toUpperCase()] = { ...entry(b) })), /EC2\.ONDEMAND\.M7I\.XLARGE: ambiguous: also given as "ec2\.ondemand\.m7i\.xlarge"/],
    ['ambiguous: an invisible twin', edit((b) => (b.regions['us-east-1']!.prices[KEY.replace('.', '.\u200b')] = { ...entry(b) })), /"ec2\.\\u200bondemand\.m7i\.xlarge": is not a plain key/],
    ['ambiguous: both usd and tiers', edit((b) => (entry(b)['tiers'] = [{ usd: '0.1' }])), /prices\.ec2\.ondemand\.m7i\.xlarge: needs exactly one of usd or tiers/],
    ['ambiguous: a monthly price where the model bills hours', edit((b) => (entry(b)['unit'] = 'month')), /prices\.ec2\.ondemand\.m7i\.xlarge\.unit: is "month", but the model prices ec2\.ondemand\.m7i\.xlarge per hour/],
    ['tiers with a gap', edit((b) => {
      delete entry(b)['usd'];
      entry(b)['tiers'] = [{ upTo: '10', usd: '0.1' }, { upTo: '5', usd: '0.2' }, { usd: '0.3' }];
    }), /prices\.ec2\.ondemand\.m7i\.xlarge: .*tier 1 is empty or inverted/],
    ['another currency', edit((b) => (b.currency = 'EUR')), /currency: only USD price books are supported, got "EUR"/],
    ['a region dated in the future', edit((b) => (b.regions['us-east-1']!.asOf = '2999-01')), /regions\.us-east-1\.asOf: as-of date 2999-01 is in the future/],
    ['a price dated in the future', edit((b) => (entry(b)['asOf'] = '2999-01-01')), /prices\.ec2\.ondemand\.m7i\.xlarge\.asOf: as-of date 2999-01-01 is in the future/],
    ['an impossible date', edit((b) => (b.regions['us-east-1']!.asOf = '2026-02-30')), /regions\.us-east-1\.asOf: must be a date/],
    ['an extra field', edit((b) => (entry(b)['discount'] = '10%')), /prices\.ec2\.ondemand\.m7i\.xlarge: Unrecognized key: "discount"/],
  ];
  it.each(cases)('%s', (_, text, msg) => {
    const p = file(text);
    expect(() => loadPriceBookFile(p, new Date())).toThrow(PriceBookError);
    expect(() => loadPriceBookFile(p, new Date())).toThrow(msg);
    // never used: the CLI's price source fails before any plan is priced
    expect(() => priceBooks(p, new Date())).toThrow(PriceBookError);
  });

  it('a missing price is an error naming the key when the model needs it, never zero', () => {
    const books = priceBooks(file(edit((b) => delete b.regions["us-east-1"]!.prices[KEY])), new Date());
    const s = scenarioOf({ ...BASE, compute: { instanceTypes: [KEY.replace('ec2.ondemand.', '')] } });
    expect(() => plan(s, books)).toThrow(PriceNotFoundError);
    expect(() => plan(s, books)).toThrow(`price '${KEY}' not found for us-east-1`);
  });

  it('the unmodified snapshot, as a file, is accepted', () => {
    expect(() => loadPriceBookFile(file(SNAPSHOT), new Date())).not.toThrow();
  });
});

describe('duplicateKeyPath', () => {
  const cases: [string, string[] | null][] = [
    ['{"a": 1, "b": 2}', null],
    ['{"a": 1, "a": 2}', ['a']],
    ['{"a": {"x": 1}, "b": {"x": 1, "y": {"z": 1, "z": 2}}}', ['b', 'y', 'z']],
    ['[{"k": 1}, {"k": 1, "k": 2}]', ['1', 'k']],
    ['{"a": "\\"a\\"", "\\u0061": 2}', ['a']], // the same key written with an escape
    ['{"s": "{\\"a\\": 1, \\"a\\": 2}"}', null], // keys inside a string are text
    ['{"a": [1, {"b": 1}], "c": {"b": 2}}', null],
  ];
  it.each(cases)('%s -> %j', (text, want) => {
    JSON.parse(text); // only ever called on text JSON.parse accepted
    expect(duplicateKeyPath(text)).toEqual(want);
  });
});
