/**
 * The price-key catalogue is the one table of price keys: these tests fail when a key is fetched
 * but never priced, priced but never fetched (or not in the catalogue), missing from a snapshot
 * region, or needed by a plan without `neededKeys` saying so (which would make `--prices live`
 * fetch too little).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INSTANCE_TYPES, INSTANCE_TYPES } from '../src/model/instances.js';
import { plan } from '../src/model/plan.js';
import { catalogueKeys, FAMILY_IDS, familyOf, keyOrder, neededKeys, optionalKeys, PRICE_FAMILIES, unitOf, type PriceFamily, type PriceFamilyId } from '../src/model/price-catalogue.js';
import type { Price, PriceBook } from '../src/model/prices.js';
import { PriceKeys } from '../src/model/prices.js';
import { STORAGE_CLASSES, type Scenario } from '../src/model/types.js';
import { PRICE_LIST_RULES } from '../src/sources/aws-pricing.js';
import { snapshotBook, snapshotRegion, snapshotRegions, validateSnapshot } from '../src/sources/snapshot.js';
import { BASE, scenarioFile, scenarioOf } from './helpers.js';
import { FAKE_BUILDERS } from './fake-aws.js';
import { alternatives, ALTERNATIVE_IDS } from '../src/model/alternatives.js';
import { workload } from '../src/model/workload.js';
import { ALTERNATIVE_DEFAULTS } from '../src/scenario/normalise.js';
import { alternativesLookup } from '../src/sources/alternatives.js';

/** A book that records every key asked for; keys the snapshot lacks get a stand-in so planning goes on. */
function recording(region: string): { book: PriceBook; asked: Set<string> } {
  const snap = snapshotBook(region);
  const asked = new Set<string>();
  const standIn = (k: string): Price => ({ key: k, unit: unitOf(k) ?? 'unit', tiers: [{ from: 0, to: null, usd: '0.01', value: 0.01 }], source: 'test stand-in', asOf: '2026-01' });
  const book: PriceBook = {
    id: 'recording',
    region,
    currency: 'USD',
    asOf: '2026-01',
    has: (k) => (asked.add(k), true),
    get: (k) => (asked.add(k), snap.has(k) ? snap.get(k) : standIn(k)),
  };
  return { book, asked };
}

const lifecycle = (first: string, then?: string) => [{ after: '0 days', class: first }, ...(then ? [{ after: '90 days', class: then }] : []), { after: '400 days', action: 'delete' }];

/** Shipped scenarios and variants that between them reach every cost line the model prices. */
function variants(): [string, Scenario][] {
  const out: [string, Scenario][] = readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [f, scenarioFile(`scenarios/${f}`)]);
  const base = { ...BASE, retention: '400 days' };
  out.push(['spot and NLB and EKS', scenarioOf({ ...base, compute: { ...BASE.compute, spot: { read: '50%' } }, platform: { loadBalancer: 'nlb', eksClusterShare: '100%' } })]);
  out.push(['committed', scenarioOf({ ...base, compute: { ...BASE.compute, committed: { write: '50%' } } })]);
  out.push(['NAT gateway, SSE-KMS, CloudTrail and access logs', scenarioOf({ ...base, network: { s3: 'nat-gateway' }, audit: { cloudTrailDataEvents: true, s3AccessLogs: true, encryption: 'sse-kms' } })]);
  out.push(['interface endpoint, bucket keys', scenarioOf({ ...base, network: { s3: 'interface-endpoint' }, audit: { encryption: 'sse-kms-bucket-key' } })]);
  out.push(['per-vcpu with memory', scenarioOf({ ...base, compute: { pricing: 'per-vcpu', perVcpu: { memory: true } } })]);
  for (const c of STORAGE_CLASSES) {
    if (c !== 'STANDARD') out.push([`STANDARD then ${c}`, scenarioOf({ ...base, storage: { lifecycle: lifecycle('STANDARD', c) } })]);
    if (c !== 'INTELLIGENT_TIERING' && c !== 'STANDARD') out.push([`first ${c}`, scenarioOf({ ...base, storage: { lifecycle: lifecycle(c) } })]);
  }
  return out;
}

const scenarios = variants();
const askedBy = scenarios.map(([name, s]) => {
  const books = new Map<string, ReturnType<typeof recording>>();
  const get = (r: string) => books.get(r) ?? (books.set(r, recording(r)), books.get(r)!);
  plan(s, (r) => get(r).book);
  return { name, s, asked: get(s.region).asked, baselineAsked: s.baseline ? get(s.baseline.region).asked : null };
});

describe('price-key catalogue', () => {
  it('every key a plan asks for is in the catalogue, and neededKeys() or optionalKeys() names it (so --prices live fetches it)', () => {
    for (const { name, s, asked } of askedBy) {
      // optionalKeys: placement's family sizes, used where the price source has them (live tries them too)
      const needed = new Set([...neededKeys(s), ...optionalKeys(s), ...(s.baseline && s.baseline.region === s.region ? [...neededKeys(s.baseline), ...optionalKeys(s.baseline)] : []), ...Object.keys(s.priceOverrides)]);
      for (const k of asked) {
        expect(familyOf(k), `${name}: ${k} is in no family`).not.toBeNull();
        expect(needed.has(k), `${name}: the plan asks for ${k} but neither neededKeys() nor optionalKeys() names it`).toBe(true);
      }
    }
  });

  it('every family is priced by some plan or, for the alternatives families, by plan --alternatives: nothing is fetched or shipped that the model never uses', () => {
    const priced = new Set<PriceFamilyId>();
    for (const { asked, baselineAsked } of askedBy) for (const k of [...asked, ...(baselineAsked ?? [])]) priced.add(familyOf(k)!.id);
    expect(FAMILY_IDS.filter((id) => !priced.has(id) && !(PRICE_FAMILIES[id] as PriceFamily).alternative)).toEqual([]);
    // the alternatives' families: priced by model/alternatives.ts, never by the Loki plan
    const s = scenarioFile('scenarios/ghost-protocol.yaml');
    const book = recording(s.region);
    const base = alternativesLookup(s.region, snapshotBook(s.region), {});
    alternatives(s, workload(s), (k) => (book.book.get(k), base(k)), { include: ALTERNATIVE_IDS, compressionRatio: null, ...ALTERNATIVE_DEFAULTS });
    const alt = new Set([...book.asked].flatMap((k) => (familyOf(k) ? [familyOf(k)!.id] : [])));
    expect(FAMILY_IDS.filter((id) => (PRICE_FAMILIES[id] as PriceFamily).alternative && !alt.has(id))).toEqual([]);
    expect([...priced].filter((id) => (PRICE_FAMILIES[id] as PriceFamily).alternative)).toEqual([]);
  });

  it('the AWS matching rules cover exactly the families fetched from the Price List; the fake AWS builds every family', () => {
    const fetched = FAMILY_IDS.filter((id) => PRICE_FAMILIES[id].source === 'price-list');
    expect(Object.keys(PRICE_LIST_RULES).sort()).toEqual([...fetched].sort());
    expect(Object.keys(FAKE_BUILDERS).sort()).toEqual([...FAMILY_IDS].sort());
    for (const id of FAMILY_IDS) expect(FAKE_BUILDERS[id] === null, id).toBe(PRICE_FAMILIES[id].source !== 'price-list');
  });

  it.each(snapshotRegions())('plans offline in snapshot region %s (on-demand, spot, NLB, EKS), and on r6g.2xlarge and c7gn.xlarge nodes where the region prices them', (region) => {
    const s = scenarioOf({ ...BASE, region, compute: { ...BASE.compute, spot: { read: '50%' } }, platform: { loadBalancer: 'nlb', eksClusterShare: '100%' } });
    expect(plan(s, snapshotBook).totals.monthly).toBeGreaterThan(0);
    // r6g.2xlarge is priced in every snapshot region; c7gn.xlarge wherever a public source lists it
    const types = ['r6g.2xlarge', 'c7gn.xlarge'].filter((t) => snapshotBook(region).has(`ec2.ondemand.${t}`));
    expect(types).toContain('r6g.2xlarge');
    if (region !== 'eu-central-1') expect(types).toContain('c7gn.xlarge'); // SkyPilot's catalogue lists no c7gn.xlarge there
    const g = plan(scenarioOf({ ...BASE, region, compute: { instanceTypes: types, instanceSizes: 'listed' } }), snapshotBook);
    expect(g.nodes.every((n) => types.includes(n.instanceType))).toBe(true);
    for (const n of g.nodes) expect(g.lines.find((l) => l.priceKey === `ec2.ondemand.${n.instanceType}`)?.priceSource, n.instanceType).not.toMatch(/unverified/);
    // with the family sizes (the default), any priced size of those families
    const f = plan(scenarioOf({ ...BASE, region, compute: { instanceTypes: types } }), snapshotBook);
    expect(f.nodes.every((n) => /^(r6g|c7gn)\./.test(n.instanceType))).toBe(true);
  });

  it.each(snapshotRegions().filter((r) => r !== 'us-east-1'))('snapshot %s: every sourced on-demand price names its public table at a commit, with its as-of date', (region) => {
    const prices = snapshotRegion(region)!.prices;
    const od = Object.entries(prices).filter(([k]) => k.startsWith('ec2.ondemand.'));
    expect(od.length).toBeGreaterThan(400); // not only the default types: every type a public table prices there
    for (const [k, e] of od) {
      if (/\(unverified\)/.test(e.source)) continue;
      expect(e.source, k).toMatch(/^AWS Price List via (tedivm\/ec2details api\/ec2instances\.json|skypilot-org\/skypilot-catalog catalogs\/v7\/aws\/vms\.csv)@[0-9a-f]{12} /);
      expect(e.asOf, k).toMatch(/^20\d\d-\d\d/);
    }
  });

  it('no snapshot on-demand price differs from the SkyPilot catalogue rows copied for it (scripts/data), and those rows agree with karpenter in us-east-1', () => {
    const rows = readFileSync('scripts/data/skypilot-aws-vms-excerpt.csv', 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .slice(1)
      .map((l) => l.split(','));
    const east = snapshotRegion('us-east-1')!.prices;
    // the script takes a type only where its us-east-1 row equals karpenter's current price
    const current = new Set(rows.filter(([t, r, p]) => r === 'us-east-1' && east[`ec2.ondemand.${t}`]?.usd === p).map(([t]) => t));
    expect(current.size).toBeGreaterThan(80);
    let checked = 0;
    for (const [t, r, p] of rows) {
      if (!current.has(t) || !snapshotRegions().includes(r!)) continue;
      expect(snapshotRegion(r!)!.prices[`ec2.ondemand.${t}`]?.usd, `${r} ${t}`).toBe(p);
      checked++;
    }
    expect(checked).toBeGreaterThan(250);
  });

  it('a plan names the prices no public offer data confirmed, in its assumptions', () => {
    const p = plan(scenarioOf({ ...BASE, region: 'eu-central-1' }), snapshotBook);
    const a = p.assumptions.find((x) => /no public AWS offer data confirmed/.test(x.text));
    expect(a?.text).toMatch(/ebs\.gp3\.storage \(\$0\.0952\)/);
    const u = plan(scenarioOf({ ...BASE, compute: { pricing: 'per-vcpu' }, storage: { lifecycle: [{ after: '0 days', class: 'STANDARD' }] }, platform: { loadBalancer: 'none' } }), snapshotBook);
    const t = u.assumptions.find((x) => /no public AWS offer data confirmed/.test(x.text))?.text ?? '';
    expect(t).not.toMatch(/compute\.vcpu-hour|s3\.storage\.STANDARD /); // sourced from real offer records
  });

  it('the snapshot validates as a price book, every region', () => {
    expect(() => validateSnapshot()).not.toThrow();
  });

  it.each(snapshotRegions())('snapshot %s: every required key, in its unit, and nothing outside the catalogue', (region) => {
    const body = snapshotRegion(region)!;
    const book = snapshotBook(region);
    // us-east-1 prices every catalogue type (karpenter-provider-aws's generated table); the other
    // regions at least the default types (and every type a public extract prices there, below)
    const types = region === 'us-east-1' ? [...INSTANCE_TYPES.keys()] : [...DEFAULT_INSTANCE_TYPES];
    const want = catalogueKeys(types, (f) => f.snapshot !== 'none');
    expect(want.filter((k) => !book.has(k))).toEqual([]);
    for (const [k, e] of Object.entries(body.prices)) {
      const f = familyOf(k);
      expect(f, `${region}: ${k} is in no family`).not.toBeNull();
      expect(f!.family.snapshot, `${region}: ${k}`).not.toBe('none');
      expect(e.unit, `${region}: ${k}`).toBe(f!.family.unit);
    }
    for (const t of types.slice(0, 50)) expect(book.get(`ec2.spot.${t}`).source, `${region}: ${t}`).toMatch(/^estimate: 60% below on-demand/);
  });

  it.each<[string, string | null, string | null]>([
    ['ec2.ondemand.m7i.xlarge', 'ec2.ondemand', 'm7i.xlarge'],
    ['s3.requests.tier1', 's3.requests.tier1', null],
    ['s3.requests.tier1.GLACIER', 's3.requests.tier1.class', 'GLACIER'],
    ['s3.requests.tier1.STANDARD', null, null],
    ['s3.storage.INTELLIGENT_TIERING', null, null],
    ['s3.transition.GLACIER_IR', 's3.transition', 'GLACIER_IR'],
    ['ebs.gp3.iops', null, null],
    ['ec2.ondemand.', null, null],
  ])('familyOf(%s) is %s (%s)', (key, id, param) => {
    const f = familyOf(key);
    expect(f ? [f.id, f.param] : [null, null]).toEqual([id, param]);
  });

  it('PriceKeys builds keys of the catalogue, and keys sort in catalogue order', () => {
    for (const k of [PriceKeys.ec2OnDemand('m7i.xlarge'), PriceKeys.ec2Spot('m7g.xlarge'), PriceKeys.ec2Committed('m7i.xlarge'), PriceKeys.ebsGp3Storage, PriceKeys.s3Storage('GLACIER'), PriceKeys.s3Tier1, PriceKeys.s3Tier2, PriceKeys.s3Transition('DEEP_ARCHIVE'), PriceKeys.s3ItMonitoring, PriceKeys.interAz, PriceKeys.eksCluster, PriceKeys.nlbHour, PriceKeys.nlbLcu, PriceKeys.vcpuHour, PriceKeys.gibHour]) {
      expect(familyOf(k), k).not.toBeNull();
    }
    expect(keyOrder('ec2.ondemand.m7i.xlarge')).toBeLessThan(keyOrder('ebs.gp3.storage'));
    expect(keyOrder('compute.gib-hour')).toBeLessThan(keyOrder('s3.transition.GLACIER'));
    expect(keyOrder('no.such.key')).toBe(FAMILY_IDS.length);
  });

  it('neededKeys: ghost-protocol needs its three instance types, spot for them, IT storage and monitoring, no NLB, no EKS, no Glacier IR', () => {
    const k = neededKeys(scenarioFile('scenarios/ghost-protocol.yaml'));
    expect(k.filter((x) => x.startsWith('ec2.'))).toEqual(['ec2.ondemand.m7g.xlarge', 'ec2.ondemand.m7i.2xlarge', 'ec2.ondemand.m7i.xlarge', 'ec2.spot.m7g.xlarge', 'ec2.spot.m7i.2xlarge', 'ec2.spot.m7i.xlarge']);
    expect(k).toContain('s3.it.monitoring');
    expect(k).toContain('s3.transition.INTELLIGENT_TIERING');
    expect(k.some((x) => x.startsWith('elb.') || x.startsWith('eks.') || x.includes('GLACIER'))).toBe(false);
  });
});
