/**
 * A local stand-in for three AWS APIs, speaking their wire formats on 127.0.0.1 so the real SDK
 * clients can be tested offline:
 * - Pricing GetProducts (awsJson1_1, x-amz-target AWSPriceListService.GetProducts): a catalogue
 *   built from the embedded snapshot's values in the Price List's product/terms JSON, with
 *   distractor rows (Windows, dedicated, gp2, staging, Outposts, ARM, extended support) that only
 *   precise filters leave out; TERM_MATCH, EQUALS, CONTAINS, ANY_OF (comma-separated) filters;
 *   NextToken pages.
 * - EC2 DescribeSpotPriceHistory (EC2 query protocol, XML), prices from the snapshot's spot keys.
 * - Cost Explorer GetCostAndUsage (awsJson1_1, AWSInsightsIndexService.GetCostAndUsage).
 * Faults (throttling, access denied, expired token, malformed payload, hangs) are scripted per
 * operation. Every request is logged.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { snapshotDocument } from '../src/sources/snapshot.js';
import { alternativePrices } from '../src/sources/alternatives.js';

const snapshot = snapshotDocument();
import { familyOf, type PriceFamilyId } from '../src/model/price-catalogue.js';

type Op = 'GetProducts' | 'DescribeSpotPriceHistory' | 'GetCostAndUsage';
export type FaultKind = 'throttle' | 'deny' | 'expired' | 'malformed' | 'badjson' | 'invalid' | 'hang' | 'endless' | 'huge-declared';
export interface Fault {
  op: Op | '*';
  kind: FaultKind;
  times: number;
}
export interface LoggedRequest {
  op: Op | string;
  body: unknown;
}

interface SnapEntry {
  unit: string;
  usd?: string;
  tiers?: { upTo?: string; usd: string }[];
}
interface FakeProduct {
  serviceCode: string;
  productFamily: string;
  attributes: Record<string, string>;
  unit: string;
  dims: { begin: string; end: string; usd: string }[];
}

const LOCATIONS: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-west-2': 'US West (Oregon)',
  'eu-west-1': 'EU (Ireland)',
  'eu-central-1': 'EU (Frankfurt)',
};
/** usagetype prefixes: none for most us-east-1 usage, always one for EKS and Fargate */
const PREFIX: Record<string, string> = { 'us-east-1': 'USE1', 'us-west-2': 'USW2', 'eu-west-1': 'EU', 'eu-central-1': 'EUC1' };

/** Exact decimal multiply for building API prices from snapshot prices. */
function mul(a: string, b: string): string {
  const sc = (s: string) => {
    const [i, f = ''] = s.split('.');
    return { n: BigInt(i! + f), k: f.length };
  };
  const x = sc(a);
  const y = sc(b);
  const n = (x.n * y.n).toString().padStart(x.k + y.k + 1, '0');
  const k = x.k + y.k;
  return k ? `${n.slice(0, n.length - k)}.${n.slice(n.length - k)}` : n;
}
/** "0.2016" -> "0.2016000000" as the Price List writes it. */
const pad10 = (s: string) => {
  const [i, f = ''] = s.split('.');
  return `${i}.${f.padEnd(10, '0')}`;
};

function dimsOf(e: SnapEntry, factor = '1'): FakeProduct['dims'] {
  if (e.usd !== undefined) return [{ begin: '0', end: 'Inf', usd: pad10(mul(e.usd, factor)) }];
  let begin = '0';
  return e.tiers!.map((t) => {
    const d = { begin, end: t.upTo ?? 'Inf', usd: pad10(mul(t.usd, factor)) };
    begin = t.upTo ?? 'Inf';
    return d;
  });
}

/**
 * How the fake builds the Price List products for one snapshot key, per price-key family of the
 * catalogue (a Record over every family, so a new family needs a builder here). Real-record shapes
 * (test/fixtures/aws/): S3 products mostly without productFamily, EC2's Capacity Block twin.
 */
type Builder = (param: string, e: SnapEntry, b: BuildContext) => void;
interface BuildContext {
  p: string;
  P: string;
  loc: string;
  region: string;
  add: (serviceCode: string, productFamily: string, attributes: Record<string, string>, unit: string, dims: FakeProduct['dims']) => void;
  push: (fp: FakeProduct) => void;
  tier4: Record<string, string>;
}
const S3_STORAGE: Record<string, [string, string]> = {
  STANDARD: ['Standard', 'TimedStorage-ByteHrs'],
  INTELLIGENT_TIERING_FA: ['Intelligent-Tiering Frequent Access', 'TimedStorage-INT-FA-ByteHrs'],
  INTELLIGENT_TIERING_IA: ['Intelligent-Tiering Infrequent Access', 'TimedStorage-INT-IA-ByteHrs'],
  INTELLIGENT_TIERING_AIA: ['Intelligent-Tiering Archive Instant Access', 'TimedStorage-INT-AIA-ByteHrs'],
  STANDARD_IA: ['Standard - Infrequent Access', 'TimedStorage-SIA-ByteHrs'],
  GLACIER_IR: ['Glacier Instant Retrieval', 'TimedStorage-GIR-ByteHrs'],
  GLACIER: ['Amazon Glacier', 'TimedStorage-GlacierByteHrs'],
};
const S3_PUT: Record<string, string> = { STANDARD_IA: 'Requests-SIA-Tier1', GLACIER_IR: 'Requests-GIR-Tier1', GLACIER: 'Requests-GLACIER-Tier1', DEEP_ARCHIVE: 'Requests-GDA-Tier1' };

export const FAKE_BUILDERS: Record<PriceFamilyId, Builder | null> = {
  'ec2.ondemand': (t, e, { p, add }) => {
    const ec2 = { instanceType: t, operatingSystem: 'Linux', tenancy: 'Shared', preInstalledSw: 'NA', capacitystatus: 'Used', licenseModel: 'No License required', marketoption: 'OnDemand', usagetype: `${p}BoxUsage:${t}`, operation: 'RunInstances' };
    add('AmazonEC2', 'Compute Instance', ec2, 'Hrs', dimsOf(e));
    // rows a loose filter would also match
    add('AmazonEC2', 'Compute Instance', { ...ec2, operatingSystem: 'Windows', operation: 'RunInstances:0002' }, 'Hrs', dimsOf(e, '1.8'));
    add('AmazonEC2', 'Compute Instance', { ...ec2, capacitystatus: 'UnusedCapacityReservation', usagetype: `${p}Reservation:${t}` }, 'Hrs', dimsOf(e));
    add('AmazonEC2', 'Compute Instance', { ...ec2, tenancy: 'Dedicated', usagetype: `${p}DedicatedUsage:${t}` }, 'Hrs', dimsOf(e, '1.1'));
  },
  'ec2.spot': null, // served by DescribeSpotPriceHistory
  'ec2.committed': null, // from a commitments file, never fetched
  'ebs.gp3.storage': (_, e, { p, add }) => {
    add('AmazonEC2', 'Storage', { volumeApiName: 'gp3', volumeType: 'General Purpose', usagetype: `${p}EBS:VolumeUsage.gp3` }, 'GB-Mo', dimsOf(e));
    add('AmazonEC2', 'Storage', { volumeApiName: 'gp2', volumeType: 'General Purpose', usagetype: `${p}EBS:VolumeUsage.gp2` }, 'GB-Mo', dimsOf(e, '1.25'));
    add('AmazonEC2', 'System Operation', { volumeApiName: 'gp3', group: 'EBS IOPS', usagetype: `${p}EBS:VolumeP-IOPS.gp3` }, 'IOPS-Mo', dimsOf({ unit: 'IOPS-month', usd: '0.005' }));
  },
  's3.storage': (cls, e, { p, add }) => {
    if (cls === 'DEEP_ARCHIVE') {
      add('AmazonS3GlacierDeepArchive', 'Storage', { volumeType: 'Glacier Deep Archive', usagetype: `${p}TimedStorage-GDA-ByteHrs` }, 'GB-Mo', dimsOf(e));
      // the trap: in AmazonS3, "Glacier Deep Archive" is only the staging rate (real record: test/fixtures/aws/)
      add('AmazonS3', 'Storage', { volumeType: 'Glacier Deep Archive', usagetype: `${p}TimedStorage-GDA-Staging` }, 'GB-Mo', dimsOf({ unit: 'GB-month', usd: '0.021' }));
      return;
    }
    const [volumeType, usage] = S3_STORAGE[cls]!;
    // most real AmazonS3 products carry no productFamily
    add('AmazonS3', '', { volumeType, storageClass: 'General Purpose', usagetype: `${p}${usage}` }, 'GB-Mo', dimsOf(e));
    if (cls === 'STANDARD_IA') add('AmazonS3', 'Fee', { volumeType, usagetype: `${p}TimedStorage-SIA-SmObjects` }, 'GB-Mo', dimsOf(e, '2'));
    if (cls === 'GLACIER') add('AmazonS3', '', { volumeType, usagetype: `${p}TimedStorage-GlacierStaging` }, 'GB-Mo', dimsOf({ unit: 'GB-month', usd: '0.021' }));
  },
  's3.requests.tier1': (_, e, { p, add }) => {
    add('AmazonS3', '', { group: 'S3-API-Tier1', usagetype: `${p}Requests-Tier1`, operation: '' }, 'Requests', dimsOf(e));
    add('AmazonS3', '', { group: 'S3-API-INT-Tier1', usagetype: `${p}Requests-INT-Tier1`, operation: '' }, 'Requests', dimsOf(e, '2'));
  },
  's3.requests.tier1.class': (cls, e, { p, add }) => add('AmazonS3', '', { usagetype: `${p}${S3_PUT[cls]!}`, operation: '' }, 'Requests', dimsOf(e)),
  's3.requests.tier2': (_, e, { p, add }) => {
    add('AmazonS3', 'API Request', { group: 'S3-API-Tier2', usagetype: `${p}Requests-Tier2`, operation: '' }, 'Requests', dimsOf(e));
  },
  's3.requests.tier2.class': (cls, e, { p, add }) => add('AmazonS3', '', { usagetype: `${p}${cls === 'STANDARD_IA' ? 'Requests-SIA-Tier2' : 'Requests-GIR-Tier2'}`, operation: '' }, 'Requests', dimsOf(e)),
  's3.retrieval': (cls, e, { p, add }) => add('AmazonS3', '', { usagetype: `${p}${cls === 'STANDARD_IA' ? 'Retrieval-SIA' : 'Retrieval-GIR'}`, operation: '' }, 'GB', dimsOf(e)),
  's3.it.monitoring': (_, e, { p, add }) => add('AmazonS3', '', { feeCode: 'S3-Monitoring and Automation-ObjectCount', usagetype: `${p}Monitoring-Automation-INT` }, 'Objects', dimsOf(e)),
  'transfer.inter-az': (_, e, { p, loc, region, push }) => {
    const t = { fromLocation: loc, toLocation: loc, fromRegionCode: region, toRegionCode: region, transferType: 'IntraRegion', usagetype: `${p}DataTransfer-Regional-Bytes` };
    push({ serviceCode: 'AWSDataTransfer', productFamily: 'Data Transfer', attributes: { servicecode: 'AWSDataTransfer', ...t }, unit: 'GB', dims: dimsOf(e) });
    push({ serviceCode: 'AWSDataTransfer', productFamily: 'Data Transfer', attributes: { servicecode: 'AWSDataTransfer', ...t, transferType: 'InterRegion Outbound', toLocation: 'Asia Pacific (Tokyo)', usagetype: `${p}APN1-AWS-Out-Bytes` }, unit: 'GB', dims: dimsOf(e, '2') });
  },
  'vpc.nat-gateway.hour': (_, e, { p, add }) => {
    add('AmazonEC2', 'NAT Gateway', { group: 'NGW:NatGateway', usagetype: `${p}NatGateway-Hours`, operation: 'NatGateway' }, 'Hrs', dimsOf(e));
    // a look-alike a loose usagetype match would also take
    add('AmazonEC2', 'NAT Gateway', { group: 'NGW:NatGateway', usagetype: `${p}RegionalNatGateway-Hours`, operation: 'NatGateway' }, 'Hrs', dimsOf(e, '3'));
  },
  'vpc.nat-gateway.gb': (_, e, { p, add }) => add('AmazonEC2', 'NAT Gateway', { group: 'NGW:NatGateway', usagetype: `${p}NatGateway-Bytes`, operation: 'NatGateway' }, 'GB', dimsOf(e)),
  'vpc.endpoint.interface.hour': (_, e, { P, add }) => {
    add('AmazonVPC', 'VpcEndpoint', { usagetype: `${P}VpcEndpoint-Hours`, operation: 'VpcEndpoint' }, 'Hrs', dimsOf(e));
    add('AmazonVPC', 'VpcEndpoint', { usagetype: `${P}VpcEndpoint-GWLBE-Hours`, operation: 'VpcEndpoint' }, 'Hrs', dimsOf(e));
  },
  'vpc.endpoint.interface.gb': (_, e, { P, add }) => {
    add('AmazonVPC', 'VpcEndpoint', { usagetype: `${P}VpcEndpoint-Bytes`, operation: 'VpcEndpoint' }, 'GB', dimsOf(e));
    add('AmazonVPC', 'VpcEndpoint', { usagetype: `${P}VpcEndpoint-GWLBE-Bytes`, operation: 'VpcEndpoint' }, 'GB', dimsOf({ unit: 'GB', usd: '0.0035' }));
  },
  'cloudtrail.data-events': (_, e, { P, add }) => {
    add('AWSCloudTrail', 'Management Tools - AWS CloudTrail Data Events Recorded', { usagetype: `${P}DataEventsRecorded` }, 'Events', dimsOf(e));
    add('AWSCloudTrail', 'Management Tools - AWS CloudTrail Paid Events Recorded', { usagetype: `${P}PaidEventsRecorded` }, 'Events', dimsOf(e, '20'));
  },
  'kms.requests': (_, e, { P, add }) => {
    add('awskms', '', { usagetype: `${P}KMS-Requests` }, 'Requests', dimsOf(e));
    add('awskms', '', { usagetype: `${P}KMS-Requests-Asymmetric` }, 'Requests', dimsOf(e, '5'));
  },
  'kms.key': (_, e, { P, add }) => add('awskms', 'Encryption Key', { usagetype: `${P}KMS-Keys` }, 'Keys', dimsOf(e)),
  'eks.cluster': (_, e, { P, add }) => {
    add('AmazonEKS', 'Compute', { usagetype: `${P}AmazonEKS-Hours:perCluster`, operation: 'CreateOperation' }, 'Hours', dimsOf(e));
    add('AmazonEKS', 'Compute', { usagetype: `${P}AmazonEKS-Hours:extendedSupport`, operation: 'ExtendedSupport' }, 'Hours', dimsOf(e, '6'));
  },
  'elb.nlb.hour': (_, e, b) => nlb('LoadBalancerUsage', 'Hrs', e, b),
  'elb.nlb.lcu': (_, e, b) => nlb('LCUUsage', 'LCU-Hrs', e, b),
  'compute.vcpu-hour': (_, e, { P, add }) => {
    add('AmazonECS', 'Compute', { usagetype: `${P}Fargate-vCPU-Hours:perCPU`, cputype: 'perCPU' }, 'hours', dimsOf(e));
    add('AmazonECS', 'Compute', { usagetype: `${P}Fargate-ARM-vCPU-Hours:perCPU`, cputype: 'perCPU' }, 'hours', dimsOf(e, '0.8'));
  },
  'compute.gib-hour': (_, e, { P, add }) => add('AmazonECS', 'Compute', { usagetype: `${P}Fargate-GB-Hours`, memorytype: 'perGB' }, 'hours', dimsOf(e)),
  's3.transition': (cls, e, { p, add, tier4 }) => {
    if (cls === 'INTELLIGENT_TIERING' || cls === 'STANDARD_IA') {
      tier4[cls] = e.usd!;
      return;
    }
    // as in real offer data: no Requests-Tier4 product for Glacier IR transitions (see S3_TRANSITIONS)
    if (cls === 'GLACIER_IR') return;
    const operation = cls === 'GLACIER' ? 'S3-GlacierTransition' : 'S3-GDATransition';
    add('AmazonS3', '', { group: 'S3-API-Tier3', usagetype: `${p}Requests-Tier3`, operation }, 'Requests', dimsOf(e));
  },
  // plan --alternatives: CloudWatch usage types carry the region prefix even in us-east-1 (USE1-DataProcessing-Bytes)
  'cloudwatch.logs.ingest': (cls, e, { P, add }) => {
    const ia = cls === 'ia';
    add('AmazonCloudWatch', 'Data Payload', { group: ia ? 'IA Custom ingested Logs' : 'Ingested Logs', usagetype: `${P}DataProcessing${ia ? 'IA' : ''}-Bytes`, operation: 'PutLogEvents' }, 'GB', dimsOf(e));
    // vended logs: another usagetype, tiered (a loose /DataProcessing|Bytes/ match would take it)
    add('AmazonCloudWatch', 'Data Payload', { group: 'Vended Logs', usagetype: `${P}VendedLog${ia ? 'IA' : ''}-Bytes`, operation: 'PutLogEvents' }, 'GB', [
      { begin: '0', end: '10240', usd: pad10(e.usd!) },
      { begin: '10240', end: 'Inf', usd: pad10(mul(e.usd!, '0.5')) },
    ]);
  },
  'cloudwatch.logs.storage': (cls, e, { P, add }) => {
    add('AmazonCloudWatch', 'Storage Snapshot', { group: 'Archived Logs', usagetype: `${P}TimedStorage${cls === 'ia' ? '-IA' : ''}-ByteHrs` }, 'GB-Mo', dimsOf(e));
    if (cls === 'standard') add('AmazonCloudWatch', 'Storage Snapshot', { usagetype: `${P}TimedStorage-AIA-ByteHrs` }, 'GB-Mo', dimsOf(e, '0.2'));
  },
  'cloudwatch.logs.insights': (_, e, { P, add }) => {
    add('AmazonCloudWatch', 'Data Payload', { usagetype: `${P}DataScanned-Bytes`, operation: 'StartQuery' }, 'GB', dimsOf(e));
    add('AmazonCloudWatch', 'Data Payload', { usagetype: `${P}DataProtection-Bytes`, operation: 'PutLogEvents' }, 'GB', dimsOf(e, '24'));
  },
  'opensearch.instance': (t, e, { P, add }) => {
    const os = { instanceType: t, usagetype: `${P}ESInstance:${t.replace(/\.search$/, '')}`, operation: 'ESDomain' };
    add('AmazonES', 'Amazon OpenSearch Service Instance', os, 'Hrs', dimsOf(e));
    // the volume rows of the same service share the region, never the instance family
    add('AmazonES', 'Amazon OpenSearch Service Volume', { storageMedia: 'GP3', usagetype: `${P}ES:GP3-Storage` }, 'GB-Mo', dimsOf({ unit: 'GB-month', usd: '0.122' }));
  },
};

function nlb(usage: string, unit: string, e: SnapEntry, { p, add }: BuildContext) {
  add('AWSELB', 'Load Balancer-Network', { usagetype: `${p}${usage}`, operation: 'LoadBalancing:Network' }, unit, dimsOf(e));
  add('AWSELB', 'Load Balancer-Network', { usagetype: `${p}Outposts-${usage}`, operation: 'LoadBalancing:Network' }, unit, dimsOf(e, '3'));
  add('AWSELB', 'Load Balancer-Application', { usagetype: `${p}${usage}`, operation: 'LoadBalancing:Application' }, unit, dimsOf(e, '1.5'));
}

/** The Price List products for one region, from that region's snapshot prices. */
export function catalogue(region: string, prices: Record<string, SnapEntry>): FakeProduct[] {
  const loc = LOCATIONS[region]!;
  const p = region === 'us-east-1' ? '' : `${PREFIX[region]}-`;
  const P = `${PREFIX[region]}-`;
  const base = { regionCode: region, location: loc, locationType: 'AWS Region' };
  const out: FakeProduct[] = [];
  const tier4: Record<string, string> = {};
  const ctx: BuildContext = {
    p,
    P,
    loc,
    region,
    tier4,
    push: (fp) => out.push(fp),
    add: (serviceCode, productFamily, attributes, unit, dims) => out.push({ serviceCode, productFamily, attributes: { ...base, servicecode: serviceCode, ...attributes }, unit, dims }),
  };
  for (const [key, e] of Object.entries(prices)) {
    const f = familyOf(key);
    if (!f) throw new Error(`fake-aws: snapshot key ${key} is in no price-key family`);
    FAKE_BUILDERS[f.id]?.(f.param ?? '', e, ctx);
  }
  if (tier4['INTELLIGENT_TIERING'] !== undefined) {
    if (tier4['INTELLIGENT_TIERING'] !== tier4['STANDARD_IA']) throw new Error('fake-aws: Requests-Tier4 has one price for IT and Standard-IA transitions');
    ctx.add('AmazonS3', '', { group: 'S3-API-Tier4', usagetype: `${p}Requests-Tier4`, operation: '' }, 'Requests', dimsOf({ unit: 'request', usd: tier4['INTELLIGENT_TIERING'] }));
  }
  return out;
}

let skuSeq = 0;
function productJson(fp: FakeProduct, publication: string): string {
  const sku = `FAKE${(++skuSeq).toString(36).toUpperCase().padStart(8, '0')}`;
  const term = `${sku}.JRTCKXETXF`;
  const priceDimensions: Record<string, unknown> = {};
  fp.dims.forEach((d, i) => {
    const rate = `${term}.${['6YS6EN2CT7', 'PGHJ3S3EYE', 'D42MF2PVJS'][i] ?? `RATE${i}`}`;
    priceDimensions[rate] = {
      unit: fp.unit,
      endRange: d.end,
      description: `$${d.usd} per ${fp.unit} (${fp.attributes['usagetype']})`,
      appliesTo: [],
      rateCode: rate,
      beginRange: d.begin,
      pricePerUnit: { USD: d.usd },
    };
  });
  const doc: Record<string, unknown> = {
    product: { productFamily: fp.productFamily || undefined, attributes: fp.attributes, sku },
    serviceCode: fp.serviceCode,
    terms: {
      OnDemand: { [term]: { priceDimensions, sku, effectiveDate: '2026-10-01T00:00:00Z', offerTermCode: 'JRTCKXETXF', termAttributes: {} } },
      ...(fp.serviceCode === 'AmazonEC2' && fp.productFamily === 'Compute Instance'
        ? {
            Reserved: {
              [`${sku}.4NA7Y494T4`]: {
                priceDimensions: { [`${sku}.4NA7Y494T4.6YS6EN2CT7`]: { unit: 'Hrs', endRange: 'Inf', beginRange: '0', pricePerUnit: { USD: '0.0100000000' }, rateCode: 'x', description: 'RI', appliesTo: [] } },
                sku,
                effectiveDate: '2026-10-01T00:00:00Z',
                offerTermCode: '4NA7Y494T4',
                termAttributes: { LeaseContractLength: '1yr', OfferingClass: 'standard', PurchaseOption: 'No Upfront' },
              },
            },
          }
        : {}),
    },
    version: '20261008000000',
    publicationDate: publication,
  };
  return JSON.stringify(doc);
}

interface Filter {
  Type: string;
  Field: string;
  Value: string;
}
function matches(fp: FakeProduct, f: Filter): boolean {
  const v = f.Field === 'ServiceCode' ? fp.serviceCode : f.Field === 'productFamily' ? fp.productFamily : fp.attributes[f.Field];
  if (v === undefined) return false;
  switch (f.Type) {
    case 'TERM_MATCH':
    case 'EQUALS':
      return v === f.Value;
    case 'CONTAINS':
      return v.includes(f.Value);
    case 'ANY_OF':
      return f.Value.split(',').includes(v);
    case 'NONE_OF':
      return !f.Value.split(',').includes(v);
    default:
      throw new Error(`InvalidParameterException: unknown filter type ${f.Type}`);
  }
}

export interface FakeAwsOptions {
  /** snapshot-format document whose prices the catalogue and spot history reproduce */
  doc?: { regions: Record<string, { prices: Record<string, SnapEntry> }> };
  /** GetProducts page size (the SDK asks for 100) */
  pageSize?: number;
  spotPageSize?: number;
  /** monthly Cost Explorer amounts per service */
  costs?: Record<string, string>;
  /** Cost Explorer marks the last N months of a window Estimated, as it does until billing closes */
  estimatedLast?: number;
  /** Cost Explorer also sends the month before the window (a proxy or API change) */
  extraMonth?: boolean;
  /** recorded GetCostAndUsage groups, served verbatim for every month */
  costGroups?: unknown[];
  publicationDate?: string;
  /**
   * prices of the alternatives' catalogue keys per region (plan --alternatives); default: the
   * shipped alternatives snapshot when `doc` is not given, none when it is
   */
  alternatives?: Record<string, Record<string, SnapEntry>>;
}

/** The shipped alternatives snapshot's catalogue keys (CloudWatch Logs, OpenSearch instances) in the regions the fake knows. */
function alternativesOfSnapshot(): Record<string, Record<string, SnapEntry>> {
  const out: Record<string, Record<string, SnapEntry>> = {};
  for (const [region, prices] of Object.entries(alternativePrices().aws)) {
    if (!LOCATIONS[region]) continue;
    out[region] = Object.fromEntries(Object.entries(prices).filter(([k]) => familyOf(k)).map(([k, e]) => [k, { unit: e.unit, usd: e.usd }]));
  }
  return out;
}

export class FakeAws {
  readonly requests: LoggedRequest[] = [];
  faults: Fault[] = [];
  /** extra raw products per region (e.g. a conflicting duplicate) */
  extra: { region: string; product: FakeProduct }[] = [];
  private server: Server | null = null;
  private products: { region: string; json: string; fp: FakeProduct }[];
  readonly opts: FakeAwsOptions;
  url = '';

  constructor(opts: FakeAwsOptions = {}) {
    this.opts = opts;
    const doc = opts.doc ?? (snapshot as unknown as NonNullable<FakeAwsOptions['doc']>);
    const pub = opts.publicationDate ?? '2026-10-08T00:00:00Z';
    this.products = Object.entries(doc.regions).flatMap(([region, body]) => catalogue(region, body.prices).map((fp) => ({ region, fp, json: productJson(fp, pub) })));
    const alt = opts.alternatives ?? (opts.doc ? {} : alternativesOfSnapshot());
    for (const [region, prices] of Object.entries(alt)) this.products.push(...catalogue(region, prices).map((fp) => ({ region, fp, json: productJson(fp, pub) })));
  }

  /** Serve a recorded GetProducts item verbatim (test/fixtures/aws/), filtered on its own attributes. */
  addRecorded(item: { product: { productFamily?: string; attributes: Record<string, string> }; serviceCode: string }): void {
    const fp: FakeProduct = { serviceCode: item.serviceCode, productFamily: item.product.productFamily ?? '', attributes: item.product.attributes, unit: '', dims: [] };
    this.products.push({ region: item.product.attributes['regionCode'] ?? '', fp, json: JSON.stringify(item) });
  }

  addProduct(region: string, fp: FakeProduct): void {
    this.products.push({ region, fp: { ...fp, attributes: { regionCode: region, location: LOCATIONS[region]!, ...fp.attributes } }, json: productJson(fp, this.opts.publicationDate ?? '2026-10-08T00:00:00Z') });
  }

  count(op: Op): number {
    return this.requests.filter((r) => r.op === op).length;
  }

  /** AWS_ENDPOINT_URL_* and dummy credentials for a child process using the real SDK. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_PRICING: this.url,
      AWS_ENDPOINT_URL_EC2: this.url,
      AWS_ENDPOINT_URL_COST_EXPLORER: this.url,
      AWS_ACCESS_KEY_ID: 'AKIDFAKEFAKEFAKE',
      AWS_SECRET_ACCESS_KEY: 'fake-secret',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_RETRY_MODE: 'standard',
      ...extra,
    };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          this.handle(req, Buffer.concat(chunks).toString('utf8'), res);
        } catch (e) {
          res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
          res.end(JSON.stringify({ __type: 'InternalErrorException', Message: String((e as Error).message) }));
        }
      });
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => this.server?.close(() => ok()) ?? ok());
  }

  private takeFault(op: Op): Fault | null {
    const f = this.faults.find((x) => (x.op === op || x.op === '*') && x.times > 0);
    if (!f) return null;
    f.times -= 1;
    return f;
  }

  private handle(req: IncomingMessage, body: string, res: ServerResponse): void {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target) {
      const op = target.split('.')[1] as Op;
      const input = JSON.parse(body) as Record<string, unknown>;
      this.requests.push({ op, body: input });
      const fault = this.takeFault(op);
      if (fault && this.jsonFault(fault, res, op)) return;
      if (target === 'AWSPriceListService.GetProducts') return this.getProducts(input, res, fault?.kind === 'malformed');
      if (target === 'AWSInsightsIndexService.GetCostAndUsage') return this.costAndUsage(input, res, fault?.kind === 'malformed');
      return this.json(res, 400, { __type: 'UnknownOperationException', message: target }, 'UnknownOperationException');
    }
    const form = new URLSearchParams(body);
    const action = form.get('Action') ?? '';
    this.requests.push({ op: action, body: Object.fromEntries(form) });
    if (action !== 'DescribeSpotPriceHistory') return this.xmlError(res, 400, 'InvalidAction', `unknown action ${action}`);
    const fault = this.takeFault('DescribeSpotPriceHistory');
    if (fault) {
      if (fault.kind === 'hang') return; // never answer
      if (fault.kind === 'throttle') return this.xmlError(res, 503, 'RequestLimitExceeded', 'Request limit exceeded.');
      if (fault.kind === 'deny') return this.xmlError(res, 403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.');
      if (fault.kind === 'expired') return this.xmlError(res, 400, 'RequestExpired', 'Request has expired.');
      if (fault.kind === 'badjson' || fault.kind === 'malformed') {
        res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' });
        return void res.end('<DescribeSpotPriceHistoryResponse><spotPriceHistorySet><item><instanceType>');
      }
    }
    // EC2 endpoints are regional: the SigV4 credential scope names the region the client signed for
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/ec2\//.exec(String(req.headers['authorization'] ?? ''));
    this.spotHistory(form, res, scope?.[1] ?? 'us-east-1');
  }

  private jsonFault(f: Fault, res: ServerResponse, op: Op): boolean {
    switch (f.kind) {
      case 'hang':
        return true;
      case 'throttle':
        this.json(res, 429, { __type: 'ThrottlingException', Message: 'Rate exceeded' }, 'ThrottlingException');
        return true;
      case 'deny':
        this.json(res, 400, { __type: 'AccessDeniedException', Message: `User: arn:aws:iam::123456789012:user/test is not authorized to perform: ${op === 'GetCostAndUsage' ? 'ce:GetCostAndUsage' : 'pricing:GetProducts'}` }, 'AccessDeniedException');
        return true;
      case 'expired':
        this.json(res, 400, { __type: 'ExpiredTokenException', message: 'The security token included in the request is expired' }, 'ExpiredTokenException');
        return true;
      case 'invalid':
        this.json(res, 400, { __type: 'InvalidParameterException', Message: 'Invalid filter' }, 'InvalidParameterException');
        return true;
      case 'badjson':
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end('{"FormatVersion":"aws_v1","PriceList":["{');
        return true;
      case 'malformed':
        return false; // handled by the operation: well-formed envelope, broken content
      case 'endless': {
        // a body that never ends (as a 2 GiB Price List page would, for the client): 1 MiB at a time, while read
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.write('{"FormatVersion":"aws_v1","PriceList":["');
        const mib = Buffer.alloc(1 << 20, 0x61);
        const pump = () => {
          while (!res.destroyed && res.write(mib));
        };
        res.on('drain', pump);
        pump();
        return true;
      }
      case 'huge-declared':
        // a header announcing 2 GiB: refused before the body is read
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': String(2 ** 31) });
        res.write('{"FormatVersion":"aws_v1","PriceList":["');
        return true;
    }
  }

  private json(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
    const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${this.requests.length}` };
    if (errorType) headers['x-amzn-errortype'] = `${errorType}:http://internal.amazon.com/coral/com.amazonaws.awspricelistservice/`;
    res.writeHead(status, headers);
    res.end(JSON.stringify(body));
  }

  private getProducts(input: Record<string, unknown>, res: ServerResponse, malformed: boolean): void {
    const service = String(input['ServiceCode']);
    const filters = (input['Filters'] ?? []) as Filter[];
    const max = Math.min(Number(input['MaxResults'] ?? 100), this.opts.pageSize ?? 100);
    const all = [...this.products]
      .filter((x) => x.fp.serviceCode === service && filters.every((f) => matches(x.fp, f)));
    const offset = input['NextToken'] ? Number(Buffer.from(String(input['NextToken']), 'base64').toString('utf8').split(':')[1]) : 0;
    const page = all.slice(offset, offset + max);
    const next = offset + max < all.length ? Buffer.from(`page:${offset + max}`).toString('base64') : undefined;
    const list = page.map((x) => x.json);
    if (malformed && list.length) list[0] = list[0]!.slice(0, 40);
    this.json(res, 200, { FormatVersion: 'aws_v1', PriceList: list, ...(next ? { NextToken: next } : {}) });
  }

  private spotHistory(form: URLSearchParams, res: ServerResponse, region: string): void {
    const types: string[] = [];
    for (let i = 1; form.has(`InstanceType.${i}`); i++) types.push(form.get(`InstanceType.${i}`)!);
    const end = new Date(form.get('EndTime') ?? Date.now());
    const start = new Date(form.get('StartTime') ?? end.getTime() - 86400_000);
    const doc = (this.opts.doc ?? (snapshot as unknown as NonNullable<FakeAwsOptions['doc']>)).regions[region];
    if (!doc) return this.xmlError(res, 400, 'InvalidParameterValue', `unknown region ${region}`);
    const items: string[] = [];
    for (const t of types) {
      // a listed spot price, else the region's labelled estimate off on-demand
      const od = doc.prices[`ec2.ondemand.${t}`];
      const est = (doc as { spotEstimate?: { discountPercent: string } }).spotEstimate;
      const e = doc.prices[`ec2.spot.${t}`] ?? (od?.usd && est ? { unit: 'hour', usd: String((Number(od.usd) * (100 - Number(est.discountPercent))) / 100) } : undefined);
      if (!e?.usd) continue;
      const usd = Number(e.usd).toFixed(6);
      for (const z of ['a', 'b', 'c']) {
        // the price in effect at the window's start (before it), and two changes inside it at the same price
        for (const at of [new Date(start.getTime() - 3600_000), new Date(start.getTime() + (end.getTime() - start.getTime()) / 3), new Date(end.getTime() - 60_000)]) {
          items.push(
            `<item><instanceType>${t}</instanceType><productDescription>Linux/UNIX</productDescription><spotPrice>${usd}</spotPrice><timestamp>${at.toISOString()}</timestamp><availabilityZone>${region}${z}</availabilityZone></item>`,
          );
        }
      }
    }
    const size = this.opts.spotPageSize ?? 1000;
    const offset = Number(form.get('NextToken') ?? '0') || 0;
    const page = items.slice(offset, offset + size);
    const next = offset + size < items.length ? String(offset + size) : '';
    res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeSpotPriceHistoryResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-${this.requests.length}</requestId><spotPriceHistorySet>${page.join('')}</spotPriceHistorySet><nextToken>${next}</nextToken></DescribeSpotPriceHistoryResponse>`,
    );
  }

  private xmlError(res: ServerResponse, status: number, code: string, message: string): void {
    res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>req-${this.requests.length}</RequestID></Response>`);
  }

  private costAndUsage(input: Record<string, unknown>, res: ServerResponse, malformed: boolean): void {
    const tp = input['TimePeriod'] as { Start: string; End: string };
    const costs = this.opts.costs ?? { 'Amazon Elastic Compute Cloud - Compute': '812.40', 'Amazon Simple Storage Service': '95.12', 'EC2 - Other': '40.00' };
    const results = [];
    const first = new Date(`${tp.Start}T00:00:00Z`);
    if (this.opts.extraMonth) first.setUTCMonth(first.getUTCMonth() - 1);
    for (let d = first; d < new Date(`${tp.End}T00:00:00Z`); d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
      const e = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
      results.push({
        TimePeriod: { Start: d.toISOString().slice(0, 10), End: e.toISOString().slice(0, 10) },
        Total: {},
        Groups: this.opts.costGroups ?? Object.entries(costs).map(([svc, amt]) => ({ Keys: [svc], Metrics: { UnblendedCost: { Amount: malformed ? 'lots' : amt, Unit: 'USD' } } })),
        Estimated: false,
      });
    }
    for (let i = 0; i < (this.opts.estimatedLast ?? 0) && i < results.length; i++) results[results.length - 1 - i]!.Estimated = true;
    this.json(res, 200, { GroupDefinitions: [{ Type: 'DIMENSION', Key: 'SERVICE' }], ResultsByTime: results, DimensionValueAttributes: [] });
  }
}
