import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { roundTotals, toCents, toCentsExact, totalCents, usd } from '../src/text/money.js';
import { mulDecimal } from '../src/sources/decimal.js';

/**
 * Spreadsheet rounding: `=ROUND(x, 2)` in Excel, LibreOffice Calc and Google Sheets rounds half away
 * from zero on the decimal the cell shows (ROUND(2.675, 2) = 2.68 and ROUND(1.005, 2) = 1.01, where
 * a naive binary Math.round gives 2.67 and 1.00). Oracle: the exact decimal product rounded half-up.
 */
const halfUpCents = (dec: string): number => {
  const [i, f = ''] = dec.replace('-', '').split('.');
  const cents = BigInt(i! + f.padEnd(2, '0').slice(0, 2)) + (Number(f[2] ?? '0') >= 5 ? 1n : 0n);
  return Number(cents) * (dec.startsWith('-') ? -1 : 1);
};

describe('toCents: half away from zero, as ROUND(x, 2) does', () => {
  const cases: [string, number][] = [
    ['2.816', 282], // 40 x $0.0704, the example
    ['1.005', 101],
    ['2.675', 268],
    ['0.125', 13],
    ['0.005', 1],
    ['0.0049999', 0],
    ['0.004', 0],
    ['-0.005', -1],
    ['-2.675', -268],
    ['1024.5685', 102457],
    ['123456789.125', 12345678913],
    ['0', 0],
  ];
  it.each(cases)('%s -> %i cents', (dec, cents) => {
    expect(toCents(Number(dec))).toBe(cents);
    expect(halfUpCents(dec)).toBe(cents);
  });

  it('quantity x unit price rounds like the exact decimal product', () => {
    const prices = ['0.0704', '0.023', '0.0125', '0.01', '0.1008', '0.000004', '0.0000004', '0.2016', '0.08', '0.045'];
    const quantities = ['40', '730', '29200', '3.5', '1.5', '1250', '7', '10', '2190', '0.5', '15'];
    for (const p of prices) {
      for (const q of quantities) {
        expect(toCents(Number(q) * Number(p)), `${q} x ${p}`).toBe(halfUpCents(mulDecimal(q, p)));
      }
    }
  });
});

describe('toCents fast path: the same cents as rounding the 15-digit form', () => {
  it('agrees with toCentsExact on any double, on amounts near half a cent, and on products of prices', () => {
    fc.assert(fc.property(fc.double({ noNaN: false }), (v) => Object.is(toCents(v), toCentsExact(v))), { numRuns: 20000 });
    // amounts a hair either side of half a cent, where the two could differ
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: -64, max: 64 }), (c, ulps) => {
        let v = (c + 0.5) / 100;
        for (let i = 0; i < Math.abs(ulps); i++) v = ulps > 0 ? v + Number.EPSILON * Math.max(1, Math.abs(v)) : v - Number.EPSILON * Math.max(1, Math.abs(v));
        return Object.is(toCents(v), toCentsExact(v));
      }),
      { numRuns: 20000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), (q, p) => {
        const v = (q / 100) * (p / 1e6);
        return Object.is(toCents(v), toCentsExact(v));
      }),
      { numRuns: 20000 },
    );
  });
});

describe('roundTotals: lines rounded on their own, totals the sum of rounded lines', () => {
  it('three lines of 0.6 cents show 1 cent each and a total of 3 cents (not round(1.8) = 2)', () => {
    const lines = [
      { monthlyCost: 0.006, category: 'a' },
      { monthlyCost: 0.006, category: 'b' },
      { monthlyCost: 0.006, category: 'b' },
    ];
    const r = roundTotals(lines, ['a', 'b']);
    expect(r.lines).toEqual([1, 1, 1]);
    expect(r.byCategory).toEqual({ a: 1, b: 2 });
    expect(r.total).toBe(3);
    expect(totalCents(lines)).toBe(3);
  });

  it('a line rounds the same whatever lines are beside it', () => {
    const line = { monthlyCost: 40 * 0.0704, category: 'compute' };
    const others = [[], [{ monthlyCost: 0.004, category: 'compute' }], [{ monthlyCost: 0.333, category: 's3' }, { monthlyCost: 7.777, category: 's3' }]];
    for (const o of others) expect(roundTotals([line, ...o], ['compute', 's3']).lines[0]).toBe(282);
  });

  it('formats cents', () => {
    expect(usd(123456789)).toBe('$1,234,567.89');
    expect(usd(-5)).toBe('-$0.05');
  });
});
