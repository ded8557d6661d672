/**
 * Chunks, objects and ingester memory from active streams and the ingester's flush settings.
 *
 * A stream's chunk is cut when it reaches chunk_target_size (compressed), when it is max_chunk_age
 * old, at a sync_period boundary once it is sync_min_utilization full, or when no line arrives for
 * chunk_idle_period. With many streams a stream fills slowly and age cuts it first: more, smaller
 * objects (grafana/loki docs/sources/configure/bp-configure.md, "Use chunk_target_size").
 * Pure: no I/O.
 */
import { fmtBytes, fmtNum } from './format.js';
import type { FlushPlan, FlushSettings, Scenario, Workload } from './types.js';

/** Loki's ingester defaults (grafana/loki docs/sources/shared/configuration.md, ingester block). */
export const LOKI_FLUSH_DEFAULTS: FlushSettings = {
  chunkIdlePeriodSeconds: 30 * 60,
  maxChunkAgeSeconds: 2 * 3600,
  chunkBlockBytes: 262144,
  chunkEncoding: 'gzip',
  syncPeriodSeconds: 3600,
  syncMinUtilization: 0.1,
  walReplayMemoryCeilingBytes: 4 * 2 ** 30,
  walCheckpointSeconds: 5 * 60,
};
export const FLUSH_SOURCE =
  'grafana/loki docs/sources/shared/configuration.md@65e30f8488 (chunk_target_size 1572864, chunk_idle_period 30m, max_chunk_age 2h, chunk_block_size 262144, chunk_encoding gzip, sync_period 1h, sync_min_utilization 0.1, wal replay_memory_ceiling 4GB, checkpoint_duration 5m)';
/** Go's GC lets the heap grow to (1 + GOGC/100) x the live heap before collecting; GOGC defaults to 100 (go.dev/doc/gc-guide). */
export const GO_HEAP_FACTOR = 2;
/** Loki's WAL replay flushes once past 90% of replay_memory_ceiling (docs/sources/operations/storage/wal.md). */
export const REPLAY_FLUSH_SHARE = 0.9;
/** A line size when the scenario gives a volume, not a line rate: the reference design's 250 B. */
export const DEFAULT_LINE_BYTES = 250;
/** S3: 3,500 PUT/COPY/POST/DELETE per second per partitioned prefix (AWS S3 User Guide, optimizing performance). */
export const S3_PUTS_PER_PREFIX = 3500;

const GiB = 2 ** 30;

/**
 * The flush plan for known active streams. `ingesters` is the ingester replica count; each stream
 * lives on `rf` of them.
 */
export function flushPlan(s: Scenario, w: Workload, ingesters: number): FlushPlan | null {
  const streams = s.ingest.streams;
  if (streams === null || ingesters <= 0) return null;
  const f = s.ingester;
  const rf = s.deployment.replicationFactor;
  const target = s.storage.chunkBytes;
  const ratio = s.storage.compressionRatio;
  const r = w.avgBytesPerSecond / streams;
  const c = r / ratio;
  const line = s.ingest.avgLineBytes ?? DEFAULT_LINE_BYTES;
  const gap = line / r;
  let life: number;
  let cutBy: FlushPlan['cutBy'];
  if (gap >= f.chunkIdlePeriodSeconds) {
    // a line arrives less often than the idle period: every line ends up in a chunk of its own
    life = gap;
    cutBy = 'chunk_idle_period';
  } else {
    const fill = target / c;
    life = Math.min(fill, f.maxChunkAgeSeconds);
    cutBy = fill <= f.maxChunkAgeSeconds ? 'chunk_target_size' : 'max_chunk_age';
    if (f.syncPeriodSeconds > 0 && life > f.syncPeriodSeconds && (c * f.syncPeriodSeconds) / target >= f.syncMinUtilization) {
      life = f.syncPeriodSeconds;
      cutBy = 'sync_period';
    }
  }
  const chunkBytes = cutBy === 'chunk_idle_period' ? line / ratio : c * life;
  const rawPerChunk = cutBy === 'chunk_idle_period' ? line : r * life;
  const perIngester = (streams * rf) / ingesters;
  // on average the head block is half of min(block size, raw bytes a chunk takes in), the cut blocks half the chunk
  const head = Math.min(f.chunkBlockBytes, rawPerChunk) / 2;
  const perStream = head + chunkBytes / 2;
  const inMemory = perIngester * perStream;
  const ingestPerIngester = (w.avgBytesPerSecond * rf) / ingesters;
  const segments = 2 * f.walCheckpointSeconds * ingestPerIngester;
  const wal = inMemory + segments;
  const replay = Math.min(wal, REPLAY_FLUSH_SHARE * f.walReplayMemoryCeilingBytes);
  const live = Math.max(inMemory, replay);
  const memoryNeededGiB = (GO_HEAP_FACTOR * live) / GiB;
  const puts = (streams * s.storage.storedCopies * 86400) / life / 86400;
  return {
    streams,
    perStreamBytesPerSecond: r,
    chunkLifeSeconds: life,
    cutBy,
    chunkBytes,
    chunksFlushedPerDay: (streams * rf * 86400) / life,
    streamsPerIngester: perIngester,
    inMemoryBytesPerIngester: inMemory,
    memoryNeededGiB,
    memoryReason: `${fmtNum(perIngester)} streams per ingester (${fmtNum(streams)} x RF ${rf} / ${ingesters}) x (head block ${fmtBytes(head)} + open chunk ${fmtBytes(chunkBytes / 2)}) = ${fmtBytes(inMemory)} in memory; WAL replay holds up to ${fmtBytes(replay)} (90% of replay_memory_ceiling ${fmtBytes(f.walReplayMemoryCeilingBytes)} or the WAL); x${GO_HEAP_FACTOR} Go heap headroom (GOGC=100) = ${fmtNum(memoryNeededGiB)} GiB`,
    walDiskGiB: wal / GiB,
    walReason: `checkpoint of the in-memory chunks ${fmtBytes(inMemory)} + segments of 2 x checkpoint_duration ${fmtNum(f.walCheckpointSeconds / 60)}m x ${fmtBytes(ingestPerIngester)}/s per ingester = ${fmtBytes(wal)}`,
    peakPutsPerSecondPerPrefix: (puts * s.ingest.peakFactor) / s.ingest.tenants,
  };
}

/** One line on how the chunks are cut, for descriptions and warnings. */
export function flushText(fp: FlushPlan, s: Scenario): string {
  return `${fmtNum(fp.streams)} active streams at ${fmtBytes(fp.perStreamBytesPerSecond)}/s each: chunks cut by ${fp.cutBy} after ${fmtNum(fp.chunkLifeSeconds / 60)} min at ${fmtBytes(fp.chunkBytes, false)} (chunk_target_size ${fmtBytes(s.storage.chunkBytes, false)})`;
}
