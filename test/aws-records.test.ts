/**
 * The real parsers and matching rules on real AWS records (test/fixtures/aws/, provenance in its
 * README): GetProducts items served verbatim by the local fake on 127.0.0.1 to the real Pricing
 * client, spot history through the averaging the live source uses, and Cost Explorer groups
 * through the real Cost Explorer client.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entriesFrom, fetchRegionPrices, parsePriceListItem, pricingPlan, type Product } from '../src/sources/aws-pricing.js';
import { FetchStats } from '../src/sources/aws-common.js';
import { fetchActuals } from '../src/sources/cost-explorer.js';
import { averageSpot, type SpotPoint } from '../src/sources/spot.js';
import { FakeAws } from './fake-aws.js';

type Item = { product: { productFamily?: string; attributes: Record<string, string>; sku: string }; serviceCode: string };
const records = (f: string) => (JSON.parse(readFileSync(`test/fixtures/aws/${f}`, 'utf8')) as { item: Item }[]).map((x) => x.item);
const ec2 = records('AmazonEC2-us-east-1.json');
const ecs = records('AmazonECS-us-east-1.json');
const s3 = records('AmazonS3-us-east-1.json');
const parsed = (items: Item[]) => items.map((i) => parsePriceListItem(JSON.stringify(i), 'recorded'));

/** Price `keys` from recorded products as if each query had returned them all. */
function price(region: string, keys: string[], products: Product[]) {
  const { queries, rules, unknown } = pricingPlan(region, keys);
  expect(unknown).toEqual([]);
  const by = new Map(queries.map((q) => [q.id, products.filter((p) => p.serviceCode === q.serviceCode)]));
  return entriesFrom(by, queries, rules, region);
}

let aws: FakeAws;
beforeAll(async () => {
  const cost = JSON.parse(readFileSync('test/fixtures/aws/service-groups-2024-08-30.json', 'utf8')) as { Groups: unknown[] };
  aws = await new FakeAws({ doc: { regions: {} }, costGroups: cost.Groups }).start();
  for (const i of [...ec2, ...ecs, ...s3]) aws.addRecorded(i);
});
afterAll(async () => {
  await aws.stop();
});

const ctx = () => ({ cache: null, stats: new FetchStats(), env: { ...aws.env(), AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }, now: () => new Date() });

describe('real GetProducts records through the real Pricing client', () => {
  it('EC2: the on-demand p4d.24xlarge wins; its Capacity Block twin (same usagetype, RunInstances:CB, price 0) never does', async () => {
    const got = await fetchRegionPrices('us-east-1', ['ec2.ondemand.p4d.24xlarge'], ctx());
    expect(got.missing).toEqual([]);
    expect(got.prices['ec2.ondemand.p4d.24xlarge']).toMatchObject({ usd: '32.7726', unit: 'hour', pricingCategory: 'on-demand' });
    expect(got.prices['ec2.ondemand.p4d.24xlarge']!.source).toMatch(/AmazonEC2 BoxUsage:p4d\.24xlarge sku \w+/);
  });

  it('Fargate: the x86 Linux vCPU and GB rates (USE1- prefixed even in us-east-1), never the ARM or Windows rows', async () => {
    const got = await fetchRegionPrices('us-east-1', ['compute.vcpu-hour', 'compute.gib-hour'], ctx());
    expect(got.missing).toEqual([]);
    expect(got.prices['compute.vcpu-hour']).toMatchObject({ usd: '0.04048', unit: 'vCPU-hour' });
    expect(got.prices['compute.gib-hour']).toMatchObject({ usd: '0.004445', unit: 'GiB-hour' });
  });

  it('S3: Standard in its three tiers, Standard-IA, Tier1 and Tier2 by usagetype, one query, no productFamily filter', async () => {
    aws.requests.length = 0;
    const got = await fetchRegionPrices('us-east-1', ['s3.storage.STANDARD', 's3.storage.STANDARD_IA', 's3.requests.tier1', 's3.requests.tier2'], ctx());
    expect(got.missing).toEqual([]);
    expect(got.prices['s3.storage.STANDARD']!.tiers).toEqual([{ upTo: '51200', usd: '0.023' }, { upTo: '512000', usd: '0.022' }, { usd: '0.021' }]);
    expect(got.prices['s3.storage.STANDARD_IA']!.usd).toBe('0.0125');
    expect(got.prices['s3.requests.tier1']!.usd).toBe('0.000005');
    expect(got.prices['s3.requests.tier2']!.usd).toBe('0.0000004');
    const req = aws.requests.filter((r) => r.op === 'GetProducts');
    expect(req).toHaveLength(1);
    const filters = (req[0]!.body as { Filters: { Field: string; Value: string }[] }).Filters;
    expect(filters.map((f) => f.Field)).not.toContain('productFamily');
    expect(filters.find((f) => f.Field === 'usagetype')!.Value.split(',')).toEqual(expect.arrayContaining(['Requests-Tier1', 'USE1-Requests-Tier1', 'TimedStorage-ByteHrs']));
  });

  it('a key with no product is missing with its reason, and the keys beside it are still priced', async () => {
    const got = await fetchRegionPrices('us-east-1', ['s3.storage.STANDARD', 's3.storage.GLACIER_IR', 's3.transition.GLACIER_IR'], ctx());
    expect(Object.keys(got.prices)).toEqual(['s3.storage.STANDARD']);
    expect(got.missing.map((m) => m.key)).toEqual(['s3.storage.GLACIER_IR', 's3.transition.GLACIER_IR']);
    expect(got.missing[1]!.reason).toMatch(/Requests-Tier4 \(https:\/\/docs\.aws\.amazon\.com\/AmazonS3\/latest\/userguide\/aws-usage-report-understand\.html\)/);
  });
});

describe('real records fed to the parser directly', () => {
  it('the 2021 m5.large item, without regionCode or marketoption, still parses and prices', () => {
    const got = price('us-east-1', ['ec2.ondemand.m5.large'], parsed(ec2));
    expect(got.prices['ec2.ondemand.m5.large']!.usd).toBe('0.096');
  });

  it('Deep Archive staging and Intelligent-Tiering Deep Archive Access are not Deep Archive storage', () => {
    const got = price('us-east-1', ['s3.storage.DEEP_ARCHIVE'], parsed(s3).map((p) => ({ ...p, serviceCode: 'AmazonS3GlacierDeepArchive' })));
    expect(got.prices).toEqual({});
    expect(got.missing[0]!.reason).toMatch(/none matched/);
  });

  it('2018 EU (Ireland) bulk CSV rows: EU- prefixes, Tier4 transitions into IA and IT at $0.01 per 1,000; Tier3 with an empty operation is not taken for Glacier', () => {
    const doc = JSON.parse(readFileSync('test/fixtures/aws/AmazonS3-eu-west-1-2018-04.json', 'utf8')) as { rows: [string, string, string, string, string, string, string, [string, string, string][]][] };
    const products: Product[] = doc.rows.map(([sku, family, volumeType, group, usagetype, operation, unit, ranges]) => ({
      sku,
      serviceCode: 'AmazonS3',
      productFamily: family,
      attributes: { regionCode: 'eu-west-1', volumeType, group, usagetype, operation },
      publicationDate: '2018-04-04T16:53:11Z',
      onDemand: [{ offerTermCode: 'JRTCKXETXF', effectiveDate: '2018-04-01', dimensions: ranges.map(([b, e, usd], i) => ({ unit, beginRange: b, endRange: e, usd, rateCode: `${sku}.${i}`, description: '' })) }],
    }));
    const got = price('eu-west-1', ['s3.storage.STANDARD', 's3.storage.STANDARD_IA', 's3.storage.GLACIER', 's3.transition.STANDARD_IA', 's3.transition.INTELLIGENT_TIERING', 's3.transition.GLACIER', 's3.requests.tier1'], products);
    expect(got.prices['s3.storage.STANDARD']!.tiers).toEqual([{ upTo: '51200', usd: '0.023' }, { upTo: '512000', usd: '0.022' }, { usd: '0.021' }]);
    expect(got.prices['s3.storage.STANDARD_IA']!.usd).toBe('0.0125'); // not the SmObjects fee row
    expect(got.prices['s3.storage.GLACIER']!.usd).toBe('0.004');
    expect(got.prices['s3.transition.STANDARD_IA']!.usd).toBe('0.00001');
    expect(got.prices['s3.transition.INTELLIGENT_TIERING']!.usd).toBe('0.00001');
    expect(got.prices['s3.requests.tier1']!.usd).toBe('0.000005'); // not the ZIA-Tier1 row
    expect(got.missing.map((m) => m.key)).toEqual(['s3.transition.GLACIER']);
  });
});

describe('real spot history', () => {
  const raw = JSON.parse(readFileSync('test/fixtures/aws/m5.large-us-east-1-2021-02.json', 'utf8')) as { SpotPriceHistory: { AvailabilityZone: string; InstanceType: string; ProductDescription: string; SpotPrice: string; Timestamp: string }[] };
  const points: SpotPoint[] = raw.SpotPriceHistory.map((h) => ({ instanceType: h.InstanceType, zone: h.AvailabilityZone, description: h.ProductDescription, usd: h.SpotPrice, at: new Date(h.Timestamp).toISOString() }));
  it('averages five zones, each within the prices it saw, over the window the points cover', () => {
    const times = points.map((p) => Date.parse(p.at));
    const [start, end] = [Math.min(...times), Math.max(...times)];
    const [avg] = averageSpot(points, ['m5.large'], start, end);
    expect(Object.keys(avg!.zones).sort()).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1f']);
    for (const [z, v] of Object.entries(avg!.zones)) {
      const seen = points.filter((p) => p.zone === z).map((p) => Number(p.usd));
      expect(v).toBeGreaterThanOrEqual(Math.min(...seen));
      expect(v).toBeLessThanOrEqual(Math.max(...seen));
    }
    expect(avg!.usd).toMatch(/^0\.0\d{1,6}$/);
    expect(avg!.points).toBeGreaterThan(200);
  });
});

describe('real Cost Explorer groups through the real client', () => {
  it('sums ten-decimal amounts per service, tiny negatives included, never a string of the sum', async () => {
    const a = await fetchActuals({ key: 'team', value: 'loki' }, 1, new Date('2024-09-15T00:00:00Z'), ctx());
    expect(a.months).toHaveLength(1);
    const m = a.months[0]!;
    expect(m.byService['Amazon Elastic Compute Cloud - Compute']).toBeCloseTo(12.5273401469, 10);
    const cost = JSON.parse(readFileSync('test/fixtures/aws/service-groups-2024-08-30.json', 'utf8')) as { Groups: { Metrics: { UnblendedCost: { Amount: string } } }[] };
    const sum = cost.Groups.reduce((s, g) => s + Number(g.Metrics.UnblendedCost.Amount), 0);
    expect(m.amount).toBeCloseTo(sum, 9);
  });
});
