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

/** Forms people write (issue 15): Loki/Prometheus durations, /d, per day, any case, 50,000. */
describe('units as people write them', () => {
  const TB_DAY = 1e12 / 86400;
  const accepted: [string, Kind, number][] = [
    // Loki's own durations (Prometheus model.ParseDuration: y=365d, w, d, h, m, s, ms)
    ['30d', 'days', 30],
    ['720h', 'days', 30],
    ['1w', 'days', 7],
    ['2w3d', 'days', 17],
    ['1d12h', 'days', 1.5],
    ['1y', 'days', 365],
    ['90m', 'days', 90 / 1440],
    ['30 Days', 'days', 30],
    ['30 d', 'days', 30],
    ['4 wks', 'days', 28],
    ['36 hrs', 'days', 1.5],
    ['1 year', 'days', 365.25],
    // per-time denominators
    ['1TB/d', 'bytesPerSecond', TB_DAY],
    ['1 TB/day', 'bytesPerSecond', TB_DAY],
    ['1 TB / day', 'bytesPerSecond', TB_DAY],
    ['1TB per day', 'bytesPerSecond', TB_DAY],
    ['1 TB a day', 'bytesPerSecond', TB_DAY],
    ['1 TB/Day', 'bytesPerSecond', TB_DAY],
    ['42 GB/h', 'bytesPerSecond', 42e9 / 3600],
    ['42 GB per hour', 'bytesPerSecond', 42e9 / 3600],
    ['1 MB/sec', 'bytesPerSecond', 1e6],
    ['60 MB/min', 'bytesPerSecond', 1e6],
    ['7 TB/week', 'bytesPerSecond', TB_DAY],
    // any case of a prefix where it cannot mean anything else
    ['1 tb/day', 'bytesPerSecond', TB_DAY],
    ['1 tb/d', 'bytesPerSecond', TB_DAY],
    ['1 TiB/d', 'bytesPerSecond', 2 ** 40 / 86400],
    ['1 tib/day', 'bytesPerSecond', 2 ** 40 / 86400],
    ['1 TIB/day', 'bytesPerSecond', 2 ** 40 / 86400],
    ['250 bytes', 'bytes', 250],
    ['1.5 mb', 'bytes', 1.5e6],
    ['10 gib', 'bytes', 10 * 2 ** 30],
    ['2 kB', 'bytes', 2000],
    ['2 kib', 'bytes', 2048],
    // thousands separators, as lokiplan itself prints numbers
    ['50,000 lines/s', 'linesPerSecond', 50000],
    ['1,250,000 lines/min', 'linesPerSecond', 1250000 / 60],
    ['50,000 log lines/s', 'linesPerSecond', 50000],
    ['50000 Lines per second', 'linesPerSecond', 50000],
    ['1,000 GB/day', 'bytesPerSecond', TB_DAY],
    ['1,500.5 MB', 'bytes', 1500.5e6],
    // issue 27 item 5: months of retention (31 days each: Grafana's 744h month), a month of ingest (730 h), Kubernetes suffixes in rates
    ['3 months', 'days', 93],
    ['1 month', 'days', 31],
    ['12 TB/month', 'bytesPerSecond', 12e12 / (730 * 3600)],
    ['12 TB per month', 'bytesPerSecond', 12e12 / (730 * 3600)],
    ['400 Gi/day', 'bytesPerSecond', (400 * 2 ** 30) / 86400],
    ['1 Ti/day', 'bytesPerSecond', 2 ** 40 / 86400],
    ['2 years', 'days', 730.5],
  ];
  it.each(accepted)('%s as %s', (input, kind, want) => {
    expect(Math.abs(parseQuantity(input, kind) - want)).toBeLessThanOrEqual(Math.abs(want) * 1e-12);
  });

  const refused: [string, Kind, RegExp][] = [
    ['1 Gb/day', 'bytesPerSecond', /is ambiguous \(Gb is how bits are written.*\); write 'GB' \(10\^n bytes\) or 'GiB' \(2\^n bytes\)/],
    ['100 Mb', 'bytes', /write 'MB' .* or 'MiB'/],
    ['2 KB', 'bytes', /KB is 1000 bytes in SI and 1024.*write 'kB' \(1000 bytes\) or 'KiB' \(1024 bytes\)/],
    ['1,5 TB/day', 'bytesPerSecond', /ambiguous \(a decimal comma or a thousands separator\); write a dot for decimals \('1\.5'\)/],
    ['1,50 TB/day', 'bytesPerSecond', /decimal comma/],
    ['30 m', 'days', /m is minutes in Loki durations and months elsewhere/],
    ['1 TB/m', 'bytesPerSecond', /ambiguous/],
  ];
  it.each(refused)('refuses %s as %s, naming the forms that work', (input, kind, msg) => {
    expect(() => parseQuantity(input, kind)).toThrow(QuantityError);
    expect(() => parseQuantity(input, kind)).toThrow(msg);
  });

  it('each refusal names a form that is then accepted', () => {
    expect(parseQuantity('1 GB/day', 'bytesPerSecond')).toBeCloseTo(1e9 / 86400, 6);
    expect(parseQuantity('1.5 TB/day', 'bytesPerSecond')).toBeCloseTo(1.5 * TB_DAY, 3);
    expect(parseQuantity('30 days', 'days')).toBe(30);
    expect(parseQuantity('4w', 'days')).toBe(28);
    expect(parseQuantity('720h', 'days')).toBe(30);
    expect(parseQuantity('2 KiB', 'bytes')).toBe(2048);
  });
});

describe('a scenario written the way Loki and people write it plans like the canonical one', () => {
  it('30d, 50,000 lines/s, 250 bytes, 1 tb per day', async () => {
    const { BASE, planOf, scenarioOf } = await import('./helpers.js');
    const canonical = planOf(scenarioOf({ ...BASE, ingest: { rate: '50000 lines/s', avgLineSize: '250 B' }, retention: '30 days' }));
    const casual = planOf(scenarioOf({ ...BASE, ingest: { rate: '50,000 lines/s', avgLineSize: '250 bytes' }, retention: '30d' }));
    expect(casual.totals.monthly).toBe(canonical.totals.monthly);
    const a = planOf(scenarioOf({ ...BASE, ingest: { volume: '1 TB/day' }, retention: '720h' }));
    const b = planOf(scenarioOf({ ...BASE, ingest: { volume: '1 tb per day' }, retention: '30 days' }));
    expect(b.totals.monthly).toBe(a.totals.monthly);
  });
});

describe('the fast path agrees with mathjs bit for bit', () => {
  // fastQuantity skips building mathjs's unit functions (start-up); mathjs stays the reference
  const BYTES = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  const TIMES = ['s', 'minute', 'hour', 'day', 'week'];
  const forms: [string, Kind][] = [
    ...BYTES.map((u): [string, Kind] => [u, 'bytes']),
    ...BYTES.map((u): [string, Kind] => [u, 'memoryGiB']),
    ...BYTES.flatMap((u) => TIMES.map((t): [string, Kind] => [`${u}/${t}`, 'bytesPerSecond'])),
    ...TIMES.map((t): [string, Kind] => [`lines/${t}`, 'linesPerSecond']),
    ...TIMES.map((t): [string, Kind] => [t, 'days']),
  ];
  it('on every unit form it takes, over random and awkward numbers', async () => {
    const { fastQuantity, mathjsQuantity } = await import('../src/scenario/units.js');
    const fc = (await import('fast-check')).default;
    const numbers = fc.oneof(
      fc.double({ min: 0, max: 1e6, noNaN: true }).map((x) => String(x)),
      fc.integer({ min: 0, max: 10 ** 9 }).map(String),
      fc.constantFrom('1.08', '0.1', '0.3', '1e3', '2.5E-1', '.5', '7.', '+3', '-2', '1e-7', '123456789.123'),
    );
    let fastHits = 0;
    fc.assert(
      fc.property(numbers, fc.constantFrom(...forms), (n, [unit, kind]) => {
        const written = `${n} ${unit}`;
        const fast = fastQuantity(written, kind);
        let slow: number | string;
        try {
          slow = mathjsQuantity(written, written, kind as Exclude<Kind, 'cpu' | 'fraction'>);
        } catch (e) {
          slow = (e as Error).message;
        }
        if (fast === null) return true;
        fastHits++;
        expect(Object.is(fast, slow), `${written} (${kind}): fast ${fast}, mathjs ${slow}`).toBe(true);
        return true;
      }),
      { numRuns: 5000 },
    );
    expect(fastHits).toBeGreaterThan(4000);
  });
  it('leaves every other shape to mathjs (wrong kind, other units)', async () => {
    const { fastQuantity } = await import('../src/scenario/units.js');
    expect(fastQuantity('1 TB', 'bytesPerSecond')).toBeNull();
    expect(fastQuantity('1 TB/day', 'bytes')).toBeNull();
    expect(fastQuantity('5 lines', 'linesPerSecond')).toBeNull();
    expect(fastQuantity('3 day/s', 'days')).toBeNull();
    expect(fastQuantity('1 year', 'days')).toBeNull();
    expect(fastQuantity('1 TB/year', 'bytesPerSecond')).toBeNull();
    expect(fastQuantity('1 Tb/day', 'bytesPerSecond')).toBeNull();
  });
});
