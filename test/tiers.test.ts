import { describe, expect, it } from 'vitest';
import { splitTiers, type PriceTier } from '../src/model/prices.js';

const t = (from: number, to: number | null, usd: string): PriceTier => ({ from, to, usd, value: Number(usd) });
// S3 Standard, us-east-1: first 50 TB, next 450 TB, over 500 TB (GB-month)
const S3 = [t(0, 51200, '0.023'), t(51200, 512000, '0.022'), t(512000, null, '0.021')];

describe('splitTiers', () => {
  const cases: [number, number[], number][] = [
    [0, [0], 0],
    [1000, [1000], 23],
    [51200, [51200], 1177.6],
    [60000, [51200, 8800], 1177.6 + 193.6],
    [512000, [51200, 460800], 1177.6 + 10137.6],
    [600000, [51200, 460800, 88000], 1177.6 + 10137.6 + 1848],
  ];
  it.each(cases)('%d GB-month', (q, quantities, cost) => {
    const slices = splitTiers(q, S3);
    expect(slices.map((s) => s.quantity)).toEqual(quantities);
    expect(slices.reduce((a, s) => a + s.cost, 0)).toBeCloseTo(cost, 6);
  });

  it('rejects a gap between tiers', () => {
    expect(() => splitTiers(10, [t(0, 10, '1'), t(20, null, '1')])).toThrow(/starts at 20, expected 10/);
  });
  it('rejects a quantity beyond a closed last tier rather than pricing it at zero', () => {
    expect(() => splitTiers(20, [t(0, 10, '1')])).toThrow(/exceeds the last tier/);
  });
  it('rejects negative and non-finite quantities', () => {
    expect(() => splitTiers(-1, S3)).toThrow(/finite number >= 0/);
    expect(() => splitTiers(NaN, S3)).toThrow(/finite number >= 0/);
  });
});
