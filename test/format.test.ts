import { describe, expect, it } from 'vitest';
import { fmtNum, fmtUsd } from '../src/model/format.js';

describe('fmtNum', () => {
  it.each([
    [0, '0'],
    [1.23456, '1.23'],
    [0.000005, '0.000005'],
    [999.95, '1000'],
    [1234567.8, '1,234,568'],
    [-2500, '-2,500'],
    [5e-324, '5e-324'], // subnormal: the fast scaling overflows, the fallback keeps it finite
    [1e-310, '1e-310'],
  ])('%s -> %s', (v, want) => {
    expect(fmtNum(v)).toBe(want);
  });
  it('formats dollars without Intl', () => {
    expect(fmtUsd(1234.5)).toBe('$1,234.50');
    expect(fmtUsd(-0.004)).toBe('$0.00');
  });
});
