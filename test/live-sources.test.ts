/** Pure parts of the live sources: spot averaging, exact decimals, commitments, the cache. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan } from '../src/model/plan.js';
import { cacheKey, ResponseCache } from '../src/sources/cache.js';
import { discountDecimal, divDecimal, normDecimal } from '../src/sources/decimal.js';
import { parsePriceBookDocument, priceBookFrom, type PriceBookDocument } from '../src/sources/pricebook.js';
import { snapshotDocument } from '../src/sources/snapshot.js';
import { averageSpot } from '../src/sources/spot.js';
import { withNegotiated } from '../src/sources/policy.js';
import { BASE, scenarioOf } from './helpers.js';

describe('spot averages', () => {
  const H = 3600_000;
  const t0 = Date.parse('2026-10-01T00:00:00Z');
  const at = (h: number) => new Date(t0 + h * H).toISOString();
  const pt = (zone: string, h: number, usd: string, description = 'Linux/UNIX') => ({ instanceType: 'm7i.xlarge', zone, description, usd, at: at(h) });

  it('weights each price by how long it held inside the window, then averages the zones', () => {
    const points = [
      pt('a', -5, '0.10'), // in effect when the window opens
      pt('a', 6, '0.20'), // 6 h at 0.10, then 18 h at 0.20 -> 0.175
      pt('b', 0, '0.08'), // flat 0.08
    ];
    const [r] = averageSpot(points, ['m7i.xlarge'], t0, t0 + 24 * H);
    expect(r!.zones['a']).toBeCloseTo(0.175, 12);
    expect(r!.zones['b']).toBeCloseTo(0.08, 12);
    expect(r!.usd).toBe('0.1275');
  });
  it('prefers Linux/UNIX over the VPC description in a zone that reports both', () => {
    const [r] = averageSpot([pt('a', 0, '0.5', 'Linux/UNIX (Amazon VPC)'), pt('a', 0, '0.1')], ['m7i.xlarge'], t0, t0 + H);
    expect(r!.usd).toBe('0.1');
  });
  it('a type with no history is an error, not a zero', () => {
    expect(() => averageSpot([], ['m7i.xlarge'], t0, t0 + H)).toThrow(/no Linux\/UNIX prices for m7i.xlarge/);
  });
});

describe('exact decimals', () => {
  it.each([
    ['0.2016000000', '0.2016'],
    ['0.10', '0.1'],
    ['40.9600000000', '40.96'],
    ['0', '0'],
  ])('normDecimal(%s) = %s', (a, b) => expect(normDecimal(a)).toBe(b));
  it('divides GiBps-month to MiBps-month exactly and applies discounts exactly', () => {
    expect(divDecimal('40.96', 1024)).toBe('0.04');
    expect(divDecimal('49.152', 1024)).toBe('0.048');
    expect(discountDecimal('0.2016', '28')).toBe('0.145152');
    expect(discountDecimal('0.1028', '5')).toBe('0.09766');
  });
});

describe('commitments and enterprise discounts in a price book', () => {
  const overlay = (region: object): PriceBookDocument =>
    parsePriceBookDocument({ format: 'lokiplan-prices/1', currency: 'USD', regions: { 'us-east-1': { asOf: '2026-10-01', prices: {}, ...region } } }, 'test');

  it('derives ec2.committed.<type> from a percentage or a rate, and says so', () => {
    const doc = withNegotiated(
      snapshotDocument(),
      overlay({
        commitments: {
          m7i: { kind: 'savings-plan', discountPercent: '28', term: '1 year', source: 'quote' },
          m7g: { kind: 'reserved-instance', rates: { 'm7g.xlarge': '0.1028' }, source: 'RI' },
        },
      }),
    );
    const book = priceBookFrom(doc, 'us-east-1', 'test');
    const sp = book.get('ec2.committed.m7i.xlarge');
    expect(sp).toMatchObject({ pricingCategory: 'committed', tiers: [{ usd: '0.145152' }] });
    expect(sp.source).toMatch(/savings-plan \(1 year\): 28% off on-demand \$0\.2016/);
    expect(book.get('ec2.committed.m7g.xlarge').tiers[0]!.usd).toBe('0.1028');
    expect(book.has('ec2.committed.m7g.2xlarge')).toBe(false);
    expect(() => book.get('ec2.committed.c7i.xlarge')).toThrow(/no commitment for instance family c7i/);
  });
  it('an enterprise discount applies to every price, tiers included', () => {
    const doc = withNegotiated(snapshotDocument(), overlay({ enterpriseDiscount: { percent: '10', source: 'EDP' } }));
    const book = priceBookFrom(doc, 'us-east-1', 'test');
    expect(book.get('s3.storage.STANDARD').tiers.map((t) => t.usd)).toEqual(['0.0207', '0.0198', '0.0189']);
    expect(book.get('ec2.ondemand.m7i.xlarge').source).toMatch(/less 10% enterprise discount \(EDP\)/);
  });
  it('rejects a commitment with both or neither of a rate and a percentage, or a rate outside its family', () => {
    expect(() => overlay({ commitments: { m7i: { kind: 'savings-plan', source: 'x' } } })).toThrow(/commitments\.m7i: needs exactly one/);
    expect(() => overlay({ commitments: { m7i: { kind: 'savings-plan', discountPercent: '120', source: 'x' } } })).toThrow(/between 0 and 100/);
    expect(() => overlay({ commitments: { m7i: { kind: 'reserved-instance', rates: { 'm7g.xlarge': '0.1' }, source: 'x' } } })).toThrow(/not in instance family m7i/);
  });
  it("a target's committed share runs on its own node group priced as committed", () => {
    const doc = withNegotiated(snapshotDocument(), overlay({ commitments: { m7g: { kind: 'savings-plan', discountPercent: '30', source: 'q' }, m7i: { kind: 'savings-plan', discountPercent: '30', source: 'q' } } }));
    const s = scenarioOf({ ...BASE, compute: { ...BASE.compute, committed: { write: '100%' } } });
    const p = plan(s, (r) => priceBookFrom(doc, r, 'test'));
    const write = p.topology.targets.find((t) => t.name === 'write')!;
    expect(write.committedReplicas).toBe(write.replicas);
    const committed = p.lines.filter((l) => l.pricingCategory === 'committed');
    expect(committed.length).toBeGreaterThan(0);
    expect(committed.every((l) => l.priceKey.startsWith('ec2.committed.'))).toBe(true);
    expect(p.lines.filter((l) => l.component === 'compute').every((l) => ['on-demand', 'spot', 'committed'].includes(l.pricingCategory))).toBe(true);
  });
  it('spot and committed shares cannot exceed 100% together', () => {
    expect(() => scenarioOf({ ...BASE, compute: { ...BASE.compute, spot: { write: '50%' }, committed: { write: '60%' } } })).toThrow(/compute\.committed\.write: spot and committed shares/);
  });
});

describe('response cache', () => {
  const req = { api: 'pricing:GetProducts', ServiceCode: 'AmazonEC2', Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' }] };
  it('keys on every filter field, honours the TTL and --refresh', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lokiplan-cache-'));
    let now = Date.parse('2026-10-01T00:00:00Z');
    const c = new ResponseCache({ dir, ttl: 3600, refresh: false, now: () => now });
    c.put(req, new Date(now).toISOString(), ['x']);
    expect(c.get(req, Array.isArray as (d: unknown) => d is string[])?.data).toEqual(['x']);
    expect(c.get({ ...req, Filters: [{ ...req.Filters[0]!, Value: 'us-west-2' }] }, Array.isArray as (d: unknown) => d is string[])).toBeNull();
    expect(c.get({ ...req, Filters: [{ ...req.Filters[0]!, Type: 'EQUALS' }] }, Array.isArray as (d: unknown) => d is string[])).toBeNull();
    expect(cacheKey({ b: 1, a: 2 })).toBe(cacheKey({ a: 2, b: 1 }));
    now += 3601_000;
    expect(c.get(req, Array.isArray as (d: unknown) => d is string[])).toBeNull();
    now -= 2000_000;
    expect(new ResponseCache({ dir, ttl: 3600, refresh: true, now: () => now }).get(req, Array.isArray as (d: unknown) => d is string[])).toBeNull();
  });
});
