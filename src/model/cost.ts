/**
 * Cost lines: every money figure is quantity x unit price from the PriceBook, with its key and
 * source. Totals are derived from lines by `totals()` and nowhere else.
 */
import { PriceNotFoundError } from '../errors.js';
import { flushText } from './flush.js';
import { pushRatio } from './compression.js';
import { fmtNum, fmtPct, plural } from './format.js';
import { flatPrice, PriceKeys, splitTiers, tierAt, type Price, type PriceBook, type PriceTier } from './prices.js';
import { classOf, RETRIEVAL_CLASSES } from './storage.js';
import type {
  Category,
  CostComponent,
  CostLine,
  NodeGroup,
  PricingCategory,
  Scenario,
  StoragePlan,
  Topology,
  Totals,
} from './types.js';

export const CATEGORY_OF: Record<CostComponent, Category> = {
  compute: 'compute',
  'node-volumes': 'blockStorage',
  'pod-volumes': 'blockStorage',
  's3-storage': 'objectStorage',
  's3-monitoring': 'objectStorage',
  's3-requests': 'requests',
  's3-transitions': 'requests',
  'inter-az': 'dataTransfer',
  's3-network': 'dataTransfer',
  audit: 'other',
  kms: 'requests',
  'eks-cluster': 'other',
  'load-balancer': 'other',
};

interface LineSpec {
  id: string;
  component: CostComponent;
  resource: string;
  /** words, or a function giving them (not called when the builder builds no descriptions) */
  description: string | (() => string);
  unit: string;
  quantity: number;
  priceKey: string;
  target?: string;
  pricingCategory?: PricingCategory;
}

export class LineBuilder {
  readonly lines: (CostLine & { target?: string })[] = [];
  /**
   * `descriptions: false` gives every line the description '' and never builds the words: for
   * evaluations that read the figures alone (what-if points, network levers, the price of holding).
   */
  constructor(
    private readonly book: PriceBook,
    private readonly descriptions = true,
  ) {}

  /** A flat-priced line. Zero quantities are skipped, but the price must still exist. */
  add(spec: LineSpec): void {
    const price = this.book.get(spec.priceKey);
    const tier = flatPrice(price);
    if (spec.quantity === 0) return;
    this.push(spec, tier.usd, tier.value, price, 0);
  }

  /** A tiered price: one line per tier the quantity reaches (`offset` = quantity already billed at this price, so tiers continue from it). */
  addTiered(spec: LineSpec, offset = 0): void {
    const price = this.book.get(spec.priceKey);
    if (spec.quantity === 0) return;
    const slices = offset > 0 ? sliceAbove(spec.quantity, offset, price.tiers, spec.priceKey) : splitTiers(spec.quantity, price.tiers, spec.priceKey);
    const many = slices.length > 1 || price.tiers.length > 1;
    const words = this.descriptions ? wordsOf(spec.description) : '';
    slices.forEach((t, i) => {
      if (t.quantity === 0) return;
      const range = many && this.descriptions ? ` (tier ${i + 1}: ${fmtNum(t.from)}-${t.to === null ? '...' : fmtNum(t.to)} ${price.unit.replace(/-month$/, '')})` : '';
      this.push(
        { ...spec, id: many ? `${spec.id}.tier${i + 1}` : spec.id, quantity: t.quantity, description: words + range },
        t.usd,
        t.unitPrice,
        price,
        t.from,
      );
    });
  }

  /** `at`: where the line's quantity starts in the price's tiers, to find the list and contracted tier */
  private push(spec: LineSpec, usd: string, value: number, price: Price, at: number) {
    const { source, pricingCategory: cat, sku } = price;
    if (!Number.isFinite(spec.quantity) || spec.quantity < 0) {
      throw new RangeError(`${spec.id}: quantity ${spec.quantity} is not a finite non-negative number`);
    }
    const line: CostLine & { target?: string } = {
      id: spec.id,
      category: CATEGORY_OF[spec.component],
      component: spec.component,
      resource: spec.resource,
      description: this.descriptions ? wordsOf(spec.description) : '',
      unit: spec.unit,
      quantity: spec.quantity,
      priceKey: spec.priceKey,
      unitPriceUsd: usd,
      unitPrice: value,
      monthlyCost: spec.quantity * value,
      priceSource: source,
      pricingCategory: spec.pricingCategory ?? cat ?? 'usage',
    };
    if (price.list) line.listUnitPriceUsd = tierAt(price.list, at).usd;
    if (price.contracted) line.contractedUnitPriceUsd = tierAt(price.contracted, at).usd;
    if (price.commitment) line.commitment = price.commitment;
    if (sku !== undefined) line.sku = sku;
    if (spec.target !== undefined) line.target = spec.target;
    this.lines.push(line);
  }
}

const wordsOf = (d: LineSpec['description']): string => (typeof d === 'string' ? d : d());

/** Tier slices of `quantity` billed after `offset` already was: the slices of offset + quantity less those of offset. */
function sliceAbove(quantity: number, offset: number, tiers: readonly PriceTier[], key: string): ReturnType<typeof splitTiers> {
  const below = splitTiers(offset, tiers, key);
  return splitTiers(offset + quantity, tiers, key).map((t, i) => {
    const q = t.quantity - (below[i]?.quantity ?? 0);
    return { ...t, quantity: q, cost: q * t.unitPrice };
  });
}

export function totals(lines: readonly CostLine[]): Totals {
  const byCategory: Record<Category, number> = { compute: 0, blockStorage: 0, objectStorage: 0, requests: 0, dataTransfer: 0, other: 0 };
  let monthly = 0;
  for (const l of lines) {
    byCategory[l.category] += l.monthlyCost;
    monthly += l.monthlyCost;
  }
  return { monthly, byCategory };
}

export function computeLines(b: LineBuilder, s: Scenario, topo: Topology, nodes: NodeGroup[]): void {
  const hours = s.hoursPerMonth;
  if (s.compute.pricing === 'nodes') {
    for (const g of nodes) {
      b.add({
        id: `compute.nodes.${g.capacityType}.${g.dedicatedTo ? `${g.dedicatedTo}.` : ''}${g.instanceType}`,
        component: 'compute',
        resource: `${g.capacityType} node group${g.dedicatedTo ? ` for ${g.dedicatedTo}` : ''} (${g.instanceType})`,
        description: () => `${g.count} x ${g.instanceType} ${g.capacityType} for ${fmtNum(hours)} h (${g.perZone.join('/')} per zone); ${g.why}`,
        unit: 'instance-hour',
        quantity: g.count * hours,
        priceKey: g.capacityType === 'spot' ? PriceKeys.ec2Spot(g.instanceType) : g.capacityType === 'committed' ? PriceKeys.ec2Committed(g.instanceType) : PriceKeys.ec2OnDemand(g.instanceType),
        pricingCategory: g.capacityType,
      });
    }
    const count = nodes.reduce((a, g) => a + g.count, 0);
    b.add({
      id: 'ebs.node-root',
      component: 'node-volumes',
      resource: 'node root volumes (gp3)',
      description: () => `${plural(count, 'node')} x ${fmtNum(s.compute.nodeRootVolumeGiB)} GiB gp3 root volume`,
      unit: 'GB-month',
      quantity: count * s.compute.nodeRootVolumeGiB,
      priceKey: PriceKeys.ebsGp3Storage,
    });
  } else {
    const basis = s.compute.perVcpu.basis;
    for (const t of topo.targets) {
      const r = basis === 'limits' ? t.limits : t.requests;
      b.add({
        id: `compute.vcpu.${t.name}`,
        component: 'compute',
        target: t.name,
        resource: `${t.name} pods`,
        description: () => `${t.replicas} x ${fmtNum(r.cpu)} vCPU (${basis}) x ${fmtNum(hours)} h`,
        unit: 'vCPU-hour',
        quantity: t.replicas * r.cpu * hours,
        priceKey: PriceKeys.vcpuHour,
        pricingCategory: 'on-demand',
      });
      if (s.compute.perVcpu.memory) {
        b.add({
          id: `compute.memory.${t.name}`,
          component: 'compute',
          target: t.name,
          resource: `${t.name} pods`,
          description: () => `${t.replicas} x ${fmtNum(r.memoryGiB)} GiB (${basis}) x ${fmtNum(hours)} h`,
          unit: 'GiB-hour',
          quantity: t.replicas * r.memoryGiB * hours,
          priceKey: PriceKeys.gibHour,
          pricingCategory: 'on-demand',
        });
      }
    }
  }
  for (const t of topo.targets) {
    b.add({
      id: `ebs.pod.${t.name}`,
      component: 'pod-volumes',
      target: t.name,
      resource: `${t.name} volumes (gp3)`,
      description: () => `${t.replicas} x ${fmtNum(t.volumeGiB)} GiB gp3${t.name === 'monolithic' ? ' (chunks and index on the filesystem)' : ''}`,
      unit: 'GB-month',
      quantity: t.replicas * t.volumeGiB,
      priceKey: PriceKeys.ebsGp3Storage,
    });
  }
}

const CLASS_NAMES: Record<string, string> = {
  STANDARD: 'S3 Standard',
  INTELLIGENT_TIERING_FA: 'S3 Intelligent-Tiering, Frequent Access',
  INTELLIGENT_TIERING_IA: 'S3 Intelligent-Tiering, Infrequent Access',
  INTELLIGENT_TIERING_AIA: 'S3 Intelligent-Tiering, Archive Instant Access',
  STANDARD_IA: 'S3 Standard-IA',
  GLACIER_IR: 'S3 Glacier Instant Retrieval',
  GLACIER: 'S3 Glacier Flexible Retrieval',
  DEEP_ARCHIVE: 'S3 Glacier Deep Archive',
  INTELLIGENT_TIERING: 'S3 Intelligent-Tiering',
};

export function storageLines(b: LineBuilder, s: Scenario, st: StoragePlan): void {
  const gbName = s.storage.billingGigabyte === 'GB' ? 'GB (10^9 bytes)' : 'GB (2^30 bytes)';
  for (const seg of st.segments) {
    b.addTiered({
      id: `s3.storage.${seg.class}`,
      component: 's3-storage',
      resource: CLASS_NAMES[seg.class]!,
      description: () => `chunks aged days ${fmtNum(seg.fromDay)}-${fmtNum(seg.toDay)}: ${fmtNum(seg.gb)} ${gbName} at steady state`,
      unit: 'GB-month',
      quantity: seg.gb,
      priceKey: PriceKeys.s3Storage(seg.class),
    });
  }
  for (const [cls, gb] of Object.entries(st.earlyDeletionGbMonths)) {
    b.add({
      id: `s3.storage.${cls}.minimum-duration`,
      component: 's3-storage',
      resource: CLASS_NAMES[cls]!,
      description: () => `minimum storage duration charge for objects leaving ${cls} early`,
      unit: 'GB-month',
      quantity: gb,
      priceKey: PriceKeys.s3Storage(cls),
    });
  }
  const standardGb = st.segments.filter((x) => x.class === 'STANDARD').reduce((a, x) => a + x.gb, 0);
  let standardOverhead = 0;
  for (const o of st.archiveOverhead) {
    b.addTiered({
      id: `s3.storage.${o.class}.archive-overhead`,
      component: 's3-storage',
      resource: CLASS_NAMES[o.class]!,
      description: () => `archive overhead: 32 KB of index and metadata per object, ${fmtNum(o.objects)} objects, at the ${CLASS_NAMES[o.class]} rate`,
      unit: 'GB-month',
      quantity: o.gb,
      priceKey: PriceKeys.s3Storage(o.class),
    });
    b.addTiered(
      {
        id: `s3.storage.STANDARD.archive-overhead.${o.class}`,
        component: 's3-storage',
        resource: CLASS_NAMES['STANDARD']!,
        description: () => `archive overhead: 8 KB of name and metadata per ${CLASS_NAMES[o.class]} object at the S3 Standard rate`,
        unit: 'GB-month',
        quantity: o.standardGb,
        priceKey: PriceKeys.s3Storage('STANDARD'),
      },
      standardGb + standardOverhead,
    );
    standardOverhead += o.standardGb;
  }
  const first = s.storage.lifecycle[0]!;
  const firstClass = 'class' in first ? first.class : 'STANDARD';
  const putKey = firstClass === 'STANDARD' || firstClass === 'INTELLIGENT_TIERING' ? PriceKeys.s3Tier1 : `${PriceKeys.s3Tier1}.${firstClass}`;
  if (st.objectsPerDay > 0) {
    b.add({
      id: 's3.requests.put.chunks',
      component: 's3-requests',
      resource: 'S3 PUT requests',
      description: () => `chunk uploads: ${fmtNum(st.objectsPerDay)} objects/day of ${fmtNum(st.objectBytes / 1e6)} MB${st.flush ? ` (${flushText(st.flush, s)})` : ' (chunks assumed full: set ingest.streams to derive the cuts)'}`,
      unit: 'request',
      quantity: st.putsPerMonth,
      priceKey: putKey,
    });
    b.add({
      id: 's3.requests.put.index',
      component: 's3-requests',
      resource: 'S3 PUT requests',
      description: 'TSDB index uploads: every 15 minutes per ingester',
      unit: 'request',
      quantity: st.indexPutsPerMonth,
      priceKey: putKey,
    });
  }
  // GETs at the price of the class each read finds its object in; Standard-IA and Glacier IR add retrieval per GB
  const byClass = new Map<string, { share: number; gb: number; gets: number }>();
  for (const r of st.reads) {
    const cls = classOf(r.class);
    if (cls === 'GLACIER' || cls === 'DEEP_ARCHIVE') continue; // not readable: warned in storage()
    const k = cls === 'INTELLIGENT_TIERING' ? 'STANDARD' : cls; // Intelligent-Tiering bills GETs at Standard's rate, no retrieval
    const e = byClass.get(k) ?? { share: 0, gb: 0, gets: 0 };
    byClass.set(k, { share: e.share + r.share, gb: e.gb + r.gb, gets: e.gets + r.gets });
  }
  const scanned = () => `queries scanning ${fmtNum(s.query.scannedBytesPerDay / 1e12)} TB/day (raw)`;
  const std = byClass.get('STANDARD');
  b.add({
    id: 's3.requests.list.index',
    component: 's3-requests',
    resource: 'S3 LIST requests',
    description: 'TSDB index sync (index gateways and rulers every 5 min) and compaction (every 10 min), per tenant',
    unit: 'request',
    quantity: st.listsPerMonth,
    priceKey: putKey,
  });
  b.add({
    id: 's3.requests.get.chunks',
    component: 's3-requests',
    resource: 'S3 GET requests',
    description: () => byClass.size > 1 || (byClass.size === 1 && !std) ? `chunk reads from S3 Standard (and Intelligent-Tiering), ${fmtNum((std?.share ?? 0) * 100)}% of ${scanned()}` : `chunk reads for ${scanned()}`,
    unit: 'request',
    quantity: std?.gets ?? (byClass.size === 0 ? st.getsPerMonth : 0),
    priceKey: PriceKeys.s3Tier2,
  });
  for (const [cls, r] of byClass) {
    if (cls === 'STANDARD') continue;
    b.add({
      id: `s3.requests.get.chunks.${cls}`,
      component: 's3-requests',
      resource: 'S3 GET requests',
      description: () => `chunk reads from ${CLASS_NAMES[cls]}: ${fmtNum(r.share * 100)}% of ${scanned()} (query.byAge)`,
      unit: 'request',
      quantity: r.gets,
      priceKey: PriceKeys.s3Get(cls),
    });
    if (RETRIEVAL_CLASSES.includes(cls as never)) {
      b.add({
        id: `s3.retrieval.${cls}`,
        component: 's3-requests',
        resource: 'S3 data retrieval',
        description: () => `${CLASS_NAMES[cls]} retrieval: ${fmtNum(r.gb)} GB of chunks read a month`,
        unit: 'GB',
        quantity: r.gb,
        priceKey: PriceKeys.s3Retrieval(cls),
      });
    }
  }
  for (const [cls, n] of Object.entries(st.transitionsPerMonth)) {
    b.add({
      id: `s3.transition.${cls}`,
      component: 's3-transitions',
      resource: 'S3 lifecycle transitions',
      description: () => `lifecycle transitions to ${CLASS_NAMES[cls]}`,
      unit: 'request',
      quantity: n,
      priceKey: PriceKeys.s3Transition(cls),
    });
  }
  if (st.monitoredObjects > 0) {
    b.add({
      id: 's3.it.monitoring',
      component: 's3-monitoring',
      resource: 'S3 Intelligent-Tiering monitoring',
      description: () => `${fmtNum(st.monitoredObjects)} monitored objects`,
      unit: 'object-month',
      quantity: st.monitoredObjects,
      priceKey: PriceKeys.s3ItMonitoring,
    });
  }
}

/** `ingestGbPerHour`: the bytes the load balancer carries, the agents' compressed push bodies. */
export function platformLines(b: LineBuilder, s: Scenario, ingestGbPerHour: number): void {
  if (s.platform.eksClusterShare > 0) {
    b.add({
      id: 'eks.cluster',
      component: 'eks-cluster',
      resource: 'EKS cluster',
      description: () => `${fmtNum(s.platform.eksClusterShare * 100)}% of one cluster's fee for ${fmtNum(s.hoursPerMonth)} h`,
      unit: 'cluster-hour',
      quantity: s.platform.eksClusterShare * s.hoursPerMonth,
      priceKey: PriceKeys.eksCluster,
    });
  }
  if (s.platform.loadBalancer === 'nlb') {
    b.add({
      id: 'elb.nlb.hours',
      component: 'load-balancer',
      resource: 'Network Load Balancer',
      description: () => `one NLB in front of the gateway for ${fmtNum(s.hoursPerMonth)} h`,
      unit: 'hour',
      quantity: s.hoursPerMonth,
      priceKey: PriceKeys.nlbHour,
    });
    b.add({
      id: 'elb.nlb.lcu',
      component: 'load-balancer',
      resource: 'Network Load Balancer',
      description: () => `NLCU-hours: ${fmtNum(ingestGbPerHour)} GB/h of compressed push bodies processed (raw ingest / ${fmtNum(pushRatio(s))}; 1 NLCU = 1 GB/h for TCP)`,
      unit: 'NLCU-hour',
      quantity: Math.max(ingestGbPerHour, 0) * s.hoursPerMonth,
      priceKey: PriceKeys.nlbLcu,
    });
  }
}

export function ensurePrice(book: PriceBook, key: string): void {
  if (!book.has(key)) throw new PriceNotFoundError(key, book.region, book.id);
}

/** S3 access-log record size: the AWS docs' example server access log record is about 500 bytes. */
export const ACCESS_LOG_RECORD_BYTES = 500;
/** S3 Bucket Keys cut SSE-KMS requests to KMS "by up to 99%" (AWS S3 User Guide, bucket-key): 1% remain. */
export const BUCKET_KEY_SHARE = 0.01;

/** Optional design items: CloudTrail S3 data events, S3 server access logs, SSE-KMS. Off by default. */
export function auditLines(b: LineBuilder, s: Scenario, st: StoragePlan, gb: number): void {
  const requests = st.putsPerMonth + st.indexPutsPerMonth + st.getsPerMonth + st.listsPerMonth;
  const bucket = st.bucket;
  if (bucket.cloudTrailDataEvents) {
    b.add({
      id: 'cloudtrail.data-events',
      component: 'audit',
      resource: 'CloudTrail S3 data events',
      description: () => `one data event per S3 object API call: ${fmtNum(requests)} PUT, GET and LIST a month`,
      unit: 'event',
      quantity: requests,
      priceKey: PriceKeys.cloudTrailDataEvents,
    });
  }
  if (bucket.accessLogDays !== null) {
    const days = bucket.accessLogDays;
    b.addTiered({
      id: 'audit.s3-access-logs.storage',
      component: 'audit',
      resource: 'S3 server access logs',
      description: () => `${fmtNum(requests)} log records a month x ${ACCESS_LOG_RECORD_BYTES} B, kept ${fmtNum(days)} days in S3 Standard in their own bucket (logging itself is free; the log objects are billed)`,
      unit: 'GB-month',
      quantity: ((requests / (s.hoursPerMonth / 24)) * ACCESS_LOG_RECORD_BYTES * days) / gb,
      priceKey: PriceKeys.s3Storage('STANDARD'),
    });
  }
  if (bucket.encryption !== 'sse-s3') {
    const keyed = bucket.encryption === 'sse-kms-bucket-key';
    const kmsCalls = (st.putsPerMonth + st.indexPutsPerMonth + st.getsPerMonth) * (keyed ? BUCKET_KEY_SHARE : 1);
    b.add({
      id: 'kms.requests',
      component: 'kms',
      resource: 'AWS KMS requests',
      description: () => `SSE-KMS: a GenerateDataKey per PUT and a Decrypt per GET${keyed ? `, x ${fmtPct(BUCKET_KEY_SHARE)} with S3 Bucket Keys ("up to 99%" fewer)` : ' (no S3 Bucket Key)'}`,
      unit: 'request',
      quantity: kmsCalls,
      priceKey: PriceKeys.kmsRequests,
    });
    b.add({
      id: 'kms.key',
      component: 'kms',
      resource: 'AWS KMS key',
      description: 'one customer managed key for the chunks bucket',
      unit: 'key-month',
      quantity: 1,
      priceKey: PriceKeys.kmsKey,
    });
  }
}
