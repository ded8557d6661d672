/**
 * The plain, typed, unit-normalised shapes that flow through the model:
 * Scenario -> Workload -> Topology -> NodePlan / StoragePlan / TrafficPlan -> CostLine[] -> Plan.
 * Units: bytes, seconds, days, vCPU, GiB (2^30 bytes) for pod memory and volumes.
 */

export type DeploymentMode = 'simple-scalable' | 'monolithic' | 'ha-monolithic' | 'microservices';
export const DEPLOYMENT_MODES: readonly DeploymentMode[] = ['simple-scalable', 'monolithic', 'ha-monolithic', 'microservices'];

/** Loki per-tenant limits (limits_config) that decide whether a tenant's ingest is accepted. */
export interface LokiLimits {
  /** ingestion_rate_mb: per-tenant sustained rate, MB (2^20 bytes) per second */
  ingestionRateMB: number;
  /** ingestion_burst_size_mb, MB (2^20 bytes) */
  ingestionBurstSizeMB: number;
  /** per_stream_rate_limit, bytes per second */
  perStreamRateLimitBytes: number;
  /** max_global_streams_per_user */
  maxGlobalStreamsPerUser: number;
}

/** Where a deployment's limits come from: lokiplan's plan, Loki's shipped defaults, or the scenario's own values. */
export type LimitsBasis = 'planned' | 'loki-defaults' | 'scenario';

export type StorageClass =
  | 'STANDARD'
  | 'INTELLIGENT_TIERING'
  | 'STANDARD_IA'
  | 'GLACIER_IR'
  | 'GLACIER'
  | 'DEEP_ARCHIVE';
export const STORAGE_CLASSES: readonly StorageClass[] = [
  'STANDARD',
  'INTELLIGENT_TIERING',
  'STANDARD_IA',
  'GLACIER_IR',
  'GLACIER',
  'DEEP_ARCHIVE',
];

export type TransitionMinimum =
  | { kind: 'all_storage_classes_128K' | 'varies_by_storage_class' }
  | { kind: 'object-size-greater-than'; bytes: number };

export interface QueryAgeBand {
  fromDays: number;
  toDays: number | null;
  /** 0..1 */
  share: number;
}

export type LifecycleRule =
  | { afterDays: number; class: StorageClass }
  | { afterDays: number; action: 'delete' };

export interface Resources {
  /** vCPU */
  cpu: number;
  /** GiB */
  memoryGiB: number;
}

/** Explicit per-target settings that replace the sizing rule (e.g. the design document's own). */
export interface TargetOverride {
  replicas?: number;
  requests?: Partial<Resources>;
  limits?: Partial<Resources>;
  volumeGiB?: number;
}

export type CostComponent =
  | 'compute'
  | 'node-volumes'
  | 'pod-volumes'
  | 's3-storage'
  | 's3-requests'
  | 's3-transitions'
  | 's3-monitoring'
  | 'inter-az'
  | 's3-network'
  | 'audit'
  | 'kms'
  | 'eks-cluster'
  | 'load-balancer';
export const COST_COMPONENTS: readonly CostComponent[] = [
  'compute',
  'node-volumes',
  'pod-volumes',
  's3-storage',
  's3-requests',
  's3-transitions',
  's3-monitoring',
  'inter-az',
  's3-network',
  'audit',
  'kms',
  'eks-cluster',
  'load-balancer',
];

/** How the pods reach S3: a gateway endpoint (free), a NAT gateway, or an interface endpoint (PrivateLink). */
export type S3Path = 'gateway-endpoint' | 'nat-gateway' | 'interface-endpoint';
export const S3_PATHS: readonly S3Path[] = ['gateway-endpoint', 'nat-gateway', 'interface-endpoint'];
/** gRPC compression between Loki components (grpc_client_config.grpc_compression). */
export type GrpcCompression = 'none' | 'snappy' | 'gzip';
export const GRPC_COMPRESSIONS: readonly GrpcCompression[] = ['none', 'snappy', 'gzip'];
export type S3Encryption = 'sse-s3' | 'sse-kms' | 'sse-kms-bucket-key';
export const S3_ENCRYPTIONS: readonly S3Encryption[] = ['sse-s3', 'sse-kms', 'sse-kms-bucket-key'];

/** The network levers and topology that decide which traffic crosses a zone, and how pods reach S3. */
export interface NetworkSettings {
  /** trafficDistribution: PreferClose (topology-aware routing) on the gateway and distributor services */
  sameZoneRouting: boolean;
  grpcCompression: GrpcCompression;
  /** NLB cross-zone load balancing (off by default on an NLB) */
  loadBalancerCrossZone: boolean;
  s3: S3Path;
  /** ingester zone-aware replication (Helm ingester.zoneAwareReplication); null: the mode's default */
  zoneAwareReplication: boolean | null;
}

/** Ingester flush settings (Loki ingester config), with Loki's defaults. */
export interface FlushSettings {
  /** chunk_idle_period, seconds */
  chunkIdlePeriodSeconds: number;
  /** max_chunk_age, seconds */
  maxChunkAgeSeconds: number;
  /** chunk_block_size, uncompressed bytes */
  chunkBlockBytes: number;
  chunkEncoding: string;
  /** sync_period, seconds (0 disables) */
  syncPeriodSeconds: number;
  syncMinUtilization: number;
  /** wal.replay_memory_ceiling, bytes */
  walReplayMemoryCeilingBytes: number;
  /** wal.checkpoint_duration, seconds */
  walCheckpointSeconds: number;
}

/** A figure a document claims, checked against the plan: exact value or an inclusive range. */
export interface Claim {
  low: number;
  high: number;
}
export type ClaimKey = 'total' | 'baselineTotal' | Category;

/** The billing account a cost file names (FOCUS BillingAccountId / BillingAccountName). */
export interface BillingAccount {
  accountId: string;
  accountName: string;
}

export interface Scenario {
  name: string;
  /** the scenario's `billing:`; null: the cost file says it is a plan */
  billing?: BillingAccount | null;
  /** Where the scenario came from (file path), for messages. */
  file: string;
  region: string;
  hoursPerMonth: number;
  ingest: {
    /** average client ingest, raw bytes per second */
    bytesPerSecond: number;
    linesPerSecond: number | null;
    avgLineBytes: number | null;
    peakFactor: number;
    /** active streams across all tenants, when known */
    streams: number | null;
    /** tenants the ingest is spread over (evenly) */
    tenants: number;
  };
  retentionDays: number;
  storage: {
    compressionRatio: number;
    /** chunk copies stored after replica dedupe; null: derived from Loki's chunk cuts (src/model/flush.ts) */
    storedCopies: number | null;
    /** average stored chunk object size, bytes */
    chunkBytes: number;
    lifecycle: LifecycleRule[];
    /** bytes per billed GB: 2^30 as AWS bills, or 1e9 (a document's convention) */
    billingGigabyte: 'GiB' | 'GB';
    /**
     * The bucket's minimum transition size: AWS's default since September 2024
     * (transition_default_minimum_object_size all_storage_classes_128K: nothing under 128 KB moves),
     * varies_by_storage_class (under 128 KB moves to Glacier Flexible and Deep Archive only), or a
     * rule filter ObjectSizeGreaterThan of `bytes` (custom filters take precedence)
     */
    transitionMinimum: TransitionMinimum;
  };
  query: {
    /** raw log bytes scanned by queries per day */
    scannedBytesPerDay: number;
    peakFactor: number;
    /** share of scanned bytes inside query_ingesters_within, read from ingesters (0..1) */
    ingesterShare: number;
    /** share of scanned bytes that match and are sent back (0..1) */
    selectivity: number;
    /** raw bytes the ruler's rules scan per day; null: the day's ingest (lokiplan's estimate) */
    rulerScannedBytesPerDay: number | null;
    /** which share of the scanned bytes reads objects of which age (days; `toDays` null: to the end of their life), uniform within a band */
    byAge: QueryAgeBand[];
  };
  deployment: {
    mode: DeploymentMode;
    replicationFactor: number;
    zones: number;
    failureTolerance: number;
    /** the chart's memcached chunks cache (chunksCache.enabled, default true): replicas dedupe flushed chunks through it */
    chunksCache: boolean;
    /** why `mode: auto` chose this mode; null when the scenario names the mode */
    modeReason: string | null;
  };
  /** the deployment's limits_config: 'planned' (what lokiplan's plan sets), Loki's defaults, or explicit values on top of the defaults */
  limits: { basis: LimitsBasis; values: Partial<LokiLimits> };
  targets: Record<string, TargetOverride>;
  compute: {
    pricing: 'nodes' | 'per-vcpu';
    instanceTypes: string[];
    /** 'family': placement also considers the other sizes of the listed types' families that the price book prices; 'listed': those types alone */
    instanceSizes: 'listed' | 'family';
    /** share of each target's replicas on spot, 0..1 */
    spot: Record<string, number>;
    /** share of each target's replicas on a Savings Plan / RI commitment (its steady baseline), 0..1 */
    committed: Record<string, number>;
    perVcpu: { basis: 'requests' | 'limits'; memory: boolean };
    nodeRootVolumeGiB: number;
  };
  platform: {
    eksClusterShare: number;
    loadBalancer: 'none' | 'nlb';
    /** raw ingest bytes per byte of the agents' push bodies the load balancer carries (snappy-compressed protobuf) */
    /** raw bytes per push-body byte; null: the snappy ratio of the scenario's log data (src/model/compression.ts) */
    pushCompressionRatio: number | null;
  };
  network: NetworkSettings;
  ingester: FlushSettings;
  /** optional design items, off by default */
  audit: { cloudTrailDataEvents: boolean; s3AccessLogs: boolean; encryption: S3Encryption };
  /** cost components (or component:target) priced but left out of the totals, reported with their would-be cost */
  omit: string[];
  /** price-key -> USD decimal string, replacing the price book's value for this scenario */
  priceOverrides: Record<string, string>;
  claims: Partial<Record<ClaimKey, Claim>>;
  baseline: Scenario | null;
  /** the baseline is the default one (`baseline:` omitted): a monolithic Loki for the same workload */
  baselineDefault?: boolean;
  /** settings the scenario gives that apply to nothing in its mode, each with why (the plan warns with each) */
  unapplied?: string[];
  /** `alternatives:` (plan --alternatives): the same workload priced on managed and SaaS log services */
  alternatives?: AlternativesSettings | null;
}

/** Settings for pricing alternatives (src/model/alternatives.ts); every figure a named assumption. */
export interface AlternativesSettings {
  include: readonly AlternativeId[];
  /** null: follow the scenario's storage.compressionRatio */
  compressionRatio: number | null;
  eventBytes: number;
  ocuIndexingBytesPerSecond: number;
  hotDays: number;
  /** price key -> USD decimal string: the user's own quote */
  quotes: Record<string, string>;
}

export interface Workload {
  avgBytesPerSecond: number;
  peakBytesPerSecond: number;
  linesPerSecond: number | null;
  bytesPerDay: number;
  retentionDays: number;
  /** compressed bytes written to object storage per day, all copies */
  storedBytesPerDay: number;
  queryAvgBytesPerSecond: number;
  queryPeakBytesPerSecond: number;
  daysPerMonth: number;
}

export type Reason = {
  kind:
    | 'throughput'
    | 'ha-minimum'
    | 'quorum'
    | 'failure-tolerance'
    /** replicas added so the pods carry the scenario's peak (ingest.peakFactor) */
    | 'peak'
    /** replicas added so those left after losing a zone carry the demand (failureTolerance >= 1 over zones > 1) */
    | 'zone-loss'
    | 'fixed'
    | 'override'
    | 'capacity'
    | 'retention';
  text: string;
};

export interface TargetSizing {
  name: string;
  /** Loki components this target runs */
  components: string[];
  replicas: number;
  /** replicas the sizing rule asks for (equals replicas unless overridden) */
  ruleReplicas: number;
  requests: Resources;
  limits: Resources;
  volumeGiB: number;
  spotReplicas: number;
  /** replicas on committed capacity (priced at ec2.committed.<type>) */
  committedReplicas: number;
  overridden: boolean;
  reasons: Reason[];
  /** what the target must carry at peak and what its replicas can, bytes/s; null when not throughput-sized */
  demandBytesPerSecond: number | null;
  capacityBytesPerSecond: number | null;
  /** the sizing rule's verdict and the capacity check's: false when any check row of this target fails */
  meetsTarget: boolean;
  /** the sizing rule's own verdict, before the capacity check (what check() reads) */
  sizedMeetsTarget?: boolean;
  verdict: string;
  profileSource: string;
  /** bytes/s one replica is credited with at its requests (what it measures: demand); null when not throughput-sized */
  perReplicaBytesPerSecond?: number | null;
  /** what limits a replica's credited throughput: the profile pod's throughput, or its CPU or memory request */
  binding?: 'throughput' | 'cpu' | 'memory' | null;
  /** losing every replica degrades the system (cache, singleton compactor) but does not stop ingest or queries */
  lossDegradesOnly?: boolean;
  /** zones the replicas spread over when fewer than the topology's (zone-aware ingesters: the Helm chart's three) */
  zones?: number;
}

export interface Topology {
  mode: DeploymentMode;
  replicationFactor: number;
  zones: number;
  targets: TargetSizing[];
  profileId: string;
  /** ingester replication is zone-aware (one replica of each stream per zone) */
  zoneAware?: boolean;
  /** the "Size the cluster" tier the microservices sizing used */
  tier?: string;
}

export type CapacityType = 'on-demand' | 'spot' | 'committed';

export interface NodeAssignment {
  instanceType: string;
  capacityType: CapacityType;
  zone: number;
  pods: string[];
  cpuUsed: number;
  memoryUsedGiB: number;
  allocatable: Resources;
}

export interface NodeGroup {
  capacityType: CapacityType;
  instanceType: string;
  /** a group of one target's pods alone, one per node (hostname anti-affinity); absent: a shared group */
  dedicatedTo?: string;
  count: number;
  perZone: number[];
  allocatable: Resources;
  nodes: NodeAssignment[];
  cpuRequested: number;
  memoryRequestedGiB: number;
  why: string;
}

export interface StorageSegment {
  class: StorageClass | 'INTELLIGENT_TIERING_FA' | 'INTELLIGENT_TIERING_IA' | 'INTELLIGENT_TIERING_AIA';
  fromDay: number;
  toDay: number;
  /** steady-state GB (billing convention) */
  gb: number;
}

/** One lifecycle transition the plan priced: objects move to `class` at `afterDays` (scenario step `step`). */
export interface LifecycleTransition {
  step: number;
  afterDays: number;
  class: StorageClass;
}

/** The bucket lifecycle as the plan priced it: what `lokiplan terraform` writes, rule for rule. */
export interface LifecyclePlan {
  /** the class objects are written in (Loki's storage_class; STANDARD unless the first step says otherwise) */
  initialClass: StorageClass;
  /** transitions that apply, in order of age */
  transitions: LifecycleTransition[];
  /** the scenario's steps that never apply, and why: priced as nothing, left out of the module */
  skipped: (LifecycleTransition & { why: string })[];
  /** the object-size rule the transitions ride on */
  transitionMinimum: TransitionMinimum;
  /** age at which the lifecycle expires objects, whole days (S3 counts lifecycle days in whole days) */
  expireAfterDays: number;
  /** who deletes objects at the priced age (lifeDays): Loki's compactor at retention, or the lifecycle itself */
  deletedBy: 'retention' | 'lifecycle';
  expireWhy: string;
  /** incomplete multipart uploads are aborted after this many days */
  abortIncompleteMultipartDays: number;
}

/** The bucket settings the plan priced (encryption, the pods' S3 path, audit): one object, read by the cost lines and `lokiplan terraform`. */
export interface BucketPlan {
  /** null when the chunks are on a filesystem (no bucket) */
  lifecycle: LifecyclePlan | null;
  encryption: S3Encryption;
  /** how the pods reach S3 */
  path: S3Path;
  cloudTrailDataEvents: boolean;
  /** S3 server access logs in their own bucket, kept this many whole days; null: off */
  accessLogDays: number | null;
}

export interface StoragePlan {
  /** days an object lives in S3 */
  lifeDays: number;
  /** the lifecycle, encryption, S3 path and audit settings that priced these lines */
  bucket: BucketPlan;
  segments: StorageSegment[];
  /** billed GB-months per price class, including minimum-duration charges */
  gbMonthsByClass: Record<string, number>;
  earlyDeletionGbMonths: Record<string, number>;
  objects: number;
  objectsPerDay: number;
  putsPerMonth: number;
  indexPutsPerMonth: number;
  getsPerMonth: number;
  transitionsPerMonth: Partial<Record<StorageClass, number>>;
  /** what queries read per month, by the class they find the objects in: share of the scanned bytes, stored GB read and GET requests */
  reads: { class: StorageSegment['class']; share: number; gb: number; gets: number }[];
  /** Glacier Flexible Retrieval / Deep Archive per-object overhead (GB-months): 32 KB at the class's rate and 8 KB at Standard's */
  archiveOverhead: { class: StorageClass; objects: number; gb: number; standardGb: number }[];
  monitoredObjects: number;
  totalGb: number;
  /** average stored object size, bytes (chunk_target_size when chunks fill, smaller when age or idle flushes them first) */
  objectBytes: number;
  /** LIST requests a month (index sync by queriers/index gateways and the compactor) */
  listsPerMonth: number;
  /** how chunks are flushed, when active streams are known */
  flush: FlushPlan | null;
  /** how chunks are cut, deduped and stored (null: no object store) */
  chunks: ChunkRegime | null;
}

/** One kind of chunk cut for one stream: how many a day, their size, and whether every replica cuts the same chunk. */
export interface ChunkCut {
  reason: 'chunk_target_size' | 'max_chunk_age' | 'sync_period' | 'chunk_idle_period';
  perStreamPerDay: number;
  /** raw bytes per chunk */
  rawBytes: number;
  /** compressed bytes per chunk */
  compressedBytes: number;
  /** the same first and last line on every replica: the replicas dedupe it through the chunks cache */
  deterministic: boolean;
}

/** How the chunks are cut, deduped and stored (src/model/flush.ts chunkRegime). */
export interface ChunkRegime {
  /** no ingest.streams: every stream assumed to fill its chunks */
  assumed: boolean;
  streams: number | null;
  perStreamBytesPerSecond: number | null;
  /** per stream (assumed: per the whole ingest) */
  cuts: ChunkCut[];
  /** chunk_target_size, compressed bytes */
  targetBytes: number;
  /** compressed bytes of a chunk closed full */
  fullChunkBytes: number;
  /** distinct chunks a day (one replica's) */
  chunksPerDay: number;
  /** objects stored a day after dedupe (chunk PUTs) */
  objectsPerDay: number;
  storedBytesPerDay: number;
  storedCopies: number;
  /** the copies Loki's cuts give (equal to storedCopies unless the scenario sets storage.storedCopies) */
  derivedCopies: number;
  copiesFrom: 'loki' | 'scenario';
  chunksCache: boolean;
  meanObjectBytes: number;
}

/** Chunks and ingester memory from active streams and the flush settings. */
export interface FlushPlan {
  streams: number;
  /** raw bytes/s per stream (average) */
  perStreamBytesPerSecond: number;
  /** seconds a chunk is open before it is flushed */
  chunkLifeSeconds: number;
  /** what cuts most of the chunks */
  cutBy: ChunkCut['reason'];
  /** compressed bytes per flushed chunk */
  chunkBytes: number;
  /** chunks flushed per day by all ingester replicas (before dedupe) */
  chunksFlushedPerDay: number;
  /** streams held per ingester replica */
  streamsPerIngester: number;
  /** in-memory chunk data per ingester, bytes (head block + open compressed blocks) */
  inMemoryBytesPerIngester: number;
  /** memory an ingester needs, GiB: Go heap headroom over the in-memory data, and the WAL replay ceiling */
  memoryNeededGiB: number;
  /** what the streams alone need (Go heap headroom over the in-memory chunks), GiB: the need once replay_memory_ceiling fits the pod */
  streamsMemoryGiB: number;
  memoryReason: string;
  /** WAL disk an ingester needs, GiB */
  walDiskGiB: number;
  walReason: string;
  /** peak PUT/s over the whole bucket (one prefix per tenant) */
  peakPutsPerSecondPerPrefix: number;
}

/** One path between components (or to S3) and the GB of it that crosses a zone each month. */
export interface TrafficPath {
  id: string;
  /** e.g. "client -> gateway" */
  name: string;
  /** GB a month on the path (billing GB) */
  gbPerMonth: number;
  /** share of it that crosses a zone, 0..1 */
  crossShare: number;
  /** why that share and that volume */
  why: string;
}

/** A lever and what it would save on data transfer (USD a month, >= 0). */
export interface Lever {
  field: string;
  value: string;
  label: string;
  saving: number;
  note: string;
}

export interface NetworkPlan {
  paths: TrafficPath[];
  /** GB a month between the pods and S3 */
  s3Gb: number;
  levers: Lever[];
}

export type Category = 'compute' | 'blockStorage' | 'objectStorage' | 'requests' | 'dataTransfer' | 'other';
export const CATEGORIES: readonly Category[] = [
  'compute',
  'blockStorage',
  'objectStorage',
  'requests',
  'dataTransfer',
  'other',
];

/** A Savings Plan or Reserved Instance commitment, as a cost line names it (FOCUS CommitmentDiscount*). */
export interface Commitment {
  /** e.g. "savings-plan/m7i": the price book's commitment for that instance family */
  id: string;
  kind: 'savings-plan' | 'reserved-instance';
  /** e.g. "savings-plan m7i (1 year, no upfront)" */
  name: string;
}

export type PricingCategory = 'on-demand' | 'spot' | 'committed' | 'usage';

export interface CostLine {
  /** stable identifier, unique within a plan */
  id: string;
  category: Category;
  component: CostComponent;
  resource: string;
  description: string;
  unit: string;
  quantity: number;
  priceKey: string;
  /** exact decimal from the source: the rate the plan pays (after negotiated rates and commitments) */
  unitPriceUsd: string;
  /** public list price per unit (FOCUS ListUnitPrice), exact decimal; absent = unitPriceUsd */
  listUnitPriceUsd?: string;
  /** negotiated price per unit before commitment discounts (FOCUS ContractedUnitPrice); absent = unitPriceUsd */
  contractedUnitPriceUsd?: string;
  /** the commitment a committed line's rate comes from */
  commitment?: Commitment;
  unitPrice: number;
  monthlyCost: number;
  priceSource: string;
  pricingCategory: PricingCategory;
  /** the provider's SKU when the price came from a live source */
  sku?: string;
}

export interface Warning {
  code: string;
  message: string;
}

export interface ClaimCheck {
  key: ClaimKey;
  claimed: Claim;
  actual: number;
  holds: boolean;
}

export interface Totals {
  monthly: number;
  byCategory: Record<Category, number>;
}

export interface SidePlan {
  scenario: string;
  mode: DeploymentMode;
  workload: Workload;
  topology: Topology;
  nodes: NodeGroup[];
  storage: StoragePlan;
  interAzGbPerMonth: number;
  network: NetworkPlan;
  lines: CostLine[];
  omitted: CostLine[];
  totals: Totals;
  /** the capacity check's verdict (`lokiplan check`): replica loss, zone loss and per-tenant limits */
  meetsTarget: boolean;
  /**
   * the capacity check behind meetsTarget, row by row, with its details and fixes. Built on first
   * read (an enumerable getter, so JSON and spreads include it), like `warnings`,
   * `network.levers` and a plan's `assumptions`: they read the scenario as planned, so a caller
   * that rewrites a scenario in place between plans (what-if working copies) reads them first.
   */
  capacity: CheckReport;
  warnings: Warning[];
  /** the check's statuses row by row, without the words (what meetsTarget and verdicts read) */
  verdict: CheckVerdict;
}

export interface Plan extends SidePlan {
  region: string;
  /** the scenario's billing account, or null (the cost file then says it is a plan) */
  billing: BillingAccount | null;
  currency: 'USD';
  hoursPerMonth: number;
  prices: { source: string; asOf: string; region: string; fetchedAt?: string; spotWindow?: string; note?: string };
  /** actual spend from Cost Explorer, attached by the command layer (plan --actuals) */
  actuals?: ActualsComparison;
  /** what a running Loki does today beside the plan (plan --observed, a calibration), attached by the command layer */
  observed?: ObservedComparison;
  /** the price of holding when the plan does not hold (attached by the plan command) */
  holding?: Holding;
  /** the same workload priced elsewhere (plan --alternatives), attached by the command layer */
  alternatives?: AlternativesResult;
  baseline: SidePlan | null;
  delta: { monthly: number } | null;
  claims: ClaimCheck[];
  assumptions: { text: string; source: string }[];
}

/** Actual monthly spend (Cost Explorer) beside the baseline's modelled cost. */
export interface ActualsComparison {
  source: string;
  tag: string;
  fetchedAt: string;
  months: { start: string; end: string; amount: number; estimated: boolean }[];
  /** mean of the complete months */
  actualMonthly: number;
  /** the baseline's modelled monthly total (or the scenario's when there is no baseline) */
  modelledMonthly: number;
  modelledSide: 'baseline' | 'scenario';
  /** modelled - actual */
  variance: number;
  /** (modelled - actual) / actual; null when actual is 0 */
  variancePct: number | null;
  byService: { service: string; amount: number }[];
}

// Results of the capacity check (src/model/check.ts)

export type CheckStatus = 'ok' | 'fail' | 'degraded' | 'unchecked';
/** `normal`: nothing lost (the deployment as it runs every day); then the losses and the limits. */
export type CheckCase = 'normal' | 'failure-tolerance' | 'zone-loss' | 'limits' | 'memory';

export interface CheckRow {
  /** a target, or `tenant` for the per-tenant limits */
  target: string;
  case: CheckCase;
  /** what is lost or compared, in words */
  condition: string;
  status: CheckStatus;
  /** replicas left after the loss (targets only) */
  left: number | null;
  /** what must be carried and what is available, in `unit` */
  demand: number | null;
  capacity: number | null;
  unit: 'bytes/s' | 'streams' | 'replicas' | 'GiB' | null;
  /** capacity / demand - 1; null when not a throughput comparison */
  headroom: number | null;
  /** what limits this row: throughput per pod, CPU request, memory request, write quorum, a limits_config key... */
  binding: string;
  detail: string;
  /** replicas of this target (at its pod size) the row needs to pass, when more replicas would pass it */
  needed?: number;
}

export interface CheckReport {
  scenario: string;
  mode: string;
  profile: string;
  zones: number;
  replicationFactor: number;
  failureTolerance: number;
  zoneAware: boolean;
  limits: { basis: Scenario['limits']['basis']; deployed: LokiLimits; needed: LokiLimits; source: string };
  rows: CheckRow[];
  holds: boolean;
  /** what to change, one line per failing row */
  fixes: string[];
}

/** What a row's status needs: the same rows, decided the same way, without the words. */
export type VerdictRow = Pick<CheckRow, 'target' | 'case' | 'condition' | 'status' | 'binding' | 'needed'>;

export interface CheckVerdict {
  holds: boolean;
  rows: readonly VerdictRow[];
}

// The price of holding (src/model/holding.ts)

export interface HoldingOption {
  mode: DeploymentMode;
  monthly: number;
  /** what differs from the scenario as written, in words */
  changes: string[];
}

export interface Holding {
  asWritten: number;
  /** the cheapest change within the scenario's mode that holds, or null */
  withinMode: HoldingOption | null;
  /** why no change within the mode holds (null when one does) */
  withinModeWhyNot: string | null;
  /** the cheapest other mode that holds, or null when none does */
  cheapestMode: HoldingOption | null;
}

// The same workload elsewhere (src/model/alternatives.ts)

export type AlternativeId =
  | 'cloudwatch-standard'
  | 'cloudwatch-ia'
  | 'opensearch-serverless'
  | 'opensearch-managed'
  | 'grafana-cloud'
  | 'datadog';

export type AltCategory = 'ingest' | 'storage' | 'query' | 'compute' | 'indexing';

export interface AltLine {
  id: string;
  category: AltCategory;
  resource: string;
  description: string;
  unit: string;
  quantity: number;
  priceKey: string;
  unitPriceUsd: string;
  unitPrice: number;
  monthlyCost: number;
  priceSource: string;
  priceAsOf: string;
  /** the named assumption this line's quantity rests on */
  assumption: AssumptionId;
}

export type AssumptionId =
  | 'ingest-volume'
  | 'event-size'
  | 'event-overhead'
  | 'compression'
  | 'query-volume'
  | 'ocu-throughput'
  | 'hot-window'
  | 'index-expansion'
  | 'domain-topology'
  | 'retention';

export interface AltAssumption {
  id: AssumptionId;
  text: string;
  source: string;
}

export interface Alternative {
  id: AlternativeId;
  name: string;
  provider: string;
  /** aws: priced from the Price List / snapshot; saas: from the shipped list-price book or a quote */
  kind: 'aws' | 'saas';
  lines: AltLine[];
  monthly: number;
  includes: string[];
  leavesOut: string[];
  assumptions: AltAssumption[];
  /** the assumption carrying the largest share of this bill */
  dominant: { assumption: AssumptionId; share: number; text: string };
  /** limits of the service that bind this workload (e.g. retention not offered at list price) */
  warnings: string[];
}

/** An alternative that could not be priced: the missing key and how to get it, never a zero. */
export interface UnpricedAlternative {
  id: AlternativeId;
  name: string;
  unpriced: string;
}

export interface AlternativesResult {
  priced: Alternative[];
  unpriced: UnpricedAlternative[];
}

/** One planned target beside the workloads running today that play its role (plan --observed). */
export interface ObservedTarget {
  target: string;
  planned: { replicas: number; cpu: number; memoryGiB: number };
  /** running workloads matched to this target: by name, else by the role their component plays */
  running: { workload: string; component: string; by: 'name' | 'role'; replicas: number; cpu: number | null; memoryGiB: number | null }[];
}

/** One workload figure measured today beside the model's (plan --observed). */
export interface ObservedFigure {
  what: string;
  observed: string;
  modelled: string;
  /** observed / modelled - 1 where both are numbers, else null */
  difference: number | null;
  /** a description (the flush regime), not a quantity */
  words: boolean;
}

/** A calibration (lokiplan calibrate --format json) beside the plan of the scenario side. */
export interface ObservedComparison {
  source: string;
  targets: ObservedTarget[];
  /** running Loki workloads no planned target plays */
  unmatched: { workload: string; component: string; replicas: number }[];
  figures: ObservedFigure[];
}
