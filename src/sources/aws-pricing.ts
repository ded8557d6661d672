/**
 * Live list prices from the AWS Price List Query API (`@aws-sdk/client-pricing`, GetProducts) for
 * every price key the model uses, as a region body of the snapshot format (`lokiplan-prices/1`).
 *
 * A region costs one request per query below (plus pages): EC2 instances (all the requested types
 * in one ANY_OF filter), EBS gp3, S3 storage classes (ANY_OF), S3 Deep Archive storage, S3 API and
 * lifecycle-transition requests, S3 Intelligent-Tiering monitoring, inter-AZ transfer, the EKS
 * cluster fee, the Network Load Balancer and Fargate (the per-vCPU reference rate).
 * Every price dimension is read (tiers included); a key with no match, or with several products
 * whose prices differ, is an error naming the key and the SKUs, never a guess.
 */
import { SourceError } from '../errors.js';
import { PriceKeys } from '../model/prices.js';
import { awsFailure, clientConfig, endpointOf, type Env, type FetchStats } from './aws-common.js';
import { REGION_LOCATIONS } from './aws-regions.js';
import type { ResponseCache } from './cache.js';
import { divDecimal, normDecimal } from './decimal.js';
import type { PriceEntry } from './pricebook.js';

export type FilterType = 'TERM_MATCH' | 'EQUALS' | 'CONTAINS' | 'ANY_OF' | 'NONE_OF';
export interface PricingFilter {
  Type: FilterType;
  Field: string;
  Value: string;
}
export interface ProductQuery {
  id: string;
  label: string;
  serviceCode: string;
  filters: PricingFilter[];
}

export interface Dimension {
  unit: string;
  beginRange: string;
  endRange: string;
  usd: string;
  rateCode: string;
  description: string;
}
export interface Product {
  sku: string;
  serviceCode: string;
  productFamily: string;
  attributes: Record<string, string>;
  publicationDate: string;
  /** one entry per OnDemand offer term */
  onDemand: { offerTermCode: string; effectiveDate: string; dimensions: Dimension[] }[];
}

export interface KeyRule {
  key: string;
  query: string;
  /** the unit the snapshot uses for this key */
  unit: string;
  /** units the Price List may give (compared case-insensitively) */
  apiUnits: string[];
  /** divide the API price by this (GiBps-month -> MiBps-month) */
  divisor?: number;
  what: string;
  match(p: Product): boolean;
}

const tm = (Field: string, Value: string): PricingFilter => ({ Type: 'TERM_MATCH', Field, Value });
const anyOf = (Field: string, values: string[]): PricingFilter =>
  values.length === 1 ? tm(Field, values[0]!) : { Type: 'ANY_OF', Field, Value: values.join(',') };
const contains = (Field: string, Value: string): PricingFilter => ({ Type: 'CONTAINS', Field, Value });

/** usagetype with an optional regional prefix ("EU-", "USE2-"; none for EC2 and S3 in us-east-1). */
const usage = (suffix: string) => {
  const re = new RegExp(`^(?:[A-Z0-9]+-)?${suffix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return (p: Product) => re.test(p.attributes['usagetype'] ?? '');
};

export const S3_VOLUME_TYPES: Record<string, { volumeType: string; usage: string }> = {
  STANDARD: { volumeType: 'Standard', usage: 'TimedStorage-ByteHrs' },
  INTELLIGENT_TIERING_FA: { volumeType: 'Intelligent-Tiering Frequent Access', usage: 'TimedStorage-INT-FA-ByteHrs' },
  INTELLIGENT_TIERING_IA: { volumeType: 'Intelligent-Tiering Infrequent Access', usage: 'TimedStorage-INT-IA-ByteHrs' },
  INTELLIGENT_TIERING_AIA: { volumeType: 'Intelligent-Tiering Archive Instant Access', usage: 'TimedStorage-INT-AIA-ByteHrs' },
  STANDARD_IA: { volumeType: 'Standard - Infrequent Access', usage: 'TimedStorage-SIA-ByteHrs' },
  GLACIER_IR: { volumeType: 'Glacier Instant Retrieval', usage: 'TimedStorage-GIR-ByteHrs' },
  GLACIER: { volumeType: 'Amazon Glacier', usage: 'TimedStorage-GlacierByteHrs' },
};

/**
 * Lifecycle transitions (AWS S3 usage-type table): Requests-Tier4 = transitions to Intelligent-
 * Tiering, Standard-IA, One Zone-IA and Glacier IR; Requests-Tier3 = transitions to Glacier Flexible
 * Retrieval and Deep Archive, told apart by `operation`.
 */
export const S3_TRANSITIONS: Record<string, { usage: string; operation: (op: string) => boolean; note: string }> = {
  INTELLIGENT_TIERING: { usage: 'Requests-Tier4', operation: (op) => !/GIR/i.test(op), note: 'Requests-Tier4' },
  STANDARD_IA: { usage: 'Requests-Tier4', operation: (op) => !/GIR/i.test(op), note: 'Requests-Tier4' },
  GLACIER_IR: { usage: 'Requests-Tier4', operation: (op) => /GIR/i.test(op), note: 'Requests-Tier4, operation S3-GIRTransition' },
  GLACIER: { usage: 'Requests-Tier3', operation: (op) => op === 'S3-GlacierTransition', note: 'Requests-Tier3, operation S3-GlacierTransition' },
  DEEP_ARCHIVE: { usage: 'Requests-Tier3', operation: (op) => op === 'S3-GDATransition', note: 'Requests-Tier3, operation S3-GDATransition' },
};

/** The queries and key rules for one region and a set of instance types. */
export function pricingPlan(region: string, instanceTypes: readonly string[]): { queries: ProductQuery[]; rules: KeyRule[] } {
  const location = REGION_LOCATIONS[region];
  if (!location) {
    throw new SourceError(`unknown AWS region ${JSON.stringify(region)}: lokiplan knows ${Object.keys(REGION_LOCATIONS).join(', ')}`);
  }
  const types = [...new Set(instanceTypes)].sort();
  const rc = tm('regionCode', region);
  const queries: ProductQuery[] = [];
  if (types.length) {
    queries.push({
      id: 'ec2',
      label: `EC2 on-demand (${types.length} instance type${types.length === 1 ? '' : 's'})`,
      serviceCode: 'AmazonEC2',
      filters: [
        rc,
        tm('productFamily', 'Compute Instance'),
        tm('operatingSystem', 'Linux'),
        tm('tenancy', 'Shared'),
        tm('preInstalledSw', 'NA'),
        tm('capacitystatus', 'Used'),
        tm('licenseModel', 'No License required'),
        tm('marketoption', 'OnDemand'),
        anyOf('instanceType', types),
      ],
    });
  }
  queries.push(
    {
      id: 'ebs',
      label: 'EBS gp3',
      serviceCode: 'AmazonEC2',
      filters: [rc, tm('volumeApiName', 'gp3'), anyOf('productFamily', ['Storage', 'System Operation', 'Provisioned Throughput'])],
    },
    {
      id: 's3-storage',
      label: 'S3 storage classes',
      serviceCode: 'AmazonS3',
      filters: [rc, anyOf('volumeType', Object.values(S3_VOLUME_TYPES).map((v) => v.volumeType))],
    },
    { id: 's3-deep-archive', label: 'S3 Glacier Deep Archive storage', serviceCode: 'AmazonS3GlacierDeepArchive', filters: [rc, contains('usagetype', 'TimedStorage-GDA-ByteHrs')] },
    { id: 's3-requests', label: 'S3 requests and lifecycle transitions', serviceCode: 'AmazonS3', filters: [rc, tm('productFamily', 'API Request')] },
    { id: 's3-monitoring', label: 'S3 Intelligent-Tiering monitoring', serviceCode: 'AmazonS3', filters: [rc, contains('usagetype', 'Monitoring-Automation-INT')] },
    {
      id: 'transfer',
      label: 'inter-AZ data transfer',
      serviceCode: 'AWSDataTransfer',
      filters: [tm('transferType', 'IntraRegion'), tm('fromLocation', location), tm('toLocation', location)],
    },
    { id: 'eks', label: 'EKS cluster fee', serviceCode: 'AmazonEKS', filters: [rc, contains('usagetype', 'AmazonEKS-Hours:perCluster')] },
    { id: 'elb', label: 'Network Load Balancer', serviceCode: 'AWSELB', filters: [rc, tm('productFamily', 'Load Balancer-Network')] },
    { id: 'fargate', label: 'Fargate vCPU and memory', serviceCode: 'AmazonECS', filters: [rc, contains('usagetype', 'Fargate-')] },
  );

  const rules: KeyRule[] = [];
  for (const t of types) {
    const box = usage(`BoxUsage:${t}`);
    rules.push({ key: PriceKeys.ec2OnDemand(t), query: 'ec2', unit: 'hour', apiUnits: ['Hrs'], what: `${t} Linux on-demand`, match: (p) => p.attributes['instanceType'] === t && box(p) });
  }
  const fam = (f: string) => (p: Product) => p.productFamily === f;
  const and = (...fs: ((p: Product) => boolean)[]) => (p: Product) => fs.every((f) => f(p));
  rules.push(
    { key: PriceKeys.ebsGp3Storage, query: 'ebs', unit: 'GB-month', apiUnits: ['GB-Mo'], what: 'gp3 storage', match: and(fam('Storage'), usage('EBS:VolumeUsage.gp3')) },
    { key: PriceKeys.ebsGp3Iops, query: 'ebs', unit: 'IOPS-month', apiUnits: ['IOPS-Mo'], what: 'gp3 IOPS above 3,000', match: and(fam('System Operation'), usage('EBS:VolumeP-IOPS.gp3')) },
    {
      key: PriceKeys.ebsGp3Throughput,
      query: 'ebs',
      unit: 'MiBps-month',
      apiUnits: ['GiBps-mo'],
      divisor: 1024,
      what: 'gp3 throughput above 125 MiB/s (GiBps-month / 1024)',
      match: and(fam('Provisioned Throughput'), usage('EBS:VolumeP-Throughput.gp3')),
    },
  );
  for (const [cls, v] of Object.entries(S3_VOLUME_TYPES)) {
    rules.push({ key: PriceKeys.s3Storage(cls), query: 's3-storage', unit: 'GB-month', apiUnits: ['GB-Mo'], what: `S3 ${v.volumeType}`, match: usage(v.usage) });
  }
  rules.push(
    { key: PriceKeys.s3Storage('DEEP_ARCHIVE'), query: 's3-deep-archive', unit: 'GB-month', apiUnits: ['GB-Mo'], what: 'S3 Glacier Deep Archive', match: usage('TimedStorage-GDA-ByteHrs') },
    { key: PriceKeys.s3Tier1, query: 's3-requests', unit: 'request', apiUnits: ['Requests'], what: 'S3 PUT, COPY, POST, LIST (Standard)', match: usage('Requests-Tier1') },
    { key: PriceKeys.s3Tier2, query: 's3-requests', unit: 'request', apiUnits: ['Requests'], what: 'S3 GET, SELECT (Standard)', match: usage('Requests-Tier2') },
  );
  for (const [cls, t] of Object.entries(S3_TRANSITIONS)) {
    const u = usage(t.usage);
    rules.push({ key: PriceKeys.s3Transition(cls), query: 's3-requests', unit: 'request', apiUnits: ['Requests'], what: `lifecycle transition to ${cls} (${t.note})`, match: (p) => u(p) && t.operation(p.attributes['operation'] ?? '') });
  }
  rules.push(
    { key: PriceKeys.s3ItMonitoring, query: 's3-monitoring', unit: 'object-month', apiUnits: ['Objects'], what: 'Intelligent-Tiering monitoring and automation', match: usage('Monitoring-Automation-INT') },
    { key: PriceKeys.interAz, query: 'transfer', unit: 'GB', apiUnits: ['GB'], what: `data transfer within ${location}, each direction`, match: usage('DataTransfer-Regional-Bytes') },
    { key: PriceKeys.eksCluster, query: 'eks', unit: 'cluster-hour', apiUnits: ['Hours', 'Hrs', 'hours'], what: 'EKS cluster, standard support', match: usage('AmazonEKS-Hours:perCluster') },
    { key: PriceKeys.nlbHour, query: 'elb', unit: 'hour', apiUnits: ['Hrs'], what: 'NLB hour', match: usage('LoadBalancerUsage') },
    { key: PriceKeys.nlbLcu, query: 'elb', unit: 'NLCU-hour', apiUnits: ['LCU-Hrs', 'NLCU-Hrs'], what: 'NLB capacity unit hour', match: usage('LCUUsage') },
    { key: PriceKeys.vcpuHour, query: 'fargate', unit: 'vCPU-hour', apiUnits: ['hours', 'Hrs', 'vCPU-Hours'], what: 'Fargate Linux/x86 vCPU-hour (reference rate for per-vCPU pricing)', match: usage('Fargate-vCPU-Hours:perCPU') },
    { key: PriceKeys.gibHour, query: 'fargate', unit: 'GiB-hour', apiUnits: ['hours', 'Hrs', 'GB-Hours'], what: 'Fargate GB-hour', match: usage('Fargate-GB-Hours') },
  );
  return { queries, rules };
}

/** Parse one PriceList element (a JSON document as a string; in SDK v3 a boxed LazyJsonString). */
export function parsePriceListItem(raw: unknown, where: string): Product {
  const text = String(raw);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SourceError(`${where}: malformed price JSON from the AWS Pricing API (${(e as Error).message}); retry, or use the snapshot (--prices snapshot)`);
  }
  const bad = (why: string) => new SourceError(`${where}: malformed price JSON from the AWS Pricing API: ${why}`);
  const d = doc as { product?: { sku?: unknown; productFamily?: unknown; attributes?: unknown }; serviceCode?: unknown; publicationDate?: unknown; terms?: { OnDemand?: unknown } };
  if (!d || typeof d !== 'object' || !d.product || typeof d.product !== 'object') throw bad('no product');
  const sku = d.product.sku;
  if (typeof sku !== 'string' || !sku) throw bad('product without a sku');
  const attrs = d.product.attributes;
  if (!attrs || typeof attrs !== 'object') throw bad(`sku ${sku}: no attributes`);
  const onDemand: Product['onDemand'] = [];
  const od = d.terms?.OnDemand;
  if (od !== undefined) {
    if (!od || typeof od !== 'object') throw bad(`sku ${sku}: terms.OnDemand is not an object`);
    for (const [code, term] of Object.entries(od as Record<string, unknown>)) {
      const t = term as { priceDimensions?: unknown; effectiveDate?: unknown; offerTermCode?: unknown };
      if (!t || typeof t !== 'object' || !t.priceDimensions || typeof t.priceDimensions !== 'object') throw bad(`sku ${sku}: term ${code} has no priceDimensions`);
      const dims: Dimension[] = [];
      for (const [rate, dim] of Object.entries(t.priceDimensions as Record<string, unknown>)) {
        const x = dim as { unit?: unknown; beginRange?: unknown; endRange?: unknown; pricePerUnit?: { USD?: unknown }; description?: unknown };
        const usd = x?.pricePerUnit?.USD;
        if (typeof x?.unit !== 'string' || typeof usd !== 'string') throw bad(`sku ${sku}: price dimension ${rate} lacks unit or pricePerUnit.USD`);
        dims.push({
          unit: x.unit,
          beginRange: typeof x.beginRange === 'string' ? x.beginRange : '0',
          endRange: typeof x.endRange === 'string' ? x.endRange : 'Inf',
          usd,
          rateCode: rate,
          description: typeof x.description === 'string' ? x.description : '',
        });
      }
      onDemand.push({ offerTermCode: typeof t.offerTermCode === 'string' ? t.offerTermCode : code, effectiveDate: typeof t.effectiveDate === 'string' ? t.effectiveDate : '', dimensions: dims });
    }
  }
  return {
    sku,
    serviceCode: typeof d.serviceCode === 'string' ? d.serviceCode : '',
    productFamily: typeof d.product.productFamily === 'string' ? d.product.productFamily : '',
    attributes: Object.fromEntries(Object.entries(attrs as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
    publicationDate: typeof d.publicationDate === 'string' ? d.publicationDate : '',
    onDemand,
  };
}

interface Priced {
  sku: string;
  tiers: { upTo?: string; usd: string }[];
  effective: string;
  usagetype: string;
}

function priceOf(p: Product, rule: KeyRule, serviceCode: string): Priced {
  const where = `AWS Pricing API ${serviceCode} sku ${p.sku} (${rule.key})`;
  if (p.onDemand.length === 0) throw new SourceError(`${where}: no on-demand price terms`);
  if (p.onDemand.length > 1) throw new SourceError(`${where}: ${p.onDemand.length} on-demand terms, expected one`);
  const term = p.onDemand[0]!;
  if (term.dimensions.length === 0) throw new SourceError(`${where}: no price dimensions`);
  const units = new Set(rule.apiUnits.map((u) => u.toLowerCase()));
  const dims = term.dimensions.map((d) => {
    if (!units.has(d.unit.toLowerCase())) throw new SourceError(`${where}: unit ${JSON.stringify(d.unit)}, expected ${rule.apiUnits.join(' or ')}`);
    const usd = normDecimal(d.usd);
    const begin = normDecimal(d.beginRange);
    const end = d.endRange === 'Inf' ? null : normDecimal(d.endRange);
    if (usd === null || begin === null || (d.endRange !== 'Inf' && end === null)) {
      throw new SourceError(`${where}: malformed price dimension ${d.rateCode} (USD ${JSON.stringify(d.usd)}, range ${d.beginRange}-${d.endRange})`);
    }
    return { usd, begin, end };
  });
  dims.sort((a, b) => Number(a.begin) - Number(b.begin));
  let expect = '0';
  const tiers = dims.map((d, i) => {
    if (d.begin !== expect) throw new SourceError(`${where}: price tiers are not contiguous (tier ${i} begins at ${d.begin}, expected ${expect})`);
    if (d.end === null && i !== dims.length - 1) throw new SourceError(`${where}: an open-ended tier is not the last`);
    expect = d.end ?? 'Inf';
    const usd = rule.divisor ? divDecimal(d.usd, rule.divisor) : d.usd;
    if (!(Number(usd) > 0)) throw new SourceError(`${where}: the price is zero (${d.usd}); refusing to plan with a zero price`);
    return d.end === null ? { usd } : { upTo: d.end, usd };
  });
  if (expect !== 'Inf') throw new SourceError(`${where}: the last price tier ends at ${expect}, expected Inf`);
  return { sku: p.sku, tiers, effective: term.effectiveDate.slice(0, 10), usagetype: p.attributes['usagetype'] ?? '' };
}

const sameTiers = (a: Priced, b: Priced) => JSON.stringify(a.tiers) === JSON.stringify(b.tiers);

/** Price entries for every rule from the products each query returned. Zero or conflicting matches throw. */
export function entriesFrom(products: ReadonlyMap<string, Product[]>, queries: readonly ProductQuery[], rules: readonly KeyRule[], region: string): { prices: Record<string, PriceEntry>; asOf: string } {
  const prices: Record<string, PriceEntry> = {};
  let asOf = '';
  for (const rule of rules) {
    const q = queries.find((x) => x.id === rule.query)!;
    const found = (products.get(rule.query) ?? []).filter((p) => rule.match(p));
    if (found.length === 0) {
      throw new SourceError(
        `AWS Pricing API: no product for ${rule.key} (${rule.what}) in ${region}: ${q.serviceCode} returned ${(products.get(rule.query) ?? []).length} products for ${q.label}, none matched; the Price List may have changed`,
      );
    }
    const priced = found.map((p) => priceOf(p, rule, q.serviceCode)).sort((a, b) => (a.sku < b.sku ? -1 : 1));
    const first = priced[0]!;
    const conflicting = priced.filter((x) => !sameTiers(x, first));
    if (conflicting.length) {
      throw new SourceError(
        `AWS Pricing API: ambiguous price for ${rule.key} (${rule.what}) in ${region}: ${priced.map((x) => `sku ${x.sku} ${x.usagetype} $${x.tiers.map((t) => t.usd).join('/')}`).join('; ')}`,
      );
    }
    const same = priced.length > 1 ? ` (${priced.length} products, identical prices)` : '';
    const entry: PriceEntry = {
      unit: rule.unit,
      ...(first.tiers.length === 1 ? { usd: first.tiers[0]!.usd } : { tiers: first.tiers }),
      source: `AWS Price List API: ${q.serviceCode} ${first.usagetype} sku ${first.sku}${first.effective ? `, effective ${first.effective}` : ''}; ${rule.what}${same}`,
      sku: first.sku,
    };
    if (rule.key.startsWith('ec2.ondemand.')) entry.pricingCategory = 'on-demand';
    prices[rule.key] = entry;
    for (const p of found) if (p.publicationDate > asOf) asOf = p.publicationDate;
  }
  return { prices, asOf: asOf.slice(0, 10) };
}

export interface FetchContext {
  cache: ResponseCache | null;
  stats: FetchStats;
  /** AWS region whose Pricing endpoint is called (us-east-1, eu-central-1 or ap-south-1) */
  endpointRegion?: string;
  /** the run's environment: endpoints, credentials, retries (never the process's own) */
  env: Env;
  /** the run's clock */
  now: () => Date;
}

type PricingModule = typeof import('@aws-sdk/client-pricing');
type PricingClient = { mod: PricingModule; client: InstanceType<PricingModule['PricingClient']> };
/** One client per (region, environment) the run uses: in-process runs with other endpoints or keys get their own. */
const clients = new WeakMap<Env, Map<string, Promise<PricingClient>>>();

async function pricingClient(region: string, env: Env) {
  let byRegion = clients.get(env);
  if (!byRegion) clients.set(env, (byRegion = new Map()));
  let c = byRegion.get(region);
  if (!c) {
    c = import('@aws-sdk/client-pricing').then((mod) => ({ mod, client: new mod.PricingClient(clientConfig(region, env, 'PRICING')) }));
    byRegion.set(region, c);
  }
  return c;
}

/** Where Pricing calls go, for the cache key: a response from one endpoint is never served for another. */
export const pricingEndpoint = (ctx: FetchContext): string => endpointOf(ctx.env, 'PRICING') ?? `aws:${ctx.endpointRegion ?? 'us-east-1'}`;

const isStringArray = (d: unknown): d is string[] => Array.isArray(d) && d.every((x) => typeof x === 'string');

/** The request as sent (and as cached): every field that selects what AWS returns. */
export function productRequest(q: ProductQuery) {
  return { api: 'pricing:GetProducts', ServiceCode: q.serviceCode, Filters: q.filters, FormatVersion: 'aws_v1' };
}

const MAX_PAGES = 50;

/** Run one query: every page, through the cache. Returns the parsed products. */
export async function runQuery(q: ProductQuery, ctx: FetchContext): Promise<Product[]> {
  // keyed by endpoint too: a response from one endpoint is never served for another
  const req = { ...productRequest(q), endpoint: pricingEndpoint(ctx) };
  const where = `AWS Pricing API ${q.serviceCode} (${q.label})`;
  const cached = ctx.cache?.get(req, isStringArray);
  if (cached) {
    ctx.stats.hit(q.label);
    ctx.stats.seen(cached.fetchedAt);
    return cached.data.map((s) => parsePriceListItem(s, where));
  }
  const { mod, client } = await pricingClient(ctx.endpointRegion ?? 'us-east-1', ctx.env);
  const items: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    if (++pages > MAX_PAGES) throw new SourceError(`${where}: more than ${MAX_PAGES} pages; the filters are not selective enough`);
    let out;
    try {
      out = await client.send(new mod.GetProductsCommand({ ServiceCode: q.serviceCode, Filters: q.filters, FormatVersion: 'aws_v1', MaxResults: 100, NextToken: token }));
    } catch (e) {
      throw awsFailure(e, 'pricing:GetProducts', where, ctx.env);
    }
    ctx.stats.page(`${q.label}, page ${pages}`, out.$metadata.attempts ?? 1);
    for (const el of out.PriceList ?? []) items.push(String(el));
    token = out.NextToken || undefined;
  } while (token);
  const products = items.map((s) => parsePriceListItem(s, where)); // validate before caching
  const fetchedAt = ctx.now().toISOString();
  ctx.stats.seen(fetchedAt);
  ctx.cache?.put(req, fetchedAt, items);
  return products;
}

/** Fetch and price one region. Queries run one after another (the Pricing API throttles bursts). */
export async function fetchRegionPrices(region: string, instanceTypes: readonly string[], ctx: FetchContext): Promise<{ prices: Record<string, PriceEntry>; asOf: string }> {
  const { queries, rules } = pricingPlan(region, instanceTypes);
  const products = new Map<string, Product[]>();
  for (const q of queries) products.set(q.id, await runQuery(q, ctx));
  if (queries.every((q) => (products.get(q.id) ?? []).length === 0)) {
    throw new SourceError(`AWS Pricing API has no prices for region ${JSON.stringify(region)}: check the region code (e.g. us-east-1)`);
  }
  if (queries[0]?.id === 'ec2' && (products.get('ec2') ?? []).length === 0) {
    throw new SourceError(`AWS Pricing API returned no EC2 prices for region ${JSON.stringify(region)} (${instanceTypes.join(', ')}): check the region code and instance types`);
  }
  return entriesFrom(products, queries, rules, region);
}
