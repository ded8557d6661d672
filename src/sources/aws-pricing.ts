/**
 * Live list prices from the AWS Price List Query API (`@aws-sdk/client-pricing`, GetProducts) for
 * every price key the model uses, as a region body of the snapshot format (`lokiplan-prices/1`).
 *
 * A region costs one request per query below (plus pages): EC2 instances (all the requested types
 * in one ANY_OF filter), EBS gp3 (with the NAT gateway in one ANY_OF productFamily filter when both are needed), S3 storage classes (ANY_OF), S3 Deep Archive storage, S3 API and
 * lifecycle-transition requests, S3 Intelligent-Tiering monitoring, inter-AZ transfer, the EKS
 * cluster fee, the Network Load Balancer, Fargate (the per-vCPU reference rate), the NAT gateway
 * (AmazonEC2), interface VPC endpoints (AmazonVPC), CloudTrail data events (AWSCloudTrail) and KMS
 * (awskms); for `plan --alternatives`, CloudWatch Logs (AmazonCloudWatch) and OpenSearch Service
 * instances (AmazonES). Only the queries a scenario's keys need are sent.
 * Every price dimension is read (tiers included); a key with no match, or with several products
 * whose prices differ, is an error naming the key and the SKUs, never a guess.
 */
import { SourceError } from '../errors.js';
import { familyOf, type PriceFamilyId, type PriceListFamilyId, S3_PRICED_CLASSES, S3_PUT_CLASSES, S3_TRANSITION_CLASSES } from '../model/price-catalogue.js';
import { awsFailure, boundResponses, clientConfig, endpointOf, type Env, type FetchStats } from './aws-common.js';
import { REGION_LOCATIONS, unknownRegion, usagePrefixes } from './aws-regions.js';
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
  /** said when nothing matches (what is known about why) */
  whenMissing?: string;
  /** S3 usagetypes (without region prefix) the key selects: the S3 query filters on them */
  usageTypes?: string[] | undefined;
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
const op = (p: Product) => p.attributes['operation'] ?? '';

/** S3 storage classes: the Price List `usagetype` of each (AWS S3 usage-type table, see S3_USAGE_DOC). */
export const S3_STORAGE_USAGE: Record<(typeof S3_PRICED_CLASSES)[number], string> = {
  STANDARD: 'TimedStorage-ByteHrs',
  INTELLIGENT_TIERING_FA: 'TimedStorage-INT-FA-ByteHrs',
  INTELLIGENT_TIERING_IA: 'TimedStorage-INT-IA-ByteHrs',
  INTELLIGENT_TIERING_AIA: 'TimedStorage-INT-AIA-ByteHrs',
  STANDARD_IA: 'TimedStorage-SIA-ByteHrs',
  GLACIER_IR: 'TimedStorage-GIR-ByteHrs',
  GLACIER: 'TimedStorage-GlacierByteHrs',
  DEEP_ARCHIVE: 'TimedStorage-GDA-ByteHrs',
};
/** PUT/COPY/POST/LIST on objects of a class (AWS S3 usage-type table). */
export const S3_PUT_USAGE: Record<(typeof S3_PUT_CLASSES)[number], string> = {
  STANDARD_IA: 'Requests-SIA-Tier1',
  GLACIER_IR: 'Requests-GIR-Tier1',
  GLACIER: 'Requests-GLACIER-Tier1',
  DEEP_ARCHIVE: 'Requests-GDA-Tier1',
};

/** AWS's table of S3 usage types, which says what each lifecycle transition is billed as. */
export const S3_USAGE_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/aws-usage-report-understand.html';

/**
 * Lifecycle transitions. AWS's usage-type table (S3_USAGE_DOC): "Requests-Tier4: the number of
 * lifecycle transitions to S3 Glacier Instant Retrieval, S3 Intelligent-Tiering, S3 Standard-IA,
 * or S3 One Zone-IA storage"; "Requests-Tier3: the number of lifecycle requests to S3 Glacier
 * Flexible Retrieval or S3 Glacier Deep Archive", told apart by `operation` (S3-GlacierTransition,
 * S3-GDATransition in current offer data; empty in 2018's, test/fixtures/aws/).
 * Real offer data has one Requests-Tier4 SKU with operation "" (2018 EU: $0.01 per 1,000), while
 * the S3 pricing page quotes transitions into Glacier IR at $0.02 per 1,000, and no public record
 * shows a Tier4 SKU with a Glacier IR operation. So GLACIER_IR is matched only by a Tier4 SKU whose
 * operation names GIR; without one the key is missing with that reason (never the IA price), and
 * `--fallback snapshot` prices it from the snapshot's sourced figure, saying so.
 */
export const S3_TRANSITIONS: Record<(typeof S3_TRANSITION_CLASSES)[number], { usage: string; match: (operation: string) => boolean; note: string }> = {
  INTELLIGENT_TIERING: { usage: 'Requests-Tier4', match: (o) => o === '' || /INT/i.test(o), note: 'Requests-Tier4' },
  STANDARD_IA: { usage: 'Requests-Tier4', match: (o) => o === '' || /SIA/i.test(o), note: 'Requests-Tier4' },
  GLACIER_IR: { usage: 'Requests-Tier4', match: (o) => /GIR/i.test(o), note: 'Requests-Tier4 with a Glacier IR operation' },
  GLACIER: { usage: 'Requests-Tier3', match: (o) => o === 'S3-GlacierTransition', note: 'Requests-Tier3, operation S3-GlacierTransition' },
  DEEP_ARCHIVE: { usage: 'Requests-Tier3', match: (o) => o === 'S3-GDATransition', note: 'Requests-Tier3, operation S3-GDATransition' },
};

/** Why GLACIER_IR transitions find nothing, said with the miss. */
const GIR_TRANSITION_MISS = `AWS bills transitions into Glacier IR as Requests-Tier4 (${S3_USAGE_DOC}), but the Price List has no Tier4 product for them (its one Tier4 SKU is the IA/IT rate, $0.01 per 1,000, against the S3 pricing page's $0.02)`;

/** AWS's table of CloudWatch usage types (UsageType per feature and log class). */
export const CW_USAGE_DOC = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_billing.html';

/**
 * CloudWatch Logs: the Price List `usagetype` of each key, region-prefixed (USE1-, EU-, EUC1-,
 * USW2-). AWS's usage-type table (CW_USAGE_DOC): "Collect (data ingestion for Standard log class)
 * DataProcessing-Bytes", "... Infrequent Access log class DataProcessingIA-Bytes", "Store
 * (Standard) TimedStorage-ByteHrs", "Store (Infrequent Access) TimedStorage-IA-ByteHrs", "Analyze
 * (query) DataScanned-Bytes". infracost prices the Standard three on the same usage types
 * (infracost/infracost internal/resources/aws/cloudwatch_log_group.go
 * @129b0b90be13bd7afb7a7fd9c97f39dc5d29c57e: AmazonCloudWatch, productFamily "Data Payload" with
 * usagetype /-DataProcessing-Bytes/ and /-DataScanned-Bytes/, "Storage Snapshot" with
 * /-TimedStorage-ByteHrs/). lokiplan matches the whole usagetype, so vended logs (VendedLog-Bytes,
 * tiered), the IA rows and the Archive Instant Access storage (TimedStorage-AIA-ByteHrs) never
 * take a Standard key, and does not filter on productFamily (no public source names the IA rows').
 */
export const CW_LOGS_USAGE: Record<string, string> = {
  'cloudwatch.logs.ingest.standard': 'DataProcessing-Bytes',
  'cloudwatch.logs.ingest.ia': 'DataProcessingIA-Bytes',
  'cloudwatch.logs.storage.standard': 'TimedStorage-ByteHrs',
  'cloudwatch.logs.storage.ia': 'TimedStorage-IA-ByteHrs',
  'cloudwatch.logs.insights': 'DataScanned-Bytes',
};

/**
 * OpenSearch Service on-demand instances: AmazonES, productFamily "Amazon OpenSearch Service
 * Instance", usagetype /ESInstance/, instanceType with the ".search" suffix (infracost/infracost
 * internal/resources/aws/elasticsearch_domain.go @4de177605a3754d16d280b5615b0eb3ffc4af7f1).
 */
export const OPENSEARCH_INSTANCE_FAMILY = 'Amazon OpenSearch Service Instance';

interface RuleContext {
  region: string;
  location: string;
}
/** How one key of a family is matched: the query that fetches it and the products that price it. */
type FamilyRule = (param: string, ctx: RuleContext) => Omit<KeyRule, 'key' | 'unit' | 'usageTypes'>;

const fam = (f: string) => (p: Product) => p.productFamily === f;
/** usagetype ending in `-suffix` or equal to it, whatever its region prefix (KMS writes them several ways). */
const usageEnds = (suffix: string) => (p: Product) => {
  const u = p.attributes['usagetype'] ?? '';
  return u === suffix || u.endsWith(`-${suffix}`);
};
export const CLOUDTRAIL_DATA_EVENTS = 'Management Tools - AWS CloudTrail Data Events Recorded';
const and = (...fs: ((p: Product) => boolean)[]) => (p: Product) => fs.every((f) => f(p));
const cwLogs = (key: string, apiUnits: string[], what: string) => ({ query: 'cloudwatch-logs', apiUnits, what: `${what} (${CW_LOGS_USAGE[key]})`, match: usage(CW_LOGS_USAGE[key]!) });

/**
 * The AWS matching rule of every family fetched from the Price List: a Record over exactly those
 * families of the catalogue, so a new fetched family without a rule does not compile.
 */
export const PRICE_LIST_RULES: Record<PriceListFamilyId, FamilyRule> = {
  // Linux, shared tenancy, RunInstances: the Capacity Block twin has the same usagetype, operation
  // RunInstances:CB and price 0 (opencost testdata, test/fixtures/aws/AmazonEC2-us-east-1.json)
  'ec2.ondemand': (t) => ({
    query: 'ec2',
    apiUnits: ['Hrs'],
    what: `${t} Linux on-demand`,
    match: (p) => p.attributes['instanceType'] === t && usage(`BoxUsage:${t}`)(p) && op(p) === 'RunInstances' && (p.attributes['marketoption'] ?? 'OnDemand') === 'OnDemand',
  }),
  'ebs.gp3.storage': () => ({ query: 'ebs', apiUnits: ['GB-Mo'], what: 'gp3 storage', match: and(fam('Storage'), usage('EBS:VolumeUsage.gp3')) }),
  's3.storage': (cls) => {
    const u = S3_STORAGE_USAGE[cls as keyof typeof S3_STORAGE_USAGE];
    return { query: cls === 'DEEP_ARCHIVE' ? 's3-deep-archive' : 's3', apiUnits: ['GB-Mo'], what: `S3 ${cls} storage (${u})`, match: usage(u) };
  },
  's3.requests.tier1': () => ({ query: 's3', apiUnits: ['Requests'], what: 'S3 PUT, COPY, POST, LIST (Standard, Requests-Tier1)', match: usage('Requests-Tier1') }),
  's3.requests.tier1.class': (cls) => {
    const u = S3_PUT_USAGE[cls as keyof typeof S3_PUT_USAGE];
    return { query: 's3', apiUnits: ['Requests'], what: `S3 PUT, COPY, POST, LIST on ${cls} objects (${u})`, match: usage(u) };
  },
  's3.requests.tier2': () => ({ query: 's3', apiUnits: ['Requests'], what: 'S3 GET, SELECT (Standard, Requests-Tier2)', match: usage('Requests-Tier2') }),
  // GET and retrieval by class: usagetypes Requests-SIA-Tier2 (AWS's 2018 bulk CSV, EU-Requests-SIA-Tier2) and
  // Requests-GIR-Tier2, Retrieval-SIA, Retrieval-GIR by the same naming (AWS usage-type table, S3_USAGE_DOC)
  's3.requests.tier2.class': (cls) => {
    const u = cls === 'STANDARD_IA' ? 'Requests-SIA-Tier2' : 'Requests-GIR-Tier2';
    return { query: 's3', apiUnits: ['Requests'], what: `S3 GET, SELECT on ${cls} objects (${u})`, match: usage(u) };
  },
  's3.retrieval': (cls) => {
    const u = cls === 'STANDARD_IA' ? 'Retrieval-SIA' : 'Retrieval-GIR';
    return { query: 's3', apiUnits: ['GB'], what: `S3 ${cls} data retrieval (${u})`, match: usage(u) };
  },
  's3.it.monitoring': () => ({ query: 's3', apiUnits: ['Objects'], what: 'Intelligent-Tiering monitoring and automation', match: usage('Monitoring-Automation-INT') }),
  'transfer.inter-az': (_, c) => ({ query: 'transfer', apiUnits: ['GB'], what: `data transfer within ${c.location}, each direction`, match: usage('DataTransfer-Regional-Bytes') }),
  // NAT gateway and interface endpoint (infracost/infracost internal/resources/aws/nat_gateway.go,
  // vpc_endpoint.go: AmazonEC2 "NAT Gateway" NatGateway-Hours/-Bytes; AmazonVPC "VpcEndpoint"
  // VpcEndpoint-Hours/-Bytes, the bytes tiered at 1 PB and 5 PB)
  'vpc.nat-gateway.hour': () => ({ query: 'nat', apiUnits: ['Hrs', 'Hours'], what: 'NAT gateway hour', match: and(fam('NAT Gateway'), usage('NatGateway-Hours')) }),
  'vpc.nat-gateway.gb': () => ({ query: 'nat', apiUnits: ['GB'], what: 'NAT gateway data processed', match: and(fam('NAT Gateway'), usage('NatGateway-Bytes')) }),
  'vpc.endpoint.interface.hour': () => ({ query: 'vpce', apiUnits: ['Hrs', 'Hours'], what: 'interface endpoint hour per zone', match: usage('VpcEndpoint-Hours') }),
  'vpc.endpoint.interface.gb': () => ({ query: 'vpce', apiUnits: ['GB'], what: 'interface endpoint data processed', match: usage('VpcEndpoint-Bytes') }),
  // plan --alternatives: CloudWatch Logs by whole usagetype (CW_LOGS_USAGE), OpenSearch instances (OPENSEARCH_INSTANCE_FAMILY)
  'cloudwatch.logs.ingest': (cls) => cwLogs(`cloudwatch.logs.ingest.${cls}`, ['GB'], `CloudWatch Logs ingestion, ${cls === 'ia' ? 'Infrequent Access' : 'Standard'} class`),
  'cloudwatch.logs.storage': (cls) => cwLogs(`cloudwatch.logs.storage.${cls}`, ['GB-Mo'], `CloudWatch Logs storage, ${cls === 'ia' ? 'Infrequent Access' : 'Standard'} class`),
  'cloudwatch.logs.insights': () => cwLogs('cloudwatch.logs.insights', ['GB'], 'CloudWatch Logs Insights data scanned'),
  'opensearch.instance': (t) => ({
    query: 'opensearch',
    apiUnits: ['Hrs'],
    what: `OpenSearch Service ${t} on-demand`,
    match: (p) => fam(OPENSEARCH_INSTANCE_FAMILY)(p) && p.attributes['instanceType'] === t && /ESInstance/.test(p.attributes['usagetype'] ?? ''),
  }),
  // CloudTrail data events: productFamily "Management Tools - AWS CloudTrail Data Events Recorded" (infracost cloudtrail.go)
  'cloudtrail.data-events': () => ({ query: 'cloudtrail', apiUnits: ['Events', 'Event'], what: 'CloudTrail data event', match: fam(CLOUDTRAIL_DATA_EVENTS) }),
  // KMS (infracost kms_key.go: awskms usagetype /KMS-Requests$/ and /KMS-Keys/)
  'kms.requests': () => ({ query: 'kms', apiUnits: ['Requests'], what: 'KMS symmetric request', match: usageEnds('KMS-Requests') }),
  'kms.key': () => ({ query: 'kms', apiUnits: ['Keys', 'Key-Mo', 'Keys-Mo', 'Mo'], what: 'KMS customer managed key month', match: usageEnds('KMS-Keys') }),
  'eks.cluster': () => ({ query: 'eks', apiUnits: ['Hours', 'Hrs', 'hours'], what: 'EKS cluster, standard support', match: usage('AmazonEKS-Hours:perCluster') }),
  'elb.nlb.hour': () => ({ query: 'elb', apiUnits: ['Hrs'], what: 'NLB hour', match: usage('LoadBalancerUsage') }),
  'elb.nlb.lcu': () => ({ query: 'elb', apiUnits: ['LCU-Hrs', 'NLCU-Hrs'], what: 'NLB capacity unit hour', match: usage('LCUUsage') }),
  // x86 Linux only: the ARM and Windows rows have their own usagetypes (opencost's recorded AmazonECS items)
  'compute.vcpu-hour': () => ({ query: 'fargate', apiUnits: ['hours', 'Hrs', 'vCPU-Hours'], what: 'Fargate Linux/x86 vCPU-hour (reference rate for per-vCPU pricing)', match: usage('Fargate-vCPU-Hours:perCPU') }),
  'compute.gib-hour': () => ({ query: 'fargate', apiUnits: ['hours', 'Hrs', 'GB-Hours'], what: 'Fargate Linux/x86 GB-hour', match: usage('Fargate-GB-Hours') }),
  's3.transition': (cls) => {
    const t = S3_TRANSITIONS[cls as keyof typeof S3_TRANSITIONS];
    const u = usage(t.usage);
    return {
      query: 's3',
      apiUnits: ['Requests'],
      what: `lifecycle transition to ${cls} (${t.note})`,
      match: (p) => u(p) && t.match(op(p)),
      ...(cls === 'GLACIER_IR' ? { whenMissing: GIR_TRANSITION_MISS } : {}),
    };
  },
};

/** The usagetypes (without region prefix) a family's key selects, for the S3 and CloudWatch queries' filters. */
function usageTypesOf(id: PriceFamilyId, param: string | null): string[] | undefined {
  switch (id) {
    case 's3.storage':
      return [S3_STORAGE_USAGE[param as keyof typeof S3_STORAGE_USAGE]];
    case 's3.requests.tier1':
      return ['Requests-Tier1'];
    case 's3.requests.tier1.class':
      return [S3_PUT_USAGE[param as keyof typeof S3_PUT_USAGE]];
    case 's3.requests.tier2':
      return ['Requests-Tier2'];
    case 's3.requests.tier2.class':
      return [param === 'STANDARD_IA' ? 'Requests-SIA-Tier2' : 'Requests-GIR-Tier2'];
    case 's3.retrieval':
      return [param === 'STANDARD_IA' ? 'Retrieval-SIA' : 'Retrieval-GIR'];
    case 's3.it.monitoring':
      return ['Monitoring-Automation-INT'];
    case 's3.transition':
      return [S3_TRANSITIONS[param as keyof typeof S3_TRANSITIONS].usage];
    case 'cloudwatch.logs.ingest':
    case 'cloudwatch.logs.storage':
      return [CW_LOGS_USAGE[`${id}.${param}`]!];
    case 'cloudwatch.logs.insights':
      return [CW_LOGS_USAGE[id]!];
    default:
      return undefined;
  }
}

/** The Price List usagetypes a query selects, with the region's prefixes (S3_USAGE_DOC). */
function usageTypesFor(query: string, region: string, rules: readonly KeyRule[]): string[] {
  const suffixes = new Set<string>();
  for (const r of rules) if (r.query === query) for (const u of r.usageTypes ?? []) suffixes.add(u);
  const prefixes = usagePrefixes(region);
  return [...suffixes].sort().flatMap((u) => prefixes.map((p) => (p ? `${p}-${u}` : u)));
}

/** The queries and key rules that fetch `keys` (catalogue keys priced from the Price List) in a region. */
export function pricingPlan(region: string, keys: readonly string[]): { queries: ProductQuery[]; rules: KeyRule[]; unknown: { key: string; reason: string }[] } {
  const location = REGION_LOCATIONS[region];
  if (!location) throw new SourceError(unknownRegion(region));
  const ctx: RuleContext = { region, location };
  const rules: KeyRule[] = [];
  const unknown: { key: string; reason: string }[] = [];
  for (const key of keys) {
    const f = familyOf(key);
    if (!f || f.family.source !== 'price-list') {
      unknown.push({ key, reason: f ? `not in the AWS Price List (from ${f.family.source})` : 'not a price key lokiplan knows' });
      continue;
    }
    const base = PRICE_LIST_RULES[f.id as PriceListFamilyId](f.param ?? '', ctx);
    rules.push({ key, unit: f.family.unit, ...base, usageTypes: usageTypesOf(f.id, f.param) });
  }
  const used = new Set(rules.map((r) => r.query));
  const types = rules.filter((r) => r.query === 'ec2').map((r) => r.key.slice('ec2.ondemand.'.length)).sort();
  const osTypes = rules.filter((r) => r.query === 'opensearch').map((r) => r.key.slice('opensearch.instance.'.length)).sort();
  const rc = tm('regionCode', region);
  const all: ProductQuery[] = [
    {
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
        anyOf('instanceType', types.length ? types : ['-']),
      ],
    },
    { id: 'ebs', label: 'EBS gp3', serviceCode: 'AmazonEC2', filters: [rc, tm('volumeApiName', 'gp3'), tm('productFamily', 'Storage')] },
    // no productFamily filter: most real AmazonS3 products carry none (test/fixtures/aws/README.md)
    { id: 's3', label: 'S3 storage, requests, transitions and monitoring', serviceCode: 'AmazonS3', filters: [rc, anyOf('usagetype', usageTypesFor('s3', region, rules))] },
    { id: 's3-deep-archive', label: 'S3 Glacier Deep Archive storage', serviceCode: 'AmazonS3GlacierDeepArchive', filters: [rc, contains('usagetype', 'TimedStorage-GDA-ByteHrs')] },
    {
      id: 'transfer',
      label: 'inter-AZ data transfer',
      serviceCode: 'AWSDataTransfer',
      filters: [tm('transferType', 'IntraRegion'), tm('fromLocation', location), tm('toLocation', location)],
    },
    { id: 'eks', label: 'EKS cluster fee', serviceCode: 'AmazonEKS', filters: [rc, contains('usagetype', 'AmazonEKS-Hours:perCluster')] },
    { id: 'elb', label: 'Network Load Balancer', serviceCode: 'AWSELB', filters: [rc, tm('productFamily', 'Load Balancer-Network')] },
    { id: 'nat', label: 'NAT gateway', serviceCode: 'AmazonEC2', filters: [rc, tm('productFamily', 'NAT Gateway')] },
    { id: 'vpce', label: 'VPC interface endpoint', serviceCode: 'AmazonVPC', filters: [rc, tm('productFamily', 'VpcEndpoint')] },
    { id: 'cloudtrail', label: 'CloudTrail data events', serviceCode: 'AWSCloudTrail', filters: [rc, tm('productFamily', CLOUDTRAIL_DATA_EVENTS)] },
    { id: 'kms', label: 'KMS keys and requests', serviceCode: 'awskms', filters: [rc] },
    { id: 'fargate', label: 'Fargate vCPU and memory', serviceCode: 'AmazonECS', filters: [rc, contains('usagetype', 'Fargate-')] },
    // plan --alternatives only (the families' needs are empty unless a scenario asks for alternatives)
    { id: 'cloudwatch-logs', label: 'CloudWatch Logs ingestion, storage and Insights', serviceCode: 'AmazonCloudWatch', filters: [rc, anyOf('usagetype', usageTypesFor('cloudwatch-logs', region, rules))] },
    {
      id: 'opensearch',
      label: `OpenSearch Service instances (${osTypes.length} type${osTypes.length === 1 ? '' : 's'})`,
      serviceCode: 'AmazonES',
      filters: [rc, tm('productFamily', OPENSEARCH_INSTANCE_FAMILY), anyOf('instanceType', osTypes.length ? osTypes : ['-'])],
    },
  ];
  // EBS gp3 and the NAT gateway are both AmazonEC2 products: when both are needed, one query by
  // product family (ANY_OF). It returns every product the two queries did, and more volume types
  // in the Storage family, which the gp3 rule (productFamily Storage and usagetype
  // EBS:VolumeUsage.gp3) never matches: the same products are priced. Alone, each keeps its filters.
  if (used.has('ebs') && used.has('nat')) {
    for (const r of rules) if (r.query === 'ebs' || r.query === 'nat') r.query = EBS_NAT;
    used.add(EBS_NAT);
    all.splice(all.findIndex((q) => q.id === 'ebs'), 1, { id: EBS_NAT, label: 'EBS gp3 and NAT gateway', serviceCode: 'AmazonEC2', filters: [rc, anyOf('productFamily', ['NAT Gateway', 'Storage'])] });
    used.delete('ebs');
    used.delete('nat');
  }
  return { queries: all.filter((q) => used.has(q.id)), rules, unknown };
}
const EBS_NAT = 'ebs+nat';

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

/** A key the Price List could not price, and why (no product, several prices, a malformed price). */
export interface MissingKey {
  key: string;
  reason: string;
}

/**
 * Price entries from the products each query returned, key by key: a key with no match, with
 * several products whose prices differ, or with a malformed or zero price is listed in `missing`
 * with its reason and never takes the other keys down with it.
 */
export function entriesFrom(
  products: ReadonlyMap<string, Product[]>,
  queries: readonly ProductQuery[],
  rules: readonly KeyRule[],
  region: string,
): { prices: Record<string, PriceEntry>; missing: MissingKey[]; asOf: string } {
  const prices: Record<string, PriceEntry> = {};
  const missing: MissingKey[] = [];
  let asOf = '';
  for (const rule of rules) {
    const q = queries.find((x) => x.id === rule.query)!;
    const got = products.get(rule.query) ?? [];
    const found = got.filter((p) => rule.match(p));
    if (found.length === 0) {
      missing.push({
        key: rule.key,
        reason: `no product for ${rule.what} in ${region}: ${q.serviceCode} returned ${got.length} products for ${q.label}, none matched${rule.whenMissing ? `; ${rule.whenMissing}` : ''}`,
      });
      continue;
    }
    let priced: Priced[];
    try {
      priced = found.map((p) => priceOf(p, rule, q.serviceCode)).sort((a, b) => (a.sku < b.sku ? -1 : 1));
    } catch (e) {
      missing.push({ key: rule.key, reason: (e as Error).message.replace(/^lokiplan: /, '') });
      continue;
    }
    const first = priced[0]!;
    if (priced.some((x) => !sameTiers(x, first))) {
      missing.push({ key: rule.key, reason: `ambiguous price for ${rule.what} in ${region}: ${priced.map((x) => `sku ${x.sku} ${x.usagetype} $${x.tiers.map((t) => t.usd).join('/')}`).join('; ')}` });
      continue;
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
  return { prices, missing, asOf: asOf.slice(0, 10) };
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
    c = import('@aws-sdk/client-pricing').then((mod) => ({ mod, client: boundResponses(new mod.PricingClient(clientConfig(region, env, 'PRICING'))) }));
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

/**
 * Fetch and price `keys` in one region. Queries run one after another (the Pricing API throttles
 * bursts); only the queries the keys need are sent. A failed request (throttled, denied, offline)
 * still fails the whole fetch: it says nothing about which keys exist.
 */
export async function fetchRegionPrices(region: string, keys: readonly string[], ctx: FetchContext): Promise<{ prices: Record<string, PriceEntry>; missing: MissingKey[]; asOf: string }> {
  const { queries, rules, unknown } = pricingPlan(region, keys);
  const products = new Map<string, Product[]>();
  for (const q of queries) products.set(q.id, await runQuery(q, ctx));
  if (queries.length > 0 && queries.every((q) => (products.get(q.id) ?? []).length === 0)) {
    throw new SourceError(`AWS Pricing API has no prices for region ${JSON.stringify(region)}: check the region code (e.g. us-east-1)`);
  }
  const out = entriesFrom(products, queries, rules, region);
  return { ...out, missing: [...unknown, ...out.missing] };
}
