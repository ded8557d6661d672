/**
 * Live AWS sources through the real SDK clients against a local server (test/fake-aws.ts) on
 * 127.0.0.1 that speaks the Pricing, EC2 and Cost Explorer wire formats. No other address is used.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { snapshotBook, snapshotDocument } from '../src/sources/snapshot.js';
import { ALL_INSTANCE_TYPES, fetchableKeys } from '../src/sources/live.js';
import { fetchRegionPrices, pricingPlan } from '../src/sources/aws-pricing.js';
import { FetchStats } from '../src/sources/aws-common.js';
import { cli, spawnCliAsync } from './helpers.js';

const snapshot = snapshotDocument();
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
    // every embedded price but the Glacier IR transition, which the Price List (like the real one) lacks
    // (50 before the network keys: NAT gateway, interface endpoint, CloudTrail, KMS add 7; the Standard-IA and
    // Glacier IR GET and retrieval prices of issue 17 add 4)
    expect(r.stderr).toMatch(new RegExp(`wrote 61 prices for ${region} to .*; 1 not found .*\\(\\d+ requests`));
    expect(r.stderr).toMatch(/not found: s3\.transition\.GLACIER_IR: .*Requests-Tier4/);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    const book = snapshotBook(region);
    const got = doc.regions[region].prices as Record<string, { usd?: string; tiers?: { upTo?: string; usd: string }[]; sku?: string; source: string }>;
    expect(Object.keys(doc.regions[region].missing)).toEqual(['s3.transition.GLACIER_IR']);
    const want = fetchableKeys(ALL_INSTANCE_TYPES()).filter((k) => k !== 's3.transition.GLACIER_IR');
    expect(Object.keys(got).sort()).toEqual([...want].sort());
    for (const k of want) {
      // the same decimal ("0.10" and "0.1" are one price), derived spot estimates included
      const e = book.get(k);
      const tiers = (x: { usd?: string; tiers?: { upTo?: string; usd: string }[] }) => (x.tiers ?? [{ usd: x.usd! }]).map((t) => Number(t.usd));
      expect({ k, usd: tiers(got[k]!) }).toEqual({ k, usd: e.tiers.map((t) => t.value) });
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

  it('ghost-protocol costs at most 12 requests, one per query (CloudTrail too: the design records S3 data events), with ANY_OF for the instance types', async () => {
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

  it('EBS gp3 and the NAT gateway in one AmazonEC2 query price what their own queries price (the gp2 volume beside gp3 never matches)', async () => {
    const ctx = () => ({ cache: null, stats: new FetchStats(), env: env(), now: () => new Date() });
    const ebs = ['ebs.gp3.storage'];
    const nat = ['vpc.nat-gateway.hour', 'vpc.nat-gateway.gb'];
    const alone = { ...(await fetchRegionPrices('us-east-1', ebs, ctx())).prices, ...(await fetchRegionPrices('us-east-1', nat, ctx())).prices };
    aws.requests.length = 0;
    const both = await fetchRegionPrices('us-east-1', [...ebs, ...nat], ctx());
    expect(both.missing).toEqual([]);
    expect(both.prices).toEqual(alone);
    expect(aws.requests).toHaveLength(1);
    expect((aws.requests[0]!.body as { Filters: unknown[] }).Filters).toContainEqual({ Type: 'ANY_OF', Field: 'productFamily', Value: 'NAT Gateway,Storage' });
    expect(pricingPlan('us-east-1', ebs).queries.map((q) => q.filters)).toEqual([
      [
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
        { Type: 'TERM_MATCH', Field: 'volumeApiName', Value: 'gp3' },
        { Type: 'TERM_MATCH', Field: 'productFamily', Value: 'Storage' },
      ],
    ]);
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
  it.each([
    ['an endless Price List response', 'endless', 'more than that was sent'],
    ['a Price List response declaring 2 GiB', 'huge-declared', 'Content-Length 2147483648'],
  ] as const)('%s: refused at 64 MiB, in one line, without buffering it (issue 30)', async (_, kind, why) => {
    aws.faults = [{ op: 'GetProducts', kind, times: 1 }];
    const r = await cli(['prices', 'refresh', '--region', 'us-east-1'], { env: env({ AWS_MAX_ATTEMPTS: '1' }) });
    expectOneLine(r, new RegExp(`AWS Pricing API.*the response is larger than ${64 << 20} bytes \\(${why}\\)`));
    expect(aws.count('GetProducts')).toBe(1);
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
  it('an ambiguous key is missing with the SKUs named; the refresh fails only when a named scenario needs it', async () => {
    const dup = await new FakeAws().start();
    try {
      dup.addProduct('us-east-1', { serviceCode: 'AmazonEC2', productFamily: 'Storage', attributes: { volumeApiName: 'gp3', usagetype: 'EBS:VolumeUsage.gp3', servicecode: 'AmazonEC2' }, unit: 'GB-Mo', dims: [{ begin: '0', end: 'Inf', usd: '0.0900000000' }] });
      const ok = await cli(['prices', 'refresh', '--region', 'us-east-1'], { env: { ...env(), ...dup.env() } });
      expect(ok.code).toBe(0);
      const doc = JSON.parse(ok.stdout);
      expect(doc.regions['us-east-1'].missing['ebs.gp3.storage']).toMatch(/ambiguous price for gp3 storage .*sku FAKE\w+ .*\$0\.08.*sku FAKE\w+ .*\$0\.09/);
      expect(doc.regions['us-east-1'].prices['ebs.gp3.storage']).toBeUndefined();
      expect(doc.regions['us-east-1'].prices['s3.requests.tier1']).toBeDefined();
      const bad = await cli(['prices', 'refresh', '--region', 'us-east-1', '--scenario', 'scenarios/ghost-protocol.yaml'], { env: { ...env(), ...dup.env() } });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/prices refresh: ebs\.gp3\.storage \(needed by scenarios\/ghost-protocol\.yaml\) was not found in us-east-1: ambiguous/);
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
    expect(Object.keys(doc.regions)).toEqual(Object.keys(snapshot.regions));
    expect(doc.regions['us-east-1'].fetchedAt).toBeTruthy();
    expect(doc.regions['eu-west-1']).toEqual(snapshot.regions['eu-west-1']);
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
    expect(byKey['s3.transition.GLACIER_IR']).toMatchObject({ usd: 'MISSING', source: expect.stringMatching(/Requests-Tier4/) });
    expect(r.stderr).toMatch(/1 price\(s\) missing in aws-price-list-api .*s3\.transition\.GLACIER_IR/);
    expect(existsSync(join(home, 'cache', 'lokiplan'))).toBe(true);
  });
});

describe('a cache that cannot lie (issue 18 item 3)', () => {
  const cacheDir = () => join(home, 'cache', 'lokiplan');
  const entries = () => readdirSync(cacheDir()).filter((f) => f.endsWith('.json')).map((f) => join(cacheDir(), f));
  const onDemand = (stdout: string) => JSON.parse(stdout).plans[0].lines.find((l: { id: string }) => l.id.startsWith('compute.nodes.on-demand.')).unitPriceUsd;

  it('a hand-edited price entry is discarded and refetched, never used; the plan says cache or fetched', async () => {
    const first = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', 'live', '-f', 'json'], { env: env() });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).plans[0].prices.note).toMatch(/fetched from AWS by this run/);
    const price = onDemand(first.stdout);
    // make EC2 cheap in every cached response that carries the price
    let edited = 0;
    for (const f of entries()) {
      const text = readFileSync(f, 'utf8');
      const cheap = text.replace(/\\"USD\\":\\"0\.2016000000\\"/g, '\\"USD\\":\\"0.0001000000\\"');
      if (cheap !== text) writeFileSync(f, cheap), edited++;
    }
    expect(edited).toBeGreaterThan(0);
    const n = aws.requests.length;
    const second = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', 'live', '-f', 'json'], { env: env() });
    expect(second.code, second.stderr).toBe(0);
    expect(onDemand(second.stdout)).toBe(price);
    expect(aws.requests.length).toBe(n + edited); // exactly the edited entries were fetched again
    expect(JSON.parse(second.stdout).plans[0].prices.note).toMatch(/\d+ of \d+ responses from the local cache, the oldest fetched \d{4}-/);
    const third = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', 'live'], { env: env() });
    expect(third.stdout).toMatch(/live prices: all responses from the local cache/);
  });
  it('entries that are a FIFO, a link to /dev/zero or a link to a valid entry are discarded and refetched, never waited on or followed (issue 30)', async () => {
    expect((await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', 'live'], { env: env() })).code).toBe(0);
    const all = entries();
    expect(all.length).toBeGreaterThan(2);
    const valid = join(home, 'valid-entry.json');
    renameSync(all[0]!, valid);
    const kinds = all.map((f, i) => {
      rmSync(f, { force: true });
      if (i % 3 === 0) spawnSync('mkfifo', [f]);
      else if (i % 3 === 1) symlinkSync('/dev/zero', f);
      else symlinkSync(valid, f);
      return lstatSync(f).isFIFO() ? 'fifo' : 'link';
    });
    expect(kinds).toContain('fifo');
    const n = aws.requests.length;
    const r = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', 'live'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(aws.requests.length).toBe(n + all.length); // every planted entry fetched again
    for (const f of all) expect(lstatSync(f).isFile()).toBe(true); // replaced by real entries
    expect(readFileSync(valid, 'utf8')).toMatch(/lokiplan-cache/); // what a link pointed to is untouched
  });
  it('an entry of valid JSON but the wrong shape is refetched, not an internal error', async () => {
    expect((await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', 'live'], { env: env() })).code).toBe(0);
    for (const f of entries()) writeFileSync(f, JSON.stringify({ format: 'lokiplan-cache/2', request: {}, fetchedAt: 'x', data: { not: 'an array' }, sha256: 'y' }));
    const r = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', 'live'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stdout).toMatch(/fetched from AWS by this run/);
  });
  it('two accounts never see each other\'s spend; another endpoint is never served from the first one\'s cache', async () => {
    expect((await cli(['actuals', '--tag', 'app=loki'], { env: env() })).code).toBe(0);
    expect(aws.count('GetCostAndUsage')).toBe(1);
    expect((await cli(['actuals', '--tag', 'app=loki'], { env: env() })).code).toBe(0);
    expect(aws.count('GetCostAndUsage')).toBe(1); // same account: cached
    const b = await cli(['actuals', '--tag', 'app=loki', '-f', 'json'], { env: env({ AWS_ACCESS_KEY_ID: 'AKIDOTHERACCOUNT1', AWS_SECRET_ACCESS_KEY: 'other' }) });
    expect(b.code, b.stderr).toBe(0);
    expect(aws.count('GetCostAndUsage')).toBe(2); // other account: fetched for it
    expect(JSON.parse(b.stdout).source).toMatch(/fetched from AWS by this run/);
    const other = await new FakeAws().start();
    try {
      const r = await cli(['actuals', '--tag', 'app=loki'], { env: { ...env(), ...other.env() } });
      expect(r.code, r.stderr).toBe(0);
      expect(other.count('GetCostAndUsage')).toBe(1); // other endpoint, same keys: fetched there
    } finally {
      await other.stop();
    }
  });
  it.each([
    ['a file where the cache directory goes', () => { writeFileSync(join(home, 'blocker'), 'x'); return join(home, 'blocker'); }],
    ['/proc/self (must not hang)', () => '/proc/self'],
    ['a directory inside a file', () => { writeFileSync(join(home, 'f'), 'x'); return join(home, 'f', 'sub'); }],
  ])('%s: runs uncached with one warning', async (_, at) => {
    const r = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', 'live'], { env: env({ XDG_CACHE_HOME: at() }) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/warning: cannot use the cache directory/g)).toHaveLength(1);
    expect(r.stdout).toMatch(/fetched from AWS by this run/);
  });
  it('two refreshes of different regions into one file, at once: both land', async () => {
    const out = join(tmp(), 'prices.json');
    const [a, b] = await Promise.all([
      cli(['prices', 'refresh', '--region', 'us-east-1', '--instance-types', 'm7i.xlarge', '--out', out], { env: env() }),
      cli(['prices', 'refresh', '--region', 'eu-west-1', '--instance-types', 'm7i.xlarge', '--out', out], { env: env() }),
    ]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    expect(Object.keys(JSON.parse(readFileSync(out, 'utf8')).regions).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(existsSync(`${out}.lock`)).toBe(false);
  });
});

describe('actual spend labelled honestly (issue 18 item 4)', () => {
  const with_ = async (opts: ConstructorParameters<typeof FakeAws>[0], args: string[]) => {
    const f = await new FakeAws(opts).start();
    try {
      return await cli(args, { env: { ...env(), ...f.env() } });
    } finally {
      await f.stop();
    }
  };
  it.each(['1e308', '-1e308', '1000000001'])('an amount of %s: one line, exit 2, never $Infinity (issue 30)', async (amt) => {
    const r = await with_({ costs: { S3: amt } }, ['actuals', '--tag', 'app=loki']);
    expectOneLine(r, /Cost Explorer .*beyond \$1,000,000,000\.00 a month/);
  });
  it('estimated months are marked and left out of the complete-month average', async () => {
    const j = await with_({ estimatedLast: 1, costs: { S3: '100.00' } }, ['actuals', '--tag', 'app=loki', '--months', '3', '-f', 'json']);
    expect(j.code, j.stderr).toBe(0);
    const body = JSON.parse(j.stdout);
    expect(body.months.map((m: { estimated: boolean }) => m.estimated)).toEqual([false, false, true]);
    expect(body.completeMonths).toBe(2);
    const t = await with_({ estimatedLast: 1, costs: { S3: '100.00' } }, ['actuals', '--tag', 'app=loki', '--months', '3']);
    expect(t.stdout).toMatch(/\(est\.\)/);
    expect(t.stdout).toMatch(/left out of the average of 2 complete months/);
    const p = await with_({ estimatedLast: 1, costs: { S3: '100.00' } }, ['plan', 'scenarios/ghost-protocol.yaml', '--actuals', 'app=loki']);
    expect(p.stdout).toMatch(/mean of 2 complete months: .* estimated, left out\)/);
  });
  it('an estimate-only window is said in words, not averaged', async () => {
    const r = await with_({ estimatedLast: 5 }, ['actuals', '--tag', 'app=loki', '--months', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/every month .* as estimated: no complete month/);
  });
  it('no data or an inactive tag is said in words, never $0.00 of actual spend', async () => {
    for (const args of [['actuals', '--tag', 'app=loki'], ['plan', 'scenarios/ghost-protocol.yaml', '--actuals', 'app=loki']]) {
      const r = await with_({ costs: {} }, args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no spend for tag app=loki .*not activated as a cost allocation tag/);
      expect(r.stdout).not.toMatch(/\$0\.00\/month/);
    }
  });
  it('months outside the window asked for are refused', async () => {
    const r = await with_({ extraMonth: true }, ['actuals', '--tag', 'app=loki', '--months', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/outside the months asked for/);
  });
});

describe('plan --prices live, key by key', () => {
  /** A fake AWS whose catalogue lacks some snapshot keys (products AWS does not list). */
  async function without(keys: string[]) {
    const doc = structuredClone(snapshot) as { regions: Record<string, { prices: Record<string, unknown> }> };
    for (const b of Object.values(doc.regions)) for (const k of keys) delete b.prices[k];
    return new FakeAws({ doc: doc as never }).start();
  }
  const glacierIr = () => {
    const f = join(tmp(), 'gir.yaml');
    writeFileSync(f, readFileSync('scenarios/ghost-protocol.yaml', 'utf8').replace('{ after: 30 days, class: INTELLIGENT_TIERING }', '{ after: 10 days, class: GLACIER_IR }'));
    return f;
  };

  it('fetches only what the scenario needs: without NLB, EKS, Fargate or Deep Archive products, ghost-protocol prices live', async () => {
    const fake = await without(['elb.nlb.hour', 'elb.nlb.lcu', 'eks.cluster', 'compute.vcpu-hour', 'compute.gib-hour', 's3.storage.DEEP_ARCHIVE', 'ec2.ondemand.r7g.xlarge']);
    try {
      const r = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', 'live', '-f', 'json'], { env: { ...env(), ...fake.env() } });
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout).plans[0];
      expect(j.prices.source).toBe('aws-price-list-api');
      // no fallback: the note says only where the prices came from (the cache or this run)
      expect(j.prices.note).not.toMatch(/FALLBACK/);
      expect(j.prices.note).toMatch(/fetched from AWS by this run|from the local cache/);
      expect(j.lines.every((l: { priceSource: string }) => /AWS Price List API|DescribeSpotPriceHistory/.test(l.priceSource))).toBe(true);
      const services = new Set(fake.requests.filter((x) => x.op === 'GetProducts').map((x) => (x.body as { ServiceCode: string }).ServiceCode));
      // CloudTrail: the design records S3 data events (audit.cloudTrailDataEvents)
      expect([...services].sort()).toEqual(['AWSCloudTrail', 'AWSDataTransfer', 'AmazonEC2', 'AmazonS3']);
    } finally {
      await fake.stop();
    }
  });

  it('refresh without a product writes the book and lists what it could not find', async () => {
    const fake = await without(['eks.cluster']);
    try {
      const r = await cli(['prices', 'refresh', '--region', 'eu-west-1'], { env: { ...env(), ...fake.env() } });
      expect(r.code).toBe(0);
      const body = JSON.parse(r.stdout).regions['eu-west-1'];
      expect(Object.keys(body.missing).sort()).toEqual(['eks.cluster', 's3.transition.GLACIER_IR']);
      expect(body.missing['eks.cluster']).toMatch(/no product for EKS cluster, standard support in eu-west-1/);
      expect(body.prices['ec2.ondemand.m7i.xlarge']).toBeDefined();
      expect(r.stderr).toMatch(/not found: eks\.cluster: /);
    } finally {
      await fake.stop();
    }
  });

  it('a needed key that is missing is exit 2 naming it; --fallback snapshot prices that key alone from the snapshot and says so on its line', async () => {
    const f = glacierIr();
    const bad = await cli(['plan', f, '--prices', 'live'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/live prices: s3\.transition\.GLACIER_IR is needed but was not found in us-east-1: .*Requests-Tier4.*--fallback snapshot/);
    const r = await cli(['plan', f, '--prices', 'live', '--fallback', 'snapshot', '-f', 'json'], { env: env() });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout).plans[0];
    expect(j.prices.source).toBe('aws-price-list-api');
    expect(j.prices.note).toMatch(/^FALLBACK: s3\.transition\.GLACIER_IR from the embedded snapshot/);
    const t = j.lines.find((l: { priceKey: string }) => l.priceKey === 's3.transition.GLACIER_IR');
    expect(t.priceSource).toMatch(/^SNAPSHOT FALLBACK \(live: no product/);
    const others = j.lines.filter((l: { priceKey: string }) => l.priceKey !== 's3.transition.GLACIER_IR');
    expect(others.every((l: { priceSource: string }) => /AWS Price List API|DescribeSpotPriceHistory/.test(l.priceSource))).toBe(true);
  });
});

describe('network keys from the local Price List', () => {
  it('NAT gateway, interface endpoint (tiers), CloudTrail and KMS: the snapshot prices, matched past their look-alikes', async () => {
    const aws = await new FakeAws().start();
    try {
      const r = await cli(['prices', 'refresh', '--region', 'eu-west-1', '--instance-types', 'm7i.xlarge'], { env: { ...env(), ...aws.env() } });
      expect(r.code).toBe(0);
      const p = JSON.parse(r.stdout).regions['eu-west-1'].prices;
      expect(p['vpc.nat-gateway.hour'].usd).toBe('0.048'); // not the RegionalNatGateway look-alike at 3x
      expect(p['vpc.nat-gateway.gb'].usd).toBe('0.048');
      expect(p['vpc.endpoint.interface.hour'].usd).toBe('0.011');
      expect(p['vpc.endpoint.interface.gb'].tiers).toEqual([{ upTo: '1000000', usd: '0.01' }, { upTo: '5000000', usd: '0.006' }, { usd: '0.004' }]);
      expect(p['cloudtrail.data-events'].usd).toBe('0.000001'); // not management events at 20x
      expect(p['kms.requests'].usd).toBe('0.000003'); // not asymmetric requests at 5x
      expect(p['kms.key'].usd).toBe('1');
      const codes = new Set(aws.requests.filter((x) => x.op === 'GetProducts').map((x) => (x.body as { ServiceCode: string }).ServiceCode));
      for (const c of ['AmazonVPC', 'AWSCloudTrail', 'awskms']) expect(codes).toContain(c);
    } finally {
      await aws.stop();
    }
  });
});
