/**
 * plan --alternatives with live prices: the CloudWatch Logs and OpenSearch instance keys from the
 * Price List (rules in src/sources/aws-pricing.ts, CW_LOGS_USAGE and OPENSEARCH_INSTANCE_FAMILY),
 * through the real Pricing client against the local fake on 127.0.0.1 (test/fake-aws.ts builds
 * the products from the shipped alternatives snapshot, with look-alike rows a loose rule would
 * take). No public GetProducts record of AmazonCloudWatch or AmazonES was found to replay here
 * (test/fixtures/aws/README.md): the products follow the attributes the rules cite.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alternatives, ALTERNATIVE_IDS } from '../src/model/alternatives.js';
import { ALTERNATIVE_LIVE_KEYS, familyOf, neededKeys } from '../src/model/price-catalogue.js';
import type { Price } from '../src/model/prices.js';
import { workload } from '../src/model/workload.js';
import { ALTERNATIVE_DEFAULTS } from '../src/scenario/normalise.js';
import { FetchStats } from '../src/sources/aws-common.js';
import { fetchRegionPrices, pricingPlan } from '../src/sources/aws-pricing.js';
import { alternativePrices, alternativesLookup } from '../src/sources/alternatives.js';
import { snapshotBook } from '../src/sources/snapshot.js';
import { FakeAws } from './fake-aws.js';
import { cli, scenarioFile } from './helpers.js';

const LIVE = Object.values(ALTERNATIVE_LIVE_KEYS).flat();
const KEYS = [...new Set(LIVE)];
const settings = { include: ALTERNATIVE_IDS, compressionRatio: null, ...ALTERNATIVE_DEFAULTS, quotes: {} };

let aws: FakeAws;
let home: string;
beforeAll(async () => {
  aws = await new FakeAws().start();
});
afterAll(async () => {
  await aws.stop();
});
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'lokiplan-alt-live-'));
  aws.requests.length = 0;
});
const env = () => ({ ...aws.env(), HOME: home, XDG_CACHE_HOME: join(home, 'cache'), AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), AWS_MAX_ATTEMPTS: '2' });
const ctx = () => ({ cache: null, stats: new FetchStats(), env: env(), now: () => new Date() });
const getProducts = () => aws.requests.filter((r) => r.op === 'GetProducts').map((r) => r.body as { ServiceCode: string; Filters: { Field: string; Value: string }[] });

describe('the alternatives keys in the price-key catalogue', () => {
  const s = scenarioFile('scenarios/ghost-protocol.yaml');

  it('each AWS alternative asks for exactly its ALTERNATIVE_LIVE_KEYS among the catalogue keys, and neededKeys names them only when alternatives are asked for', () => {
    for (const id of ALTERNATIVE_IDS) {
      const asked = new Set<string>();
      const base = alternativesLookup(s.region, snapshotBook(s.region), {});
      alternatives(s, workload(s), (k): Price => (asked.add(k), base(k)), { ...settings, include: [id] });
      expect([...asked].filter((k) => familyOf(k)).sort(), id).toEqual([...(ALTERNATIVE_LIVE_KEYS[id] ?? [])].sort());
    }
    expect(neededKeys(s).filter((k) => KEYS.includes(k))).toEqual([]);
    const withAlt = neededKeys({ ...s, alternatives: settings });
    expect(KEYS.filter((k) => !withAlt.includes(k))).toEqual([]);
    const quoted = neededKeys({ ...s, alternatives: { ...settings, quotes: { 'cloudwatch.logs.insights': '0.004' } } });
    expect(quoted).not.toContain('cloudwatch.logs.insights');
  });

  it('two queries fetch them: CloudWatch by whole region-prefixed usagetype, OpenSearch by instance family and type', () => {
    const { queries, rules, unknown } = pricingPlan('us-east-1', KEYS);
    expect(unknown).toEqual([]);
    expect(queries.map((q) => [q.id, q.serviceCode])).toEqual([
      ['cloudwatch-logs', 'AmazonCloudWatch'],
      ['opensearch', 'AmazonES'],
    ]);
    const usage = queries[0]!.filters.find((f) => f.Field === 'usagetype')!.Value.split(',');
    expect(usage).toEqual(expect.arrayContaining(['USE1-DataProcessing-Bytes', 'DataProcessing-Bytes', 'USE1-DataProcessingIA-Bytes', 'USE1-TimedStorage-IA-ByteHrs', 'USE1-DataScanned-Bytes']));
    expect(usage.some((u) => /Vended|AIA/.test(u))).toBe(false);
    expect(queries[1]!.filters).toEqual(expect.arrayContaining([{ Type: 'TERM_MATCH', Field: 'productFamily', Value: 'Amazon OpenSearch Service Instance' }, { Type: 'ANY_OF', Field: 'instanceType', Value: 'm6g.large.search,r6g.2xlarge.search' }]));
    expect(rules).toHaveLength(KEYS.length);
    expect(pricingPlan('eu-west-1', ['cloudwatch.logs.ingest.standard']).queries[0]!.filters.find((f) => f.Field === 'usagetype')!.Value).toBe('EU-DataProcessing-Bytes');
  });
});

describe('live prices for the alternatives through the real Pricing client', () => {
  it.each(['us-east-1', 'eu-west-1', 'eu-central-1', 'us-west-2'])('%s: every catalogue key at the snapshot figure, never the vended, IA-for-Standard or Archive rows', async (region) => {
    const snap = alternativePrices().aws[region]!;
    const keys = KEYS.filter((k) => Object.hasOwn(snap, k));
    expect(keys.length, `${region} has alternatives prices`).toBeGreaterThan(0);
    const got = await fetchRegionPrices(region, keys, ctx());
    expect(got.missing).toEqual([]);
    for (const k of keys) {
      expect({ k, usd: Number(got.prices[k]!.usd) }).toEqual({ k, usd: Number(snap[k]!.usd) });
      expect(got.prices[k]!.tiers, k).toBeUndefined();
      expect(got.prices[k]!.source, k).not.toMatch(/Vended|AIA|DataProtection/);
    }
    if (keys.includes('cloudwatch.logs.storage.standard')) expect(got.prices['cloudwatch.logs.storage.standard']!.source).toMatch(/AmazonCloudWatch [A-Z0-9]+-TimedStorage-ByteHrs sku FAKE/);
    expect(getProducts().map((r) => r.ServiceCode).sort()).toEqual(keys.some((k) => k.startsWith('opensearch.')) ? ['AmazonCloudWatch', 'AmazonES'] : ['AmazonCloudWatch']);
  });
});

describe('plan --prices live --alternatives', () => {
  type Alt = { id: string; monthlyCents: number; lines: { priceKey: string; priceSource: string; unitPriceUsd: string }[] };
  const run = async (extra: string[] = [], fake = aws) => {
    const r = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--prices', 'live', '-f', 'json', ...extra], { env: { ...env(), ...fake.env() } });
    return { ...r, doc: r.code === 0 ? (JSON.parse(r.stdout).plans[0] as { alternatives?: { priced: Alt[]; unpriced: { id: string; unpriced: string }[] } }) : null };
  };

  it('without --alternatives no CloudWatch or OpenSearch request is sent (the request count per refresh stays as it was)', async () => {
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.doc!.alternatives).toBeUndefined();
    expect(getProducts().filter((q) => q.ServiceCode === 'AmazonCloudWatch' || q.ServiceCode === 'AmazonES')).toEqual([]);
  });

  it('with --alternatives: two more queries; CloudWatch and OpenSearch instance lines priced live, Serverless and EBS from the snapshot saying so, and the same cents as offline', async () => {
    const before = await run();
    aws.requests.length = 0;
    const r = await run(['--alternatives']);
    expect(r.code).toBe(0);
    // the plan's own queries come from the response cache the first run filled: only the two new ones are sent
    expect(getProducts().map((q) => q.ServiceCode)).toEqual(['AmazonCloudWatch', 'AmazonES']);
    const byId = new Map(r.doc!.alternatives!.priced.map((a) => [a.id, a]));
    expect(r.doc!.alternatives!.unpriced).toEqual([]);
    for (const l of byId.get('cloudwatch-standard')!.lines) expect(l.priceSource).toMatch(/^AWS Price List API: AmazonCloudWatch USE1-(DataProcessing-Bytes|TimedStorage-ByteHrs|DataScanned-Bytes) sku FAKE/);
    for (const l of byId.get('cloudwatch-ia')!.lines) expect(l.priceSource).toMatch(/^AWS Price List API: AmazonCloudWatch USE1-(DataProcessingIA-Bytes|TimedStorage-IA-ByteHrs|DataScanned-Bytes) sku FAKE/);
    const managed = byId.get('opensearch-managed')!.lines;
    expect(managed.filter((l) => l.priceKey.startsWith('opensearch.instance.')).every((l) => /^AWS Price List API: AmazonES USE1-ESInstance:/.test(l.priceSource))).toBe(true);
    expect(managed.find((l) => l.priceKey === 'opensearch.ebs.gp3')!.priceSource).toMatch(/^alternatives snapshot \(no Price List rule/);
    for (const l of byId.get('opensearch-serverless')!.lines) expect(l.priceSource).toMatch(/^alternatives snapshot \(no Price List rule/);
    // the fake serves the snapshot's figures: the same cents as the offline plan
    const offline = JSON.parse((await cli(['plan', 'scenarios/ghost-protocol.yaml', '--alternatives', '-f', 'json'])).stdout).plans[0].alternatives.priced as Alt[];
    expect(r.doc!.alternatives!.priced.map((a) => [a.id, a.monthlyCents])).toEqual(offline.map((a) => [a.id, a.monthlyCents]));
    expect(before.doc!.alternatives).toBeUndefined();
  });

  it('a key not found live leaves its alternative unpriced with the reason, the plan and the others priced; --fallback snapshot prices it from the alternatives snapshot, labelled', async () => {
    const us = Object.fromEntries(Object.entries(alternativePrices().aws['us-east-1']!).filter(([k]) => familyOf(k) && k !== 'cloudwatch.logs.storage.ia').map(([k, e]) => [k, { unit: e.unit, usd: e.usd }]));
    const lacking = await new FakeAws({ doc: (await import('../src/sources/snapshot.js')).snapshotDocument(), alternatives: { 'us-east-1': us } }).start();
    try {
      const r = await run(['--alternatives'], lacking);
      expect(r.code).toBe(0);
      expect(r.doc!.alternatives!.unpriced.map((u) => u.id)).toEqual(['cloudwatch-ia']);
      expect(r.doc!.alternatives!.unpriced[0]!.unpriced).toMatch(/cloudwatch\.logs\.storage\.ia.*not found live \(no product for CloudWatch Logs storage, Infrequent Access class \(TimedStorage-IA-ByteHrs\).*--fallback snapshot/);
      expect(r.doc!.alternatives!.priced.map((a) => a.id)).toContain('cloudwatch-standard');
      const f = await run(['--alternatives', '--fallback', 'snapshot'], lacking);
      expect(f.code).toBe(0);
      expect(f.stderr).toMatch(/cloudwatch\.logs\.storage\.ia: not found live in us-east-1, priced from the alternatives snapshot/);
      const ia = f.doc!.alternatives!.priced.find((a) => a.id === 'cloudwatch-ia')!;
      expect(ia.lines.find((l) => l.priceKey === 'cloudwatch.logs.storage.ia')!.priceSource).toMatch(/^SNAPSHOT FALLBACK \(live: no product .*\): AWS CloudWatch pricing/);
    } finally {
      await lacking.stop();
    }
  });
});
