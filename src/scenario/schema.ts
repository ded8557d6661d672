/**
 * The scenario file schema (structure and primitive types). Units are parsed afterwards in
 * normalise.ts, so that every error names its field path and the bad value.
 */
import { z } from 'zod';
import { ALTERNATIVE_IDS } from '../model/alternatives.js';

const qty = z.union([z.string(), z.number()]);
const resources = z.strictObject({ cpu: qty.optional(), memory: qty.optional() });
const target = z.strictObject({
  replicas: z.number().int().optional(),
  requests: resources.optional(),
  limits: resources.optional(),
  volume: qty.optional(),
});

const lifecycleRule = z.strictObject({
  after: qty,
  class: z.string().optional(),
  action: z.literal('delete').optional(),
});

const claim = z.union([z.number(), z.string()]);

export const scenarioFields = {
  name: z.string().min(1),
  region: z.string(),
  hoursPerMonth: z.number(),
  ingest: z.strictObject({
    rate: qty.optional(),
    avgLineSize: qty.optional(),
    volume: qty.optional(),
    peakFactor: z.number().optional(),
    streams: qty.optional(),
    tenants: z.number().int().optional(),
  }),
  retention: qty,
  storage: z.strictObject({
    compressionRatio: z.number().optional(),
    storedCopies: z.number().optional(),
    chunkSize: qty.optional(),
    lifecycle: z.array(lifecycleRule).optional(),
    billingGigabyte: z.enum(['GiB', 'GB']).optional(),
    /** all_storage_classes_128K (AWS's default), varies_by_storage_class, or a size: a rule filter ObjectSizeGreaterThan */
    transitionMinimumObjectSize: qty.optional(),
  }),
  query: z.strictObject({
    scannedPerDay: qty.optional(),
    peakFactor: z.number().optional(),
    /** share of the scanned bytes by object age: consecutive bands from 0 days, the last may leave out upTo */
    byAge: z.array(z.strictObject({ upTo: qty.optional(), share: qty })).optional(),
    ingesterShare: qty.optional(),
    selectivity: qty.optional(),
    rulerScannedPerDay: qty.optional(),
  }),
  network: z.strictObject({
    sameZoneRouting: z.boolean().optional(),
    grpcCompression: z.enum(['none', 'snappy', 'gzip']).optional(),
    loadBalancerCrossZone: z.boolean().optional(),
    s3: z.enum(['gateway-endpoint', 'nat-gateway', 'interface-endpoint']).optional(),
    zoneAwareReplication: z.boolean().optional(),
  }),
  ingester: z.strictObject({
    chunkIdlePeriod: qty.optional(),
    maxChunkAge: qty.optional(),
    chunkBlockSize: qty.optional(),
    chunkEncoding: z.enum(['none', 'gzip', 'lz4-64k', 'snappy', 'lz4-256k', 'lz4-1M', 'lz4', 'flate', 'zstd']).optional(),
    syncPeriod: qty.optional(),
    syncMinUtilization: z.number().optional(),
    walReplayMemoryCeiling: qty.optional(),
    walCheckpointDuration: qty.optional(),
  }),
  audit: z.strictObject({
    cloudTrailDataEvents: z.boolean().optional(),
    s3AccessLogs: z.boolean().optional(),
    encryption: z.enum(['sse-s3', 'sse-kms', 'sse-kms-bucket-key']).optional(),
  }),
  deployment: z.strictObject({
    mode: z.string().optional(),
    replicationFactor: z.number().int().optional(),
    zones: z.number().int().optional(),
    failureTolerance: z.number().int().optional(),
    chunksCache: z.boolean().optional(),
  }),
  targets: z.record(z.string(), target),
  compute: z.strictObject({
    pricing: z.enum(['nodes', 'per-vcpu']).optional(),
    instanceTypes: z.array(z.string()).optional(),
    instanceSizes: z.enum(['family', 'listed']).optional(),
    spot: z.record(z.string(), qty).optional(),
    committed: z.record(z.string(), qty).optional(),
    perVcpu: z.strictObject({ basis: z.enum(['requests', 'limits']).optional(), memory: z.boolean().optional() }).optional(),
    nodeRootVolume: qty.optional(),
  }),
  platform: z.strictObject({
    eksClusterShare: qty.optional(),
    loadBalancer: z.enum(['none', 'nlb']).optional(),
    pushCompressionRatio: z.number().optional(),
  }),
  omit: z.array(z.string()),
  prices: z.strictObject({ overrides: z.record(z.string(), z.union([z.string(), z.number()])).optional() }),
  claims: z.record(z.string(), claim),
  /** who the cost file names as the billing account (FOCUS BillingAccountId / BillingAccountName) */
  billing: z.strictObject({
    accountId: z.string({ error: 'must be a quoted string (an AWS account ID is 12 digits: quote it so leading zeros stay)' }).min(1),
    accountName: z.string().min(1),
  }),
  /** `true` is short for `{}` (every alternative with the defaults), `false` for none */
  alternatives: z.preprocess(
    (v) => (v === true ? {} : v === false ? { include: [] } : v),
    z.strictObject({
      include: z.array(z.enum(ALTERNATIVE_IDS as [string, ...string[]])).optional(),
      compressionRatio: z.number().optional(),
      eventSize: qty.optional(),
      ocuIndexingRate: qty.optional(),
      hotDays: qty.optional(),
      quotes: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  ),
  limits: z.union([
    z.enum(['planned', 'loki-defaults']),
    z.strictObject({
      ingestion_rate_mb: z.number().optional(),
      ingestion_burst_size_mb: z.number().optional(),
      per_stream_rate_limit: qty.optional(),
      max_global_streams_per_user: z.number().int().optional(),
    }),
  ]),
};

/** The merged document (after `extends`), before unit normalisation. */
export const scenarioSchema = z.strictObject({
  ...scenarioFields,
  /** left out: the file's name without its extension ("stdin" for standard input; scenario/load.ts defaultName) */
  name: scenarioFields.name.optional(),
  ingest: scenarioFields.ingest,
  storage: scenarioFields.storage.optional(),
  query: scenarioFields.query.optional(),
  deployment: scenarioFields.deployment.optional(),
  targets: scenarioFields.targets.optional(),
  compute: scenarioFields.compute.optional(),
  platform: scenarioFields.platform.optional(),
  network: scenarioFields.network.optional(),
  ingester: scenarioFields.ingester.optional(),
  audit: scenarioFields.audit.optional(),
  omit: scenarioFields.omit.optional(),
  prices: scenarioFields.prices.optional(),
  claims: scenarioFields.claims.optional(),
  limits: scenarioFields.limits.optional(),
  billing: scenarioFields.billing.optional(),
  alternatives: scenarioFields.alternatives.optional(),
  hoursPerMonth: scenarioFields.hoursPerMonth.optional(),
  baseline: z.union([z.null(), z.literal(false), z.record(z.string(), z.unknown())]).optional(),
  /** ranges and distributions for `lokiplan uncertainty` (field path -> spec); ignored by plan */
  uncertainty: z.record(z.string(), z.unknown()).optional(),
});

export type RawScenario = z.infer<typeof scenarioSchema>;
