import { describe, expect, it } from 'vitest';
import { parseQuantity, QuantityError, type Kind } from '../src/scenario/units.js';

describe('parseQuantity', () => {
  const ok: [unknown, Kind, number][] = [
    ['1 TB/day', 'bytesPerSecond', 1e12 / 86400],
    ['12 MB/s', 'bytesPerSecond', 12e6],
    ['1 TiB/day', 'bytesPerSecond', 2 ** 40 / 86400],
    ['50000 lines/s', 'linesPerSecond', 50000],
    ['3000000 logs/minute', 'linesPerSecond', 50000],
    ['250 B', 'bytes', 250],
    ['10 GiB', 'bytes', 10 * 2 ** 30],
    ['10Gi', 'bytes', 10 * 2 ** 30],
    ['1.5 MB', 'bytes', 1.5e6],
    ['30 days', 'days', 30],
    ['2 weeks', 'days', 14],
    ['36 hours', 'days', 1.5],
    ['500m', 'cpu', 0.5],
    [2, 'cpu', 2],
    ['1Gi', 'memoryGiB', 1],
    ['512Mi', 'memoryGiB', 0.5],
    ['6 GiB', 'memoryGiB', 6],
    ['70%', 'fraction', 0.7],
    [0.25, 'fraction', 0.25],
  ];
  it.each(ok)('%s as %s', (input, kind, want) => {
    const got = parseQuantity(input, kind);
    expect(Math.abs(got - want)).toBeLessThanOrEqual(Math.abs(want) * 1e-12);
  });

  const bad: [unknown, Kind, RegExp][] = [
    ['5 foo', 'bytes', /cannot parse "5 foo"/],
    ['30 days', 'bytes', /not a size/],
    ['1 TB', 'bytesPerSecond', /not a data rate/],
    [30, 'days', /needs a unit/],
    ['lots', 'cpu', /not a CPU quantity/],
    ['1Gi', 'cpu', /not a CPU quantity/],
    ['half', 'fraction', /not a percentage/],
    [{ a: 1 }, 'bytes', /expected a quantity/],
  ];
  it.each(bad)('rejects %j as %s', (input, kind, msg) => {
    expect(() => parseQuantity(input, kind)).toThrow(QuantityError);
    expect(() => parseQuantity(input, kind)).toThrow(msg);
  });
});
