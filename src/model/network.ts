/**
 * The network bill of a multi-zone Loki: every path between components that can cross an
 * availability zone, with its GB a month from the ingest and query volumes and the share of it
 * that crosses a zone under the topology and the levers (zones, same-zone routing, gRPC
 * compression, load-balancer cross-zone); the path between the pods and S3 (gateway endpoint, NAT
 * gateway or interface endpoint); and what each lever would save. Pure: no I/O.
 */
import type { LineBuilder } from './cost.js';
import { chunkRegime, chunksCacheOn, DEFAULT_LINE_BYTES } from './flush.js';
import { grpcRatio, pushRatio } from './compression.js';
import { fmtNum, fmtPct } from './format.js';
import { MODES } from './modes/index.js';
import { PriceKeys } from './prices.js';
import type { GrpcCompression, Lever, NetworkSettings, Scenario, StoragePlan, Topology, TrafficPath, Workload } from './types.js';

/** gRPC compression (grpc_client_config.grpc_compression, default "": none); its ratio is the log data's (src/model/compression.ts). */
export const GRPC_SOURCE = 'grafana/loki configuration.md grpc_client_config.grpc_compression (default "": none)';
/**
 * lokiplan's estimates where no public figure exists (stated in every plan's assumptions, each a
 * scenario field): a quarter of scanned bytes are within query_ingesters_within (3h, so read from
 * ingesters: dashboards and alerts favour the last hours), a tenth of scanned lines match and are
 * sent back, and rules scan each ingested byte once a day.
 */
export const QUERY_DEFAULTS = { ingesterShare: 0.25, selectivity: 0.1, rulerScansIngest: 1 } as const;
/** Bytes of one logproto.ChunkRef (fingerprint, user_id, from, through, checksum) on the wire, about. */
export const CHUNK_REF_BYTES = 40;
/** Bytes of one logproto.Sample (int64 timestamp, double value, uint64 hash) plus field tags. */
export const SAMPLE_BYTES = 27;
export const NETWORK_SOURCE =
  'grafana/loki pkg/querier/ingester_querier.go@65e30f8488 (queriers ask every ingester of the read replication set); production/helm/loki/values.yaml (trafficDistribution, zoneAwareReplication: "cross zone network traffic costs can become extremely high extremely quickly")';

/** Where the flush-time cache traffic comes from. */
const FLUSH_CACHE_SOURCE = 'grafana/loki v3.7.6 pkg/storage/stores/series_store_write.go PutOne L72-133: Cache().Fetch of the chunk key, then PutChunks and WriteBackCache on a miss';
const INGEST_ENTRY = ['distributor', 'write', 'single-binary'];
const has = (topo: Topology, names: readonly string[]) => topo.targets.find((t) => names.includes(t.name) && t.replicas > 0)?.name ?? null;

/**
 * The paths for one set of levers and zone count (levers are evaluated by calling this again with
 * one lever changed). GB are billing GB (the scenario's convention).
 */
export function trafficPaths(s: Scenario, w: Workload, topo: Topology, st: StoragePlan, net: NetworkSettings, zones: number, gb: number): TrafficPath[] {
  const out: TrafficPath[] = [];
  if (!MODES[topo.mode].spreadsZones) return out;
  const rf = s.deployment.replicationFactor;
  const cross = zones > 1 ? (zones - 1) / zones : 0;
  const month = w.daysPerMonth / gb;
  const grpc = grpcRatio(s, net.grpcCompression);
  const grpcWhy = net.grpcCompression === 'none' ? 'uncompressed gRPC' : `gRPC ${net.grpcCompression} ${fmtNum(grpc)}x`;
  const pushX = pushRatio(s);
  const push = (w.bytesPerDay / pushX) * month;
  const spread = `${fmtNum(zones - 1)} of ${fmtNum(zones)} zones`;
  const gateway = has(topo, ['gateway']);
  const entry = has(topo, INGEST_ENTRY) ?? 'distributor';
  const routed = (what: string) => (net.sameZoneRouting ? `${what}: same-zone routing (trafficDistribution: PreferClose)` : `${what}: a random endpoint, in another zone ${spread} of the time`);
  const first = gateway ?? entry;
  if (s.platform.loadBalancer === 'nlb') {
    out.push({ id: 'client-lb', name: 'client -> load balancer', gbPerMonth: push, crossShare: cross, why: `clients spread over the zones resolve any zone's NLB address; snappy push ${fmtNum(pushX)}x` });
    out.push({
      id: 'lb-gateway',
      name: `load balancer -> ${first}`,
      gbPerMonth: push,
      crossShare: net.loadBalancerCrossZone ? cross : 0,
      why: net.loadBalancerCrossZone ? 'NLB cross-zone load balancing on: targets in any zone' : 'NLB cross-zone load balancing off (the NLB default): targets in the same zone',
    });
  } else {
    out.push({ id: 'client-gateway', name: `client -> ${first}`, gbPerMonth: push, crossShare: net.sameZoneRouting ? 0 : cross, why: routed(`clients in the cluster, snappy push ${fmtNum(pushX)}x`) });
  }
  if (gateway) {
    out.push({ id: 'gateway-distributor', name: `gateway -> ${entry}`, gbPerMonth: push, crossShare: net.sameZoneRouting ? 0 : cross, why: routed('nginx proxies the push as received') });
  }
  out.push({
    id: 'replication',
    name: `distributor -> ingesters`,
    gbPerMonth: ((w.bytesPerDay * rf) / grpc) * month,
    crossShare: cross,
    why: `RF ${rf} copies, ${grpcWhy}; ${topo.zoneAware ? 'zone-aware: one copy per zone' : 'ingesters spread evenly'}, so ${fmtNum(zones - 1)}/${fmtNum(zones)} of copies land in another zone`,
  });
  const scanned = s.query.scannedBytesPerDay;
  out.push({
    id: 'querier-ingesters',
    name: 'querier <- ingesters (recent data)',
    gbPerMonth: ((scanned * s.query.ingesterShare * s.query.selectivity * rf) / grpc) * month,
    crossShare: cross,
    why: `${fmtPct(s.query.ingesterShare)} of scanned bytes inside query_ingesters_within, ${fmtPct(s.query.selectivity)} of them sent back, by each of RF ${rf} ingesters; ${grpcWhy}`,
  });
  // queriers read every stored copy (copies that did not dedupe are distinct chunks)
  const copiesRead = st.chunks?.storedCopies ?? 1;
  const chunksRead = (scanned / s.storage.compressionRatio) * copiesRead / (st.objectBytes || s.storage.chunkBytes);
  if (!has(topo, ['single-binary'])) {
    // a single binary answers index lookups in-process
    out.push({
      id: 'querier-index-gateway',
      name: 'querier <-> index gateway',
      gbPerMonth: ((chunksRead * CHUNK_REF_BYTES) / grpc) * month,
      crossShare: cross,
      why: `${fmtNum(chunksRead)} chunk references a day x ${CHUNK_REF_BYTES} B`,
    });
  }
  if (has(topo, ['chunks-cache'])) {
    // every replica of a stream flushes its own chunk through the cache (series_store_write.go PutOne): a
    // miss writes the whole chunk back, a hit returns it whole; either way each replica moves the chunk once
    const ingester = has(topo, [MODES[topo.mode].ingesterTarget]) ?? MODES[topo.mode].ingesterTarget;
    out.push({
      id: 'ingester-chunks-cache',
      name: `${ingester} <-> chunks cache (flush dedupe)`,
      gbPerMonth: (w.bytesPerDay / s.storage.compressionRatio) * rf * month,
      crossShare: cross,
      why: `each of RF ${rf} replicas looks every flushed chunk up in the chunks cache: the first misses and writes the chunk back, the others' hits return it whole (${FLUSH_CACHE_SOURCE}); the client hashes keys over all cache pods, so no zone preference`,
    });
    out.push({
      id: 'querier-chunks-cache',
      name: 'querier <-> chunks cache',
      gbPerMonth: (scanned / s.storage.compressionRatio) * copiesRead * month,
      crossShare: cross,
      why: 'every chunk read once through memcached (hit, or miss written back); the client hashes keys over all cache pods, so no zone preference',
    });
  }
  const ruled = rulerScanned(s, w);
  if (has(topo, ['ruler', 'backend', 'single-binary']) && ruled > 0) {
    const lines = ruled / (s.ingest.avgLineBytes ?? DEFAULT_LINE_BYTES);
    out.push({
      id: 'ruler',
      name: 'ruler <- ingesters',
      gbPerMonth: ((lines * s.query.selectivity * SAMPLE_BYTES * rf) / grpc) * month,
      crossShare: cross,
      why: `rules scan ${fmtNum(ruled / 1e9)} GB/day; ${fmtPct(s.query.selectivity)} of lines match, each a ${SAMPLE_BYTES} B sample from each of RF ${rf} ingesters`,
    });
  }
  return out;
}

/** Raw bytes the ruler scans a day: the scenario's, or (lokiplan's estimate) the day's ingest once. */
export const rulerScanned = (s: Scenario, w: Workload): number => s.query.rulerScannedBytesPerDay ?? w.bytesPerDay * QUERY_DEFAULTS.rulerScansIngest;

/** GB a month between the pods and S3: chunk uploads and chunk reads for queries. */
export function s3TrafficGb(s: Scenario, w: Workload, gb: number): number {
  if (MODES[s.deployment.mode].objectStore === 'filesystem') return 0;
  // queries read every stored copy the index lists (copies that did not dedupe are distinct chunks)
  const copies = chunkRegime(s, chunksCacheOn(s)).storedCopies;
  return ((w.storedBytesPerDay + (s.query.scannedBytesPerDay / s.storage.compressionRatio) * copies) * w.daysPerMonth) / gb;
}

const S3_PATH_NAME = { 'gateway-endpoint': 'S3 gateway endpoint', 'nat-gateway': 'NAT gateway', 'interface-endpoint': 'S3 interface endpoint' } as const;

/** Cost lines for the paths' zone crossings and the S3 path. */
export function networkLines(b: LineBuilder, s: Scenario, paths: readonly TrafficPath[], s3Gb: number, s3Path: NetworkSettings['s3'], zones: number): void {
  for (const p of paths) {
    const crossing = p.gbPerMonth * p.crossShare;
    if (!(crossing > 0)) continue;
    b.add({
      id: `transfer.inter-az.${p.id}`,
      component: 'inter-az',
      resource: 'inter-AZ data transfer',
      description: () => `${p.name}: ${fmtNum(p.gbPerMonth)} GB x ${fmtPct(p.crossShare)} across zones = ${fmtNum(crossing)} GB, billed out and in (${p.why})`,
      unit: 'GB',
      quantity: crossing * 2,
      priceKey: PriceKeys.interAz,
    });
  }
  if (s3Gb <= 0 || s3Path === 'gateway-endpoint') return;
  const nat = s3Path === 'nat-gateway';
  const name = S3_PATH_NAME[s3Path];
  (nat ? b.add : b.addTiered).call(b, {
    id: nat ? 's3.network.nat.data' : 's3.network.endpoint.data',
    component: 's3-network',
    resource: name,
    description: () => `pods <-> S3 through the ${name}: chunk uploads and query reads, ${fmtNum(s3Gb)} GB processed`,
    unit: 'GB',
    quantity: s3Gb,
    priceKey: nat ? PriceKeys.natGb : PriceKeys.interfaceEndpointGb,
  });
  b.add({
    id: nat ? 's3.network.nat.hours' : 's3.network.endpoint.hours',
    component: 's3-network',
    resource: name,
    description: () => `${fmtNum(zones)} ${nat ? 'NAT gateways' : 'endpoint interfaces'} (one per zone) for ${fmtNum(s.hoursPerMonth)} h`,
    unit: 'hour',
    quantity: zones * s.hoursPerMonth,
    priceKey: nat ? PriceKeys.natHour : PriceKeys.interfaceEndpointHour,
  });
}

type Cost = (net: NetworkSettings, zones: number) => number;

/** The levers that apply to this scenario, each with its saving on the network lines (>= 0), best first. */
export function levers(s: Scenario, topo: Topology, cost: Cost): Lever[] {
  const net = s.network;
  const z = s.deployment.zones;
  if (!MODES[topo.mode].spreadsZones) return [];
  const now = cost(net, z);
  const out: Lever[] = [];
  const lever = (field: string, value: string, label: string, alt: NetworkSettings, zones: number, note: string) =>
    out.push({ field, value, label, saving: Math.max(0, now - cost(alt, zones)), note });
  if (z > 1) lever('deployment.zones', '1', 'run in one zone', net, 1, 'a zone outage then stops ingest and queries (see check)');
  if (!net.sameZoneRouting && z > 1) lever('network.sameZoneRouting', 'true', 'same-zone routing (trafficDistribution: PreferClose)', { ...net, sameZoneRouting: true }, z, 'gateway and distributor services prefer endpoints in the client\'s zone');
  if (net.grpcCompression !== 'gzip' && z > 1) lever('network.grpcCompression', 'gzip', 'gRPC gzip compression', { ...net, grpcCompression: 'gzip' }, z, 'costs CPU on distributors, ingesters and queriers');
  if (net.grpcCompression === 'none' && z > 1) lever('network.grpcCompression', 'snappy', 'gRPC snappy compression', { ...net, grpcCompression: 'snappy' }, z, 'less CPU than gzip');
  if (net.loadBalancerCrossZone && s.platform.loadBalancer === 'nlb') lever('network.loadBalancerCrossZone', 'false', 'NLB cross-zone off', { ...net, loadBalancerCrossZone: false }, z, 'each zone needs gateway pods');
  if (net.s3 !== 'gateway-endpoint') lever('network.s3', 'gateway-endpoint', 'S3 gateway endpoint', { ...net, s3: 'gateway-endpoint' }, z, 'gateway endpoints have no hourly or data charge');
  return out.sort((a, b) => b.saving - a.saving);
}
