/**
 * The metrics calibration reads: one table, each with its meaning, its tenant label and where Loki
 * (or kube-state-metrics) defines it. Names, labels and buckets were checked in grafana/loki at
 * v3.7.6; where the wording differs from the code, the code wins (the tenant label of the
 * chunk-store counters is `user`, not `tenant`; the chunk histograms carry no tenant label at all).
 * Query bytes: the issue asks for the query statistics, but at v3.7.6 the query-frontend's
 * `loki_query_fetched_chunks_bytes_total` (pkg/lokifrontend/frontend/transport/handler.go) is never
 * incremented (pkg/querier/stats AddFetchedChunkBytes has no caller), and
 * `loki_logql_querystats_bytes_processed_per_seconds` (pkg/logql/metrics.go) is a histogram of each
 * query's throughput, not a total; so the chunk bytes the queriers fetch from the store are read.
 */

export type MetricId =
  | 'bytes'
  | 'lines'
  | 'replicationFactor'
  | 'streams'
  | 'streamsCreated'
  | 'compression'
  | 'chunkSize'
  | 'utilization'
  | 'flushed'
  | 'stored'
  | 'fetched'
  | 'deploymentReplicas'
  | 'statefulsetReplicas'
  | 'podRequests';

export interface MetricDef {
  /** the series name (a histogram's base name: `_sum` and `_count` are read) */
  name: string;
  kind: 'counter' | 'gauge' | 'histogram';
  /** the label that names the tenant, or null when the metric is not per tenant */
  tenantLabel: 'tenant' | 'user' | null;
  /** the series a presence check looks for */
  probe: string;
  /** what it counts, in the source's words where it has them */
  meaning: string;
  /** where it is defined */
  source: string;
  /** kube-state-metrics: filtered by --namespace, not by --selector */
  kube?: true;
}

const LOKI = 'grafana/loki v3.7.6';
const KSM = 'kubernetes/kube-state-metrics docs/metrics/workload';

const def = (name: string, kind: MetricDef['kind'], tenantLabel: MetricDef['tenantLabel'], meaning: string, source: string, kube?: true): MetricDef => ({
  name,
  kind,
  tenantLabel,
  probe: kind === 'histogram' ? `${name}_count` : name,
  meaning,
  source,
  ...(kube ? { kube } : {}),
});

export const METRICS: Readonly<Record<MetricId, MetricDef>> = {
  bytes: def('loki_distributor_bytes_received_total', 'counter', 'tenant', 'uncompressed bytes received per tenant, structured metadata included; label retention_hours is the stream\'s retention period ("" when none)', `${LOKI} pkg/loghttp/push/push.go`),
  lines: def('loki_distributor_lines_received_total', 'counter', 'tenant', 'lines received per tenant', `${LOKI} pkg/loghttp/push/push.go`),
  replicationFactor: def('loki_distributor_replication_factor', 'gauge', null, 'the configured replication factor', `${LOKI} pkg/distributor/distributor.go`),
  streams: def('loki_ingester_memory_streams', 'gauge', 'tenant', 'streams in memory per tenant, per ingester (each stream is held by replication-factor ingesters)', `${LOKI} pkg/ingester/instance.go`),
  streamsCreated: def('loki_ingester_streams_created_total', 'counter', 'tenant', 'streams created per tenant, per ingester', `${LOKI} pkg/ingester/instance.go`),
  compression: def('loki_ingester_chunk_compression_ratio', 'histogram', null, 'uncompressed / compressed size of each flushed chunk (buckets .75 + 2n, n < 10)', `${LOKI} pkg/ingester/metrics.go, observed in pkg/ingester/flush.go`),
  chunkSize: def('loki_ingester_chunk_size_bytes', 'histogram', null, 'compressed size of each flushed chunk (buckets 20 kB x 2^n, n < 10)', `${LOKI} pkg/ingester/metrics.go, observed in pkg/ingester/flush.go`),
  utilization: def('loki_ingester_chunk_utilization', 'histogram', null, 'how full each flushed chunk is against chunk_target_size (buckets 0, .2 .. 1)', `${LOKI} pkg/ingester/metrics.go, observed in pkg/ingester/flush.go`),
  flushed: def('loki_ingester_chunks_flushed_total', 'counter', null, 'flushed chunks by reason (full, max_age, idle, forced, synced, not_owned)', `${LOKI} pkg/ingester/metrics.go, reasons in pkg/ingester/flush.go`),
  stored: def('loki_chunk_store_stored_chunk_bytes_total', 'counter', 'user', 'compressed chunk bytes written to the object store, after the chunk-cache dedupe of replicas', `${LOKI} pkg/storage/chunk/client/metrics.go, dedupe in pkg/storage/stores/series_store_write.go`),
  fetched: def('loki_chunk_store_fetched_chunk_bytes_total', 'counter', 'user', 'compressed chunk bytes fetched from the object store by queries and rules (chunk-cache hits are not counted)', `${LOKI} pkg/storage/chunk/client/metrics.go`),
  deploymentReplicas: def('kube_deployment_spec_replicas', 'gauge', null, 'desired replicas of a Deployment', `${KSM}/deployment-metrics.md`, true),
  statefulsetReplicas: def('kube_statefulset_replicas', 'gauge', null, 'desired replicas of a StatefulSet', `${KSM}/statefulset-metrics.md`, true),
  podRequests: def('kube_pod_container_resource_requests', 'gauge', null, 'requested resources of a container (resource="cpu" in cores, "memory" in bytes)', `${KSM}/pod-metrics.md`, true),
};

/** The metrics a scenario cannot be written without. */
export const REQUIRED: readonly MetricId[] = ['bytes', 'lines'];
