/**
 * The price-key catalogue: ONE table of price-key families. Everything that knows about price
 * keys derives from it: the units a price book must give (sources/pricebook.ts), the unit of a
 * scenario override (model/prices.ts), the order `prices refresh` writes keys in, the keys
 * `prices show` lists, the FOCUS service columns of the cost file (report/csv.ts), which keys a
 * scenario needs (so `--prices live` fetches only those), what every snapshot region must carry,
 * the AWS Price List matching rules (sources/aws-pricing.ts, a Record over the families whose
 * `source` is 'price-list', so the compiler names a missing rule) and the test fake of AWS.
 *
 * To add a price key: add its family here (the compiler then asks for its AWS matching rule if it
 * is fetched from the Price List, and for the fake's product builder), price it in model/cost.ts
 * through `PriceKeys`, and add it to each region of the snapshot (scripts/snapshot.mjs). Tests in
 * test/price-catalogue.test.ts fail if a fetched family is never priced or a priced key is not in
 * the catalogue. See docs/design.md "How to add a price key".
 *
 * Pure: no I/O.
 */
import type { AlternativeId } from './types.js';
import { sizeCandidates } from './instances.js';
import type { CostComponent, Scenario, StorageClass } from './types.js';

/**
 * FOCUS 1.2 ServiceName / ServiceCategory / ServiceSubcategory and lokiplan's ResourceType for the
 * lines a family prices (report/focus.ts reads them; its header cites the rules and AWS's names).
 */
export interface FocusService {
  name: string;
  category: string;
  subcategory: string;
  resourceType: string;
}

const EC2_SVC = { name: 'Amazon Elastic Compute Cloud', category: 'Compute', subcategory: 'Virtual Machines' };
const EC2: FocusService = { ...EC2_SVC, resourceType: 'Instance' };
// EBS bills under EC2, and FOCUS gives one ServiceName one category (ServiceName-C-005-C)
const EBS: FocusService = { ...EC2_SVC, resourceType: 'Volume' };
const S3: FocusService = { name: 'Amazon Simple Storage Service', category: 'Storage', subcategory: 'Object Storage', resourceType: 'Bucket' };
const ELB: FocusService = { name: 'Elastic Load Balancing', category: 'Networking', subcategory: 'Network Infrastructure', resourceType: 'Network Load Balancer' };
const FARGATE: FocusService = { name: 'AWS Fargate', category: 'Compute', subcategory: 'Containers', resourceType: 'Task' };
const VPC_NAT: FocusService = { name: 'Amazon Virtual Private Cloud', category: 'Networking', subcategory: 'Network Infrastructure', resourceType: 'NAT Gateway' };
const VPC_ENDPOINT: FocusService = { name: 'Amazon Virtual Private Cloud', category: 'Networking', subcategory: 'Network Infrastructure', resourceType: 'VPC Endpoint' };
const KMS: FocusService = { name: 'AWS Key Management Service', category: 'Security', subcategory: 'Other (Security)', resourceType: 'Key' };
const CW_LOGS: FocusService = { name: 'Amazon CloudWatch', category: 'Management and Governance', subcategory: 'Observability', resourceType: 'Log Group' };
const OPENSEARCH: FocusService = { name: 'Amazon OpenSearch Service', category: 'Analytics', subcategory: 'Search', resourceType: 'Domain' };

/** S3 storage classes as the model prices them (Intelligent-Tiering split into its access tiers). */
export const S3_PRICED_CLASSES = [
  'STANDARD',
  'INTELLIGENT_TIERING_FA',
  'INTELLIGENT_TIERING_IA',
  'INTELLIGENT_TIERING_AIA',
  'STANDARD_IA',
  'GLACIER_IR',
  'GLACIER',
  'DEEP_ARCHIVE',
] as const;
/** Classes whose reads pay per-GB retrieval and their own GET price (faithful: issue 17). */
export const RETRIEVAL_PRICED_CLASSES = ['STANDARD_IA', 'GLACIER_IR'] as const satisfies readonly StorageClass[];
/** Classes a lifecycle rule can transition objects into. */
export const S3_TRANSITION_CLASSES = ['INTELLIGENT_TIERING', 'STANDARD_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const satisfies readonly StorageClass[];
/** Classes whose own PUT rate applies when new objects are written straight into them (not Standard or IT). */
export const S3_PUT_CLASSES = ['STANDARD_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const satisfies readonly StorageClass[];

export interface PriceFamily {
  /** the key, or its prefix ending in '.' when `params` is given */
  key: string;
  /** the parameter completing the key: an instance type, or one of a fixed list */
  params?: 'instance-type' | readonly string[];
  /** the unit the model prices this family in (a price book must give exactly this) */
  unit: string;
  /** the cost components whose lines use it */
  components: readonly CostComponent[];
  focus: FocusService;
  /**
   * where a live price comes from: the AWS Price List Query API, EC2 spot price history, or the
   * user's commitments file (never fetched)
   */
  source: 'price-list' | 'spot-history' | 'commitments';
  /** every snapshot region carries it ('estimate': carries a labelled estimate); 'none': not in the snapshot */
  snapshot: 'required' | 'estimate' | 'none';
  what: string;
  /**
   * priced by `plan --alternatives` (model/alternatives.ts: the same workload on a managed AWS
   * service), never by the Loki plan: needed only when a scenario asks for alternatives, absent
   * from the plan snapshot (the alternatives snapshot, sources/alternatives-prices.json, carries
   * it), and a key not found live leaves its alternative unpriced (or, with --fallback snapshot,
   * priced from the alternatives snapshot, saying so) instead of failing the plan
   */
  alternative?: true;
  /** the keys of this family a scenario's plan may ask for (a superset is fine, a subset is a bug) */
  needs(s: Scenario): readonly string[];
  /** keys the plan uses only where the price source has them (placement's family sizes): fetched live, never required */
  mayUse?(s: Scenario): readonly string[];
}

const nodes = (s: Scenario) => s.compute.pricing === 'nodes';
/** the sizes placement adds to the listed types (compute.instanceSizes: family) */
const familySizesOf = (s: Scenario): string[] => sizeCandidates(s.compute.instanceTypes, s.compute.instanceSizes).slice(s.compute.instanceTypes.length);
const anyShare = (r: Record<string, number>) => Object.values(r).some((v) => v > 0);
const classRules = (s: Scenario) => s.storage.lifecycle.flatMap((r) => ('class' in r ? [r.class] : []));
const firstClass = (s: Scenario): StorageClass => classRules(s)[0] ?? 'STANDARD';
const pricedClasses = (c: StorageClass): string[] => (c === 'INTELLIGENT_TIERING' ? ['INTELLIGENT_TIERING_FA', 'INTELLIGENT_TIERING_IA', 'INTELLIGENT_TIERING_AIA'] : [c]);
const putClass = (s: Scenario): string | null => ((S3_PUT_CLASSES as readonly string[]).includes(firstClass(s)) ? firstClass(s) : null);
const retrievalClasses = (s: Scenario): StorageClass[] => RETRIEVAL_PRICED_CLASSES.filter((c) => classRules(s).includes(c));
const one = (key: string, when: (s: Scenario) => boolean) => (s: Scenario) => (when(s) ? [key] : []);
const always = () => true;

/** The managed domain's node types whose hour lokiplan prices (model/alternatives.ts OPENSEARCH_DOMAIN). */
export const OPENSEARCH_NODE_TYPES = ['r6g.2xlarge.search', 'm6g.large.search'] as const;

/**
 * The Price List keys each AWS-priced alternative uses (model/alternatives.ts prices its lines
 * with these; test/alternatives-live.test.ts checks the two agree). Keys of OpenSearch Serverless
 * and of the managed domain's EBS have no Price List rule (sources/alternatives.ts says why) and
 * come from the alternatives snapshot only.
 */
export const ALTERNATIVE_LIVE_KEYS: Readonly<Partial<Record<AlternativeId, readonly string[]>>> = {
  'cloudwatch-standard': ['cloudwatch.logs.ingest.standard', 'cloudwatch.logs.storage.standard', 'cloudwatch.logs.insights'],
  'cloudwatch-ia': ['cloudwatch.logs.ingest.ia', 'cloudwatch.logs.storage.ia', 'cloudwatch.logs.insights'],
  'opensearch-managed': OPENSEARCH_NODE_TYPES.map((t) => `opensearch.instance.${t}`),
};
/** The alternatives' Price List keys a scenario asks for (its `alternatives:` block), minus those it quotes. */
const alternativeKeysOf = (s: Scenario): string[] =>
  s.alternatives ? s.alternatives.include.flatMap((id) => ALTERNATIVE_LIVE_KEYS[id] ?? []).filter((k) => !Object.hasOwn(s.alternatives!.quotes, k)) : [];
const forAlternatives = (prefix: string) => (s: Scenario) => [...new Set(alternativeKeysOf(s).filter((k) => k.startsWith(prefix)))];

/**
 * The catalogue. Object order is the order `prices refresh` and `prices show` list keys in.
 * `as const satisfies` keeps each family's literal `source`, so the Price List rules can be a
 * Record over exactly the fetched families.
 */
export const PRICE_FAMILIES = {
  'ec2.ondemand': {
    key: 'ec2.ondemand.',
    params: 'instance-type',
    unit: 'hour',
    components: ['compute'],
    focus: EC2,
    source: 'price-list',
    snapshot: 'required',
    what: 'EC2 Linux on-demand instance-hour (shared tenancy)',
    needs: (s) => (nodes(s) ? s.compute.instanceTypes.map((t) => `ec2.ondemand.${t}`) : []),
    mayUse: (s) => (nodes(s) ? familySizesOf(s).map((t) => `ec2.ondemand.${t}`) : []),
  },
  'ec2.spot': {
    key: 'ec2.spot.',
    params: 'instance-type',
    unit: 'hour',
    components: ['compute'],
    focus: EC2,
    source: 'spot-history',
    snapshot: 'estimate',
    what: 'EC2 Linux/UNIX spot instance-hour (average over the spot window)',
    needs: (s) => (nodes(s) && anyShare(s.compute.spot) ? s.compute.instanceTypes.map((t) => `ec2.spot.${t}`) : []),
    mayUse: (s) => (nodes(s) && anyShare(s.compute.spot) ? familySizesOf(s).map((t) => `ec2.spot.${t}`) : []),
  },
  'ec2.committed': {
    key: 'ec2.committed.',
    params: 'instance-type',
    unit: 'hour',
    components: ['compute'],
    focus: EC2,
    source: 'commitments',
    snapshot: 'none',
    what: 'Savings Plan / Reserved Instance effective instance-hour (from a commitments file)',
    needs: (s) => (nodes(s) && anyShare(s.compute.committed) ? s.compute.instanceTypes.map((t) => `ec2.committed.${t}`) : []),
    mayUse: (s) => (nodes(s) && anyShare(s.compute.committed) ? familySizesOf(s).map((t) => `ec2.committed.${t}`) : []),
  },
  'ebs.gp3.storage': {
    key: 'ebs.gp3.storage',
    unit: 'GB-month',
    components: ['node-volumes', 'pod-volumes'],
    focus: EBS,
    source: 'price-list',
    snapshot: 'required',
    what: 'EBS gp3 storage (baseline 3,000 IOPS and 125 MiB/s included)',
    needs: one('ebs.gp3.storage', always),
  },
  's3.storage': {
    key: 's3.storage.',
    params: S3_PRICED_CLASSES,
    unit: 'GB-month',
    components: ['s3-storage', 'audit'],
    focus: S3,
    source: 'price-list',
    snapshot: 'required',
    what: 'S3 storage per class',
    // S3 access logs are kept in S3 Standard
    // Standard too: access logs land there, and objects under the lifecycle's minimum transition size stay there (AWS's 128 KB default)
    needs: (s) => [...new Set(['STANDARD', ...classRules(s).flatMap(pricedClasses)])].map((c) => `s3.storage.${c}`),
  },
  's3.requests.tier1': {
    key: 's3.requests.tier1',
    unit: 'request',
    components: ['s3-requests'],
    focus: S3,
    source: 'price-list',
    snapshot: 'required',
    what: 'S3 PUT, COPY, POST, LIST requests (Standard and Intelligent-Tiering)',
    needs: one('s3.requests.tier1', (s) => putClass(s) === null),
  },
  's3.requests.tier1.class': {
    key: 's3.requests.tier1.',
    params: S3_PUT_CLASSES,
    unit: 'request',
    components: ['s3-requests'],
    focus: S3,
    source: 'price-list',
    snapshot: 'none',
    what: "S3 PUT, COPY, POST, LIST requests on objects written straight into the class (the lifecycle's first class)",
    needs: (s) => (putClass(s) ? [`s3.requests.tier1.${putClass(s)}`] : []),
  },
  's3.requests.tier2.class': {
    key: 's3.requests.tier2.',
    params: RETRIEVAL_PRICED_CLASSES,
    unit: 'request',
    components: ['s3-requests'],
    focus: S3,
    source: 'price-list',
    snapshot: 'required',
    what: 'S3 GET, SELECT requests on objects in the class (queries that read older data, query.byAge)',
    needs: (s) => retrievalClasses(s).map((c) => `s3.requests.tier2.${c}`),
  },
  's3.retrieval': {
    key: 's3.retrieval.',
    params: RETRIEVAL_PRICED_CLASSES,
    unit: 'GB',
    components: ['s3-requests'],
    focus: S3,
    source: 'price-list',
    snapshot: 'required',
    what: 'S3 data retrieval per GB read from the class (Standard-IA, Glacier Instant Retrieval)',
    needs: (s) => retrievalClasses(s).map((c) => `s3.retrieval.${c}`),
  },
  's3.requests.tier2': {
    key: 's3.requests.tier2',
    unit: 'request',
    components: ['s3-requests'],
    focus: S3,
    source: 'price-list',
    snapshot: 'required',
    what: 'S3 GET, SELECT and other requests (Standard)',
    needs: one('s3.requests.tier2', always),
  },
  's3.it.monitoring': {
    key: 's3.it.monitoring',
    unit: 'object-month',
    components: ['s3-monitoring'],
    focus: S3,
    source: 'price-list',
    snapshot: 'required',
    what: 'S3 Intelligent-Tiering monitoring and automation, per object',
    needs: one('s3.it.monitoring', (s) => classRules(s).includes('INTELLIGENT_TIERING')),
  },
  'transfer.inter-az': {
    key: 'transfer.inter-az',
    unit: 'GB',
    components: ['inter-az'],
    focus: { name: 'AWS Data Transfer', category: 'Networking', subcategory: 'Network Connectivity', resourceType: 'Data Transfer' },
    source: 'price-list',
    snapshot: 'required',
    what: 'data transfer between availability zones of one region, each direction',
    needs: one('transfer.inter-az', always),
  },
  'vpc.nat-gateway.hour': {
    key: 'vpc.nat-gateway.hour',
    unit: 'hour',
    components: ['s3-network'],
    focus: VPC_NAT,
    source: 'price-list',
    snapshot: 'required',
    what: 'NAT gateway hour',
    needs: one('vpc.nat-gateway.hour', (s) => s.network.s3 === 'nat-gateway'),
  },
  'vpc.nat-gateway.gb': {
    key: 'vpc.nat-gateway.gb',
    unit: 'GB',
    components: ['s3-network'],
    focus: VPC_NAT,
    source: 'price-list',
    snapshot: 'required',
    what: 'NAT gateway data processed',
    needs: one('vpc.nat-gateway.gb', (s) => s.network.s3 === 'nat-gateway'),
  },
  'vpc.endpoint.interface.hour': {
    key: 'vpc.endpoint.interface.hour',
    unit: 'hour',
    components: ['s3-network'],
    focus: VPC_ENDPOINT,
    source: 'price-list',
    snapshot: 'required',
    what: 'interface VPC endpoint hour, per zone',
    needs: one('vpc.endpoint.interface.hour', (s) => s.network.s3 === 'interface-endpoint'),
  },
  'vpc.endpoint.interface.gb': {
    key: 'vpc.endpoint.interface.gb',
    unit: 'GB',
    components: ['s3-network'],
    focus: VPC_ENDPOINT,
    source: 'price-list',
    snapshot: 'required',
    what: 'interface VPC endpoint data processed (tiered)',
    needs: one('vpc.endpoint.interface.gb', (s) => s.network.s3 === 'interface-endpoint'),
  },
  'cloudtrail.data-events': {
    key: 'cloudtrail.data-events',
    unit: 'event',
    components: ['audit'],
    focus: { name: 'AWS CloudTrail', category: 'Management and Governance', subcategory: 'Other (Management and Governance)', resourceType: 'Trail' },
    source: 'price-list',
    snapshot: 'required',
    what: 'CloudTrail data event recorded',
    needs: one('cloudtrail.data-events', (s) => s.audit.cloudTrailDataEvents),
  },
  'kms.requests': {
    key: 'kms.requests',
    unit: 'request',
    components: ['kms'],
    focus: KMS,
    source: 'price-list',
    snapshot: 'required',
    what: 'KMS symmetric key request',
    needs: one('kms.requests', (s) => s.audit.encryption !== 'sse-s3'),
  },
  'kms.key': {
    key: 'kms.key',
    unit: 'key-month',
    components: ['kms'],
    focus: KMS,
    source: 'price-list',
    snapshot: 'required',
    what: 'KMS customer managed key month',
    needs: one('kms.key', (s) => s.audit.encryption !== 'sse-s3'),
  },
  'eks.cluster': {
    key: 'eks.cluster',
    unit: 'cluster-hour',
    components: ['eks-cluster'],
    focus: { name: 'Amazon Elastic Kubernetes Service', category: 'Compute', subcategory: 'Containers', resourceType: 'Cluster' },
    source: 'price-list',
    snapshot: 'required',
    what: 'EKS cluster fee, standard support',
    needs: one('eks.cluster', (s) => s.platform.eksClusterShare > 0),
  },
  'elb.nlb.hour': {
    key: 'elb.nlb.hour',
    unit: 'hour',
    components: ['load-balancer'],
    focus: ELB,
    source: 'price-list',
    snapshot: 'required',
    what: 'Network Load Balancer hour',
    needs: one('elb.nlb.hour', (s) => s.platform.loadBalancer === 'nlb'),
  },
  'elb.nlb.lcu': {
    key: 'elb.nlb.lcu',
    unit: 'NLCU-hour',
    components: ['load-balancer'],
    focus: ELB,
    source: 'price-list',
    snapshot: 'required',
    what: 'Network Load Balancer capacity unit hour',
    needs: one('elb.nlb.lcu', (s) => s.platform.loadBalancer === 'nlb'),
  },
  'compute.vcpu-hour': {
    key: 'compute.vcpu-hour',
    unit: 'vCPU-hour',
    components: ['compute'],
    focus: FARGATE,
    source: 'price-list',
    snapshot: 'required',
    what: 'per-vCPU-hour reference rate (Fargate Linux/x86)',
    needs: one('compute.vcpu-hour', (s) => !nodes(s)),
  },
  'compute.gib-hour': {
    key: 'compute.gib-hour',
    unit: 'GiB-hour',
    components: ['compute'],
    focus: FARGATE,
    source: 'price-list',
    snapshot: 'required',
    what: 'per-GiB-hour reference rate (Fargate Linux/x86)',
    needs: one('compute.gib-hour', (s) => !nodes(s) && s.compute.perVcpu.memory),
  },
  's3.transition': {
    key: 's3.transition.',
    params: S3_TRANSITION_CLASSES,
    unit: 'request',
    components: ['s3-transitions'],
    focus: S3,
    source: 'price-list',
    snapshot: 'required',
    what: 'S3 lifecycle transition into the class, per object',
    needs: (s) => [...new Set(classRules(s).slice(1))].map((c) => `s3.transition.${c}`),
  },
  // the same workload elsewhere (plan --alternatives); usage types in sources/aws-pricing.ts
  'cloudwatch.logs.ingest': {
    key: 'cloudwatch.logs.ingest.',
    params: ['standard', 'ia'],
    unit: 'GB',
    components: [],
    focus: CW_LOGS,
    source: 'price-list',
    snapshot: 'none',
    alternative: true,
    what: 'CloudWatch Logs ingestion of custom logs (PutLogEvents), per log class',
    needs: forAlternatives('cloudwatch.logs.ingest.'),
  },
  'cloudwatch.logs.storage': {
    key: 'cloudwatch.logs.storage.',
    params: ['standard', 'ia'],
    unit: 'GB-month',
    components: [],
    focus: CW_LOGS,
    source: 'price-list',
    snapshot: 'none',
    alternative: true,
    what: 'CloudWatch Logs storage (archived, compressed bytes), per log class',
    needs: forAlternatives('cloudwatch.logs.storage.'),
  },
  'cloudwatch.logs.insights': {
    key: 'cloudwatch.logs.insights',
    unit: 'GB',
    components: [],
    focus: CW_LOGS,
    source: 'price-list',
    snapshot: 'none',
    alternative: true,
    what: 'CloudWatch Logs Insights, per GB of log data scanned',
    needs: forAlternatives('cloudwatch.logs.insights'),
  },
  'opensearch.instance': {
    key: 'opensearch.instance.',
    params: OPENSEARCH_NODE_TYPES,
    unit: 'hour',
    components: [],
    focus: OPENSEARCH,
    source: 'price-list',
    snapshot: 'none',
    alternative: true,
    what: 'Amazon OpenSearch Service on-demand instance-hour (managed domain data and master nodes)',
    needs: forAlternatives('opensearch.instance.'),
  },
} as const satisfies Record<string, PriceFamily>;

export type PriceFamilyId = keyof typeof PRICE_FAMILIES;
type Families = typeof PRICE_FAMILIES;
/** Families fetched from the AWS Price List: the keys of the matching-rule table. */
export type PriceListFamilyId = { [F in PriceFamilyId]: Families[F]['source'] extends 'price-list' ? F : never }[PriceFamilyId];

export const FAMILY_IDS = Object.keys(PRICE_FAMILIES) as PriceFamilyId[];
const family = (id: PriceFamilyId): PriceFamily => PRICE_FAMILIES[id];

/** Exact keys first, then the longest matching prefix (so 's3.requests.tier1' never takes 's3.requests.tier1.GLACIER'). */
const EXACT = new Map<string, PriceFamilyId>();
const PREFIXED: [string, PriceFamilyId][] = [];
for (const id of FAMILY_IDS) {
  const f = family(id);
  if (f.params === undefined) EXACT.set(f.key, id);
  else PREFIXED.push([f.key, id]);
}
PREFIXED.sort((a, b) => b[0].length - a[0].length);

/** The family a key belongs to, with its parameter; null for a key the model never prices. */
export function familyOf(key: string): { id: PriceFamilyId; family: PriceFamily; param: string | null } | null {
  const exact = EXACT.get(key);
  if (exact) return { id: exact, family: family(exact), param: null };
  for (const [prefix, id] of PREFIXED) {
    if (!key.startsWith(prefix) || key.length === prefix.length) continue;
    const param = key.slice(prefix.length);
    const f = family(id);
    if (Array.isArray(f.params) && !f.params.includes(param)) continue;
    return { id, family: f, param };
  }
  return null;
}

/** The unit the model prices a key in, or null for a key outside the catalogue. */
export function unitOf(key: string): string | null {
  return familyOf(key)?.family.unit ?? null;
}

/** Refresh / show order of a key: its family's position in the catalogue. */
export function keyOrder(key: string): number {
  const f = familyOf(key);
  return f ? FAMILY_IDS.indexOf(f.id) : FAMILY_IDS.length;
}

/** Every key of a family for the given instance types. */
export function familyKeys(id: PriceFamilyId, instanceTypes: readonly string[]): string[] {
  const f = family(id);
  if (f.params === undefined) return [f.key];
  const params = f.params === 'instance-type' ? instanceTypes : f.params;
  return params.map((p) => `${f.key}${p}`);
}

/** A key priced only by `plan --alternatives` (a family with `alternative: true`). */
export function isAlternativeKey(key: string): boolean {
  return familyOf(key)?.family.alternative === true;
}

/** Every key the catalogue defines for the instance types, in catalogue order (for `prices show`). */
export function catalogueKeys(instanceTypes: readonly string[], where: (f: PriceFamily) => boolean = () => true): string[] {
  return FAMILY_IDS.filter((id) => where(family(id))).flatMap((id) => familyKeys(id, instanceTypes));
}

/** The keys one scenario's plan may ask for (its baseline is a scenario of its own), minus those it overrides. */
export function neededKeys(s: Scenario): string[] {
  const out = new Set<string>();
  for (const id of FAMILY_IDS) for (const k of family(id).needs(s)) if (!Object.hasOwn(s.priceOverrides, k)) out.add(k);
  return [...out].sort((a, b) => keyOrder(a) - keyOrder(b) || (a < b ? -1 : 1));
}

/** The keys one scenario's plan uses only if its price source has them (minus those it overrides or needs). */
export function optionalKeys(s: Scenario): string[] {
  const needed = new Set(neededKeys(s));
  const out = new Set<string>();
  for (const id of FAMILY_IDS) for (const k of (family(id) as PriceFamily).mayUse?.(s) ?? []) if (!needed.has(k) && !Object.hasOwn(s.priceOverrides, k)) out.add(k);
  return [...out].sort((a, b) => keyOrder(a) - keyOrder(b) || (a < b ? -1 : 1));
}

/** `keysOf` over these scenarios and their baselines, by region, in catalogue order. */
function keysByRegion(scenarios: readonly Scenario[], keysOf: (s: Scenario) => readonly string[]): Map<string, string[]> {
  const by = new Map<string, Set<string>>();
  for (const s of scenarios) {
    for (const x of [s, s.baseline]) {
      if (!x) continue;
      const set = by.get(x.region) ?? new Set<string>();
      for (const k of keysOf(x)) set.add(k);
      by.set(x.region, set);
    }
  }
  return new Map([...by].map(([r, set]) => [r, [...set].sort((a, b) => keyOrder(a) - keyOrder(b) || (a < b ? -1 : 1))]));
}

/** The keys each region may use beyond what it needs (optionalKeys), for `--prices live` to try. */
export function optionalByRegion(scenarios: readonly Scenario[]): Map<string, string[]> {
  return keysByRegion(scenarios, optionalKeys);
}

/** The keys each region must have for these scenarios and their baselines: what `--prices live` fetches. */
export function neededByRegion(scenarios: readonly Scenario[]): Map<string, string[]> {
  return keysByRegion(scenarios, neededKeys);
}
