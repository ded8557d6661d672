import { describe, expect, it } from 'vitest';
import { allocateCents, roundTotals, toCents, usd } from '../src/report/money.js';

describe('allocateCents', () => {
  const cases: number[][] = [
    [0.005, 0.005, 0.005],
    [1 / 3, 1 / 3, 1 / 3],
    [208.2075, 1024.5685, 0.10222, 32.85],
    [0.004, 0.004, 0.004, 0.004],
    [],
  ];
  it.each(cases.map((c) => [c]))('rounded parts add up to the rounded sum: %j', (amounts) => {
    const cents = allocateCents(amounts);
    expect(cents.reduce((a, b) => a + b, 0)).toBe(toCents(amounts.reduce((a, b) => a + b, 0)));
    cents.forEach((c, i) => expect(Math.abs(c - amounts[i]! * 100)).toBeLessThan(1));
  });
  it('categories and total are sums of the line cents', () => {
    const r = roundTotals(
      [
        { monthlyCost: 0.006, category: 'a' },
        { monthlyCost: 0.006, category: 'b' },
        { monthlyCost: 0.006, category: 'b' },
      ],
      ['a', 'b'],
    );
    expect(r.total).toBe(2);
    expect(r.byCategory['a']! + r.byCategory['b']!).toBe(r.total);
  });
  it('formats cents', () => {
    expect(usd(123456789)).toBe('$1,234,567.89');
    expect(usd(-5)).toBe('-$0.05');
  });
});
