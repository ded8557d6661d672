import { describe, expect, it } from 'vitest';
import { parseAxisValues, parseLowHigh, WhatIfError } from '../src/whatif/values.js';
import { resolvePath } from '../src/whatif/fields.js';
import { safeText, csvRows } from '../src/report/whatif-csv.js';
import { draw, mulberry32, percentile } from '../src/whatif/montecarlo.js';

describe('axis values', () => {
  it.each([
    ['7,14,30,90', '30 days', ['7 days', '14 days', '30 days', '90 days']],
    ['7,14 days,2 weeks', '30 days', ['7 days', '14 days', '2 weeks']],
    ['0..100%:25%', '100%', ['0%', '25%', '50%', '75%', '100%']],
    ['1..2:0.5', 5, ['1', '1.5', '2']],
    ['0.1..0.3:0.1', 5, ['0.1', '0.2', '0.3']],
    ['simple-scalable,monolithic', undefined, ['simple-scalable', 'monolithic']],
  ])('%s (current %s)', (spec, current, labels) => {
    expect(parseAxisValues(spec, current, 'x').map((v) => v.label)).toEqual(labels);
  });
  it('keeps numbers numeric where the field is a number', () => {
    expect(parseAxisValues('3,4', 5, 'x').map((v) => v.value)).toEqual([3, 4]);
  });
  it.each([
    ['', /empty value list/],
    ['7,,14', /empty item/],
    ['90..7:7', /inverted/],
    ['1..10', /needs a step/],
    ['1..10:0', /step must be greater than 0/],
    ['1 GB..10 TB:1 GB', /use one unit/],
  ])('rejects %j', (spec, msg) => {
    expect(() => parseAxisValues(spec, '30 days', 'x')).toThrow(WhatIfError);
    expect(() => parseAxisValues(spec, '30 days', 'x')).toThrow(msg);
  });
  it('low..high and low..mode..high', () => {
    const r = parseLowHigh('1 TB..2..4 TB', undefined, 'x');
    expect([r.low.label, r.mode?.label, r.high.label]).toEqual(['1 TB', '2 TB', '4 TB']);
    expect(() => parseLowHigh('10..5', 5, 'x')).toThrow(/inverted/);
    expect(() => parseLowHigh('5..11..10', 5, 'x')).toThrow(/mode/);
  });
});

describe('field paths', () => {
  it.each([
    ['spot.read', ['compute', 'spot', 'read']],
    ['retention', ['retention']],
    ['storage.lifecycle[1].after', ['storage', 'lifecycle', 1, 'after']],
    ['prices.overrides.compute.vcpu-hour', ['prices', 'overrides', 'compute.vcpu-hour']],
    ['compressionRatio', ['storage', 'compressionRatio']],
  ])('%s', (p, segs) => expect(resolvePath(p).segs).toEqual(segs));
  it('rejects an unknown top-level field', () => expect(() => resolvePath('retnetion')).toThrow(/unknown field "retnetion"/));
});

describe('csv cells', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-x', "'-x"],
    ['@a', "'@a"],
    ['\tx', "'\tx"],
    ['-12.50', '-12.50'],
    ['plain', 'plain'],
  ])('%j -> %j', (i, o) => expect(safeText(i)).toBe(o));
  it('quotes commas and quotes', () => expect(csvRows([['a,b', 'say "hi"', 3]])).toBe('"a,b","say ""hi""",3\n'));
});

describe('random draws', () => {
  it('mulberry32 is reproducible for a seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
  it('triangular inverse CDF hits min, mode and max', () => {
    const d = { kind: 'triangular' as const, min: 5, mode: 7, max: 10 };
    expect(draw(d, 0)).toBe(5);
    expect(draw(d, (7 - 5) / (10 - 5))).toBeCloseTo(7, 9);
    expect(draw(d, 1)).toBeCloseTo(10, 9);
    const u = { kind: 'uniform' as const, min: 2, max: 4 };
    expect(draw(u, 0.5)).toBe(3);
  });
  it('nearest-rank percentile', () => {
    const s = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([percentile(s, 0.1), percentile(s, 0.5), percentile(s, 0.9)]).toEqual([1, 5, 9]);
  });
});
