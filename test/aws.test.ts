/**
 * Live AWS sources through the real SDK clients against a local server (test/fake-aws.ts) on
 * 127.0.0.1 that speaks the Pricing, EC2 and Cost Explorer wire formats. No other address is used.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import snapshot from '../src/sources/snapshot.json' with { type: 'json' };
import { cli, spawnCliAsync } from './helpers.js';
import { FakeAws } from './fake-aws.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lokiplan-aws-'));
let aws: FakeAws;
let home: string;

/** Dummy credentials, local endpoints, a private cache and no host AWS config. */
function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...aws.env(),
    HOME: home,
    XDG_CACHE_HOME: join(home, 'cache'),
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_MAX_ATTEMPTS: '3',
    ...extra,
  };
}

beforeAll(async () => {
  aws = await new FakeAws().start();
});
afterAll(async () => {
  await aws.stop();
});
beforeEach(() => {
  home = tmp();
  aws.faults = [];
  aws.requests.length = 0;
});

/** One clear line on stderr, exit 2, no stack trace, no report. */
function expectOneLine(r: { code: number | null; stdout: string; stderr: string }, msg: RegExp) {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(msg);
  expect(r.stderr).not.toMatch(/\n\s+at |node:internal|NodeVersionSupportWarning/);
  expect(r.stdout).toBe('');
}

const planLines = (j: { lines: { id: string; quantity: number; unitPriceUsd: string; monthlyCost: number; pricingCategory: string }[] }) =>
  j.lines.map((l) => [l.id, l.quantity, l.unitPriceUsd, l.monthlyCost, l.pricingCategory]);

describe('prices refresh against the local Price List', () => {
  it.each(['us-east-1', 'eu-west-1', 'eu-central-1'])('%s: the refreshed snapshot has every embedded price and plans identically', async (region) => {
    const out = join(tmp(), 'prices.json');
    const r = await cli(['prices', 'refresh', '--region', region, '--out', out], { env: env() });
    expect(r.stderr).toMatch(new RegExp(`wrote 53 prices for ${region} to .*\\(\\d+ requests`));
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    const embedded = (snapshot as { regions: Record<string, { prices: Record<string, { usd?: string; tiers?: unknown }> }> }).regions[region]!.prices;
    const got = doc.regions[region].prices as Record<string, { usd?: string; tiers?: unknown; sku?: string; source: string }>;
    expect(Object.keys(got).sort()).toEqual(Object.keys(embedded).sort());
    for (const [k, e] of Object.entries(embedded)) {
      // the same decimal ("0.10" and "0.1" are one price)
      const norm = (x: { usd?: string; tiers?: unknown }) => ({ usd: x.usd === undefined ? undefined : Number(x.usd), tiers: JSON.parse(JSON.stringify(x.tiers ?? null), (_, v) => (typeof v === 'string' ? Number(v) : v)) });
      expect({ k, ...norm(got[k]!) }).toEqual({ k, ...norm(e) });
      if (!k.startsWith('ec2.spot.')) expect(got[k]!.sku, k).toMatch(/^FAKE/);
    }
    expect(doc.regions[region].spotWindow).toMatch(/^7 days to \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    const scenario = join(tmp(), 's.yaml');
    writeFileSync(scenario, readFileSync('scenarios/ghost-protocol.yaml', 'utf8').replace(/^region: .*$/m, `region: ${region}`));
    const a = await cli(['plan', scenario, '-f', 'json'], { env: env() });
    const b = await cli(['plan', scenario, '-f', 'json', '--prices', out], { env: env() });
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const ja = JSON.parse(a.stdout).plans[0];
    const jb = JSON.parse(b.stdout).plans[0];
    expect(planLines(jb)).toEqual(planLines(ja));
    expect(jb.totals).toEqual(ja.totals);
    expect(jb.baseline.totals).toEqual(ja.baseline.totals);
  });

  it('a whole region costs at most 12 requests, one per query, with ANY_OF for the instance types', async () => {
    const r = await cli(['prices', 'refresh', '--region', 'us-east-1', '--scenario', 'scenarios/ghost-protocol.yaml'], { env: env() });
    expect(r.code).toBe(0);
    expect(aws.requests.length).toBeLessThanOrEqual(12);
    const ec2 = aws.requests.find((x) => x.op === 'GetProducts' && (x.body as { ServiceCode: string }).ServiceCode === 'AmazonEC2')!.body as { Filters: { Type: string; Field: string; Value: string }[] };
    expect(ec2.Filters).toContainEqual({ Type: 'ANY_OF', Field: 'instanceType', Value: 'm7g.xlarge,m7i.2xlarge,m7i.xlarge' });
    for (const f of ['operatingSystem', 'tenancy', 'preInstalledSw', 'capacitystatus', 'licenseModel', 'marketoption', 'regionCode']) {
      expect(ec2.Filters.map((x) => x.Field)).toContain(f);
    }
    const spot = aws.requests.filter((x) => x.op === 'DescribeSpotPriceHistory');
    expect(spot).toHaveLength(1);
    expect(spot[0]!.body).toMatchObject({ 'InstanceType.1': 'm7g.xlarge', 'ProductDescription.1': 'Linux/UNIX' });
    expect(JSON.parse(r.stdout).regions['us-east-1'].prices['ec2.spot.m7i.xlarge'].source).toMatch(/mean of 3 zones/);
  });

  it('follows NextToken through every page and reads every tier', async () => {
    const paged = await new FakeAws({ pageSize: 2, spotPageSize: 4 }).start();
    try {
      const e = { ...env(), ...paged.env() };
      const r = await cli(['prices', 'refresh', '--region', 'us-east-1', '--instance-types', 'm7i.xlarge,m7i.2xlarge,m7g.xlarge'], { env: e });
      expect(r.code).toBe(0);
      const tokens = paged.requests.filter((x) => (x.body as { NextToken?: string }).NextToken);
      expect(tokens.length).toBeGreaterThan(3);
      expect(paged.requests.filter((x) => x.op === 'DescribeSpotPriceHistory').length).toBeGreaterThan(1);
      const p = JSON.parse(r.stdout).regions['us-east-1'].prices;
      expect(p['s3.storage.STANDARD'].tiers).toEqual([
        { upTo: '51200', usd: '0.023' },
        { upTo: '512000', usd: '0.022' },
        { usd: '0.021' },
      ]);
      expect(p['ec2.ondemand.m7g.xlarge'].usd).toBe('0.1632');
    } finally {
      await paged.stop();
    }
  });
});

describe('failures: one clear line, exit 2', () => {
  it('retries throttling with backoff, then succeeds', async () => {
    aws.faults = [{ op: 'GetProducts', kind: 'throttle', times: 2 }];
    const r = await cli(['prices', 'refresh', '--region', 'us-east-1', '--instance-types', 'm7i.xlarge'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\(\+2 retries\)/);
    expect(aws.faults[0]!.times).toBe(0);
  });
  it('gives up when throttling persists', async () => {
    aws.faults = [{ op: 'GetProducts', kind: 'throttle', times: 100 }];
    const r = await cli(['prices', 'refresh', '--region', 'us-east-1'], { env: env({ AWS_MAX_ATTEMPTS: '2' }) });
    expectOneLine(r, /throttled .* after 2 attempts with backoff: wait a minute and retry/);
    expect(aws.count('GetProducts')).toBe(2);
  });
  const cases: [string, FakeAws['faults'][number], RegExp][] = [
    ['access denied', { op: 'GetProducts', kind: 'deny', times: 1 }, /access denied .*needs the IAM permission pricing:GetProducts/],
    ['expired credentials', { op: 'GetProducts', kind: 'expired', times: 1 }, /credentials are expired or invalid .*refresh them/],
    ['malformed price JSON', { op: 'GetProducts', kind: 'malformed', times: 1 }, /malformed price JSON from the AWS Pricing API/],
    ['a body that is not JSON', { op: 'GetProducts', kind: 'badjson', times: 1 }, /AWS Pricing API .*(cannot read|malformed)/],
    ['spot access denied', { op: 'DescribeSpotPriceHistory', kind: 'deny', times: 1 }, /needs the IAM permission ec2:DescribeSpotPriceHistory/],
    ['malformed spot XML', { op: 'DescribeSpotPriceHistory', kind: 'malformed', times: 1 }, /EC2 spot price history.*(cannot read|malformed|failed)/],
  ];
  it.each(cases)('%s', async (_, fault, msg) => {
    aws.faults = [fault];
    expectOneLine(await cli(['prices', 'refresh', '--region', 'us-east-1'], { env: env() }), msg);
  });
  it('time-outs', async () => {
    aws.faults = [{ op: 'GetProducts', kind: 'hang', times: 5 }];
    const r = await cli(['prices', 'refresh', '--region', 'us-east-1'], { env: env({ LOKIPLAN_AWS_TIMEOUT_MS: '300', AWS_MAX_ATTEMPTS: '1' }) });
    expectOneLine(r, /timed out waiting for AWS/);
  });
  it('no credentials anywhere in the chain', async () => {
    const e = env();
    delete e['AWS_ACCESS_KEY_ID'];
    delete e['AWS_SECRET_ACCESS_KEY'];
    // spawned: the SDK's default credential chain reads the process's own environment and files
    const r = await spawnCliAsync(['prices', 'refresh', '--region', 'us-east-1'], { env: e });
    expectOneLine(r, /no AWS credentials found .*AWS_PROFILE/);
    expect(aws.requests).toHaveLength(0);
  });
  it('a region the Pricing API does not know', async () => {
    expectOneLine(await cli(['prices', 'refresh', '--region', 'mars-north-1'], { env: env() }), /unknown AWS region "mars-north-1"/);
  });
  it('a region with no products', async () => {
    expectOneLine(await cli(['prices', 'refresh', '--region', 'ap-south-2'], { env: env() }), /no (EC2 )?prices for region "ap-south-2"/);
  });
  it('ambiguous matches name the SKUs', async () => {
    const dup = await new FakeAws().start();
    try {
      dup.addProduct('us-east-1', { serviceCode: 'AmazonEC2', productFamily: 'Storage', attributes: { volumeApiName: 'gp3', usagetype: 'EBS:VolumeUsage.gp3', servicecode: 'AmazonEC2' }, unit: 'GB-Mo', dims: [{ begin: '0', end: 'Inf', usd: '0.0900000000' }] });
      const r = await cli(['prices', 'refresh', '--region', 'us-east-1'], { env: { ...env(), ...dup.env() } });
      expectOneLine(r, /ambiguous price for ebs\.gp3\.storage .*sku FAKE\w+ .*\$0\.08.*sku FAKE\w+ .*\$0\.09/);
    } finally {
      await dup.stop();
    }
  });
});

describe('refresh writes atomically and merges', () => {
  it('a failed refresh leaves the old file byte-identical; a good one replaces only its region', async () => {
    const out = join(tmp(), 'prices.json');
    const old = `${JSON.stringify(snapshot, null, 1)}\n`;
    writeFileSync(out, old);
    aws.faults = [{ op: 'GetProducts', kind: 'deny', times: 1 }];
    expect((await cli(['prices', 'refresh', '--region', 'us-east-1', '--out', out], { env: env() })).code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe(old);
    const r = await cli(['prices', 'refresh', '--region', 'us-east-1', '--out', out], { env: env() });
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(doc.regions)).toEqual(Object.keys((snapshot as { regions: object }).regions));
    expect(doc.regions['us-east-1'].fetchedAt).toBeTruthy();
    expect(doc.regions['eu-west-1']).toEqual((snapshot as { regions: Record<string, unknown> }).regions['eu-west-1']);
  });
});

describe('plan --prices live', () => {
  it('caches every response: a second run makes no requests', async () => {
    const first = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', 'live'], { env: env() });
    expect(first.code).toBe(0);
    const n = aws.requests.length;
    expect(n).toBeGreaterThan(0);
    expect(first.stdout).toMatch(/prices: aws-price-list-api \(us-east-1\) fetched \d{4}-.*; spot: average over 7 days/);
    const second = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', 'live', '-f', 'json'], { env: env() });
    expect(second.code).toBe(0);
    expect(aws.requests.length).toBe(n);
    expect(second.stderr).toMatch(/0 requests, 0 pages, \d+ from cache/);
    const j = JSON.parse(second.stdout).plans[0];
    expect(j.prices).toMatchObject({ source: 'aws-price-list-api', region: 'us-east-1' });
    expect(j.prices.fetchedAt).toBeTruthy();
    expect(j.prices.spotWindow).toMatch(/7 days/);
    const node = j.lines.find((l: { id: string }) => l.id.startsWith('compute.nodes.on-demand.'));
    expect(node.sku).toMatch(/^FAKE/);
    expect(node.priceKey).toMatch(/^ec2\.ondemand\./);
    const third = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', 'live', '--refresh'], { env: env() });
    expect(third.code).toBe(0);
    expect(aws.requests.length).toBeGreaterThan(n);
  });
  it('fails without --fallback, and says so in the report with --fallback snapshot', async () => {
    aws.faults = [{ op: 'GetProducts', kind: 'deny', times: 2 }];
    expectOneLine(await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', 'live'], { env: env() }), /access denied/);
    const r = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', 'live', '--fallback', 'snapshot', '-f', 'json'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/live prices failed, using the embedded snapshot \(--fallback snapshot\): .*access denied/);
    const j = JSON.parse(r.stdout).plans[0];
    expect(j.prices.source).toBe('snapshot');
    expect(j.prices.note).toMatch(/^FALLBACK: live AWS prices failed/);
  });
});

describe('actual spend from Cost Explorer', () => {
  it('actuals --tag: monthly spend by service for complete months', async () => {
    const r = await cli(['actuals', '--tag', 'app=loki', '--months', '2', '-f', 'json'], { env: env() });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.months).toHaveLength(2);
    expect(j.monthlyAverage).toBeCloseTo(812.4 + 95.12 + 40, 2);
    const req = aws.requests.find((x) => x.op === 'GetCostAndUsage')!.body as Record<string, unknown>;
    expect(req).toMatchObject({ Granularity: 'MONTHLY', Metrics: ['UnblendedCost'], Filter: { Tags: { Key: 'app', Values: ['loki'], MatchOptions: ['EQUALS'] } }, GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }] });
    expect(r.stderr).toMatch(/\$0\.01 per request/);
  });
  it('plan --actuals shows the baseline beside its actual spend with the variance', async () => {
    const r = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--actuals', 'app=loki', '-f', 'json'], { env: env() });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout).plans[0];
    expect(j.actuals.modelledSide).toBe('baseline');
    expect(j.actuals.modelledMonthly).toBeCloseTo(j.baseline.totals.monthly, 4);
    expect(j.actuals.variance).toBeCloseTo(j.actuals.modelledMonthly - j.actuals.actualMonthly, 4);
    const t = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--actuals', 'app=loki'], { env: env() });
    expect(t.stdout).toMatch(/actual spend, tag app=loki: \$947\.52\/month/);
    expect(t.stdout).toMatch(/baseline modelled: .*variance \(modelled - actual\)/);
  });
  it('access denied names ce:GetCostAndUsage; a bad tag is one line', async () => {
    aws.faults = [{ op: 'GetCostAndUsage', kind: 'deny', times: 1 }];
    expectOneLine(await cli(['actuals', '--tag', 'app=loki'], { env: env() }), /ce:GetCostAndUsage/);
    expectOneLine(await cli(['actuals', '--tag', 'loki'], { env: env() }), /--tag must be KEY=VALUE/);
  });
  it('malformed amounts are an error, never a zero', async () => {
    aws.faults = [{ op: 'GetCostAndUsage', kind: 'malformed', times: 1 }];
    expectOneLine(await cli(['actuals', '--tag', 'app=loki'], { env: env() }), /malformed amount "lots"/);
  });
});

describe('prices show', () => {
  it('lists every price with its category, SKU and source', async () => {
    const r = await cli(['prices', 'show', '--region', 'us-east-1', '--prices', 'live', '--instance-types', 'm7i.xlarge', '-f', 'json'], { env: env() });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const byKey = Object.fromEntries(j.prices.map((p: { key: string }) => [p.key, p]));
    expect(byKey['ec2.ondemand.m7i.xlarge']).toMatchObject({ usd: '0.2016', category: 'on-demand', sku: expect.stringMatching(/^FAKE/) });
    expect(byKey['ec2.spot.m7i.xlarge']).toMatchObject({ category: 'spot', source: expect.stringMatching(/DescribeSpotPriceHistory/) });
    expect(byKey['ebs.gp3.throughput']).toMatchObject({ usd: '0.04', unit: 'MiBps-month' });
    expect(existsSync(join(home, 'cache', 'lokiplan'))).toBe(true);
  });
});
