/**
 * Chunks, objects and ingester memory, as Loki v3.7.6 cuts and flushes them. Every rule cites the
 * source at the v3.7.6 tag (grafana/loki commit 5003600d7c):
 *
 * - target size: a chunk takes a line while cut blocks (compressed) + the head block (uncompressed)
 *   + the line stay under chunk_target_size (pkg/chunkenc/memchunk.go SpaceFor, L804-821); the head
 *   is cut into a compressed block at chunk_block_size uncompressed bytes (memchunk.go Append,
 *   L885-887) and compressed on close. A full chunk therefore closes with n blocks of blockSize/ratio
 *   and a head of target - n x blockSize/ratio (at most one block): at 5x, 25 blocks and a whole head
 *   block, target - blockSize x (1 - 1/ratio) = 1,363,149 bytes, not 1,572,864.
 * - sync: at the stream's hourly sync_period boundary (jittered by fingerprint, the same on every
 *   replica) the chunk is cut when Utilization() > sync_min_utilization (pkg/ingester/stream.go
 *   cutChunkForSynchronization, L541-567), and Utilization() is CompressedSize()/target, where
 *   CompressedSize() counts the cut blocks compressed and the head block UNCOMPRESSED
 *   (memchunk.go CompressedSize L841-855, Utilization L858-864).
 * - max age and idle: the flush loop, every flush_check_period (30s), flushes a chunk whose first and
 *   last lines are more than max_chunk_age apart, or that took no line for chunk_idle_period
 *   (pkg/ingester/flush.go shouldFlushChunk, L356-374); defaults from pkg/ingester/ingester.go
 *   RegisterFlags L149-162 (flush_check_period 30s, chunk_idle_period 30m, chunk_block_size 262144,
 *   chunk_target_size 1572864, sync_period 1h, sync_min_utilization 0.1, max_chunk_age 2h).
 * - dedupe: every replica flushes its own chunk; before the PUT it looks the chunk's key (fingerprint,
 *   from, through, checksum) up in the chunks cache, skips the PUT on a hit and writes the chunk back
 *   on a miss (pkg/storage/stores/series_store_write.go PutOne, L72-133). Only chunks whose first
 *   and last line are the same on every replica dedupe: cuts by size and sync (the same line on every
 *   replica) and idle cuts (no line arrived on any replica) do; a max-age cut happens at each
 *   replica's own flush check, so that chunk and the ones after it, until a sync cut aligns the
 *   replicas again, are stored once per replica. Without a chunks cache every replica uploads.
 *
 * Pure: no I/O.
 */
import { fmtBytes, fmtNum } from './format.js';
import type { ChunkCut, ChunkRegime, FlushPlan, FlushSettings, Scenario, Workload } from './types.js';

/** Loki's ingester defaults (grafana/loki v3.7.6 pkg/ingester/ingester.go RegisterFlags; wal: pkg/ingester/wal.go). */
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
export const LOKI_REF = 'grafana/loki v3.7.6';
export const FLUSH_SOURCE = `${LOKI_REF} pkg/ingester/ingester.go L149-162 (flush_check_period 30s, chunk_idle_period 30m, chunk_block_size 262144, chunk_target_size 1572864, chunk_encoding gzip, sync_period 1h, sync_min_utilization 0.1, max_chunk_age 2h); pkg/chunkenc/memchunk.go SpaceFor L804-821, CompressedSize L841-855, Utilization L858-864, Append L885-887; pkg/ingester/stream.go cutChunkForSynchronization L541-567; pkg/ingester/flush.go shouldFlushChunk L356-374; pkg/storage/stores/series_store_write.go PutOne L72-133; wal replay_memory_ceiling 4GB, checkpoint_duration 5m (docs/sources/shared/configuration.md)`;
/** flush_check_period: a max-age chunk is flushed at the first flush check after it passes max_chunk_age, on average half a period later. */
export const FLUSH_CHECK_SECONDS = 30;
/** Go's GC lets the heap grow to (1 + GOGC/100) x the live heap before collecting; GOGC defaults to 100 (go.dev/doc/gc-guide). */
export const GO_HEAP_FACTOR = 2;
/** Loki's WAL replay flushes once past 90% of replay_memory_ceiling (docs/sources/operations/storage/wal.md). */
export const REPLAY_FLUSH_SHARE = 0.9;
/** The WAL docs suggest replay_memory_ceiling at "a high percentage (~75%) of available memory" (grafana/loki v3.7.6 docs/sources/operations/storage/wal.md L53). */
export const REPLAY_CEILING_SHARE = 0.75;
/** A line size when the scenario gives a volume, not a line rate: the reference design's 250 B. */
export const DEFAULT_LINE_BYTES = 250;
/** S3: 3,500 PUT/COPY/POST/DELETE per second per partitioned prefix (AWS S3 User Guide, optimizing performance). */
export const S3_PUTS_PER_PREFIX = 3500;

const GiB = 2 ** 30;
const DAY = 86400;

/** The chunk a stream closes when it fills (memchunk.go SpaceFor and Append): raw and compressed bytes. */
export function fullChunk(target: number, block: number, ratio: number): { raw: number; compressed: number; blocks: number } {
  // n compressed blocks and an uncompressed head of target - n x block/ratio, the head at most one block
  const blocks = target > block ? Math.max(0, Math.ceil(((target - block) * ratio) / block - 1e-9)) : 0;
  const head = target - (blocks * block) / ratio;
  return { raw: blocks * block + head, compressed: (blocks * block) / ratio + head / ratio, blocks };
}

/** Utilization() of a chunk holding `raw` bytes: cut blocks compressed, the head block uncompressed, over the target. */
export function utilization(raw: number, target: number, block: number, ratio: number): number {
  const cut = Math.floor(raw / block + 1e-9);
  return ((cut * block) / ratio + Math.max(0, raw - cut * block)) / target;
}

interface Tally {
  n: number;
  raw: number;
}

/**
 * One stream's chunks at a steady `rate` raw bytes/s: the cuts a day by reason, each with whether
 * every replica cuts the same chunk. Simulated from the rules above over four days after a day's
 * warm-up (a few hundred steps: runs of full chunks are counted in one step); a day is measured by
 * the raw bytes the counted chunks hold, so no partial chunk skews the rate.
 */
export function streamCuts(rate: number, target: number, ratio: number, f: FlushSettings, lineBytes: number): ChunkCut[] {
  const B = f.chunkBlockBytes;
  if (lineBytes / rate >= f.chunkIdlePeriodSeconds) {
    // a line arrives less often than the idle period: each line is a chunk of its own, the same on every replica
    return [{ reason: 'chunk_idle_period', perStreamPerDay: (DAY * rate) / lineBytes, rawBytes: lineBytes, compressedBytes: lineBytes / ratio, deterministic: true }];
  }
  const full = fullChunk(target, B, ratio);
  const tFull = full.raw / rate;
  const P = f.syncPeriodSeconds;
  const age = f.maxChunkAgeSeconds + FLUSH_CHECK_SECONDS / 2;
  const m = f.syncMinUtilization;
  const warm = DAY;
  const end = 5 * DAY;
  const tally = new Map<string, Tally>();
  // a chunk counts when it starts after the warm-up: the counted chunks then cover one unbroken span
  const rec = (reason: ChunkCut['reason'], det: boolean, from: number, n: number, raw: number) => {
    if (from < warm - 1e-6) return;
    const k = `${reason}|${det}`;
    const t = tally.get(k) ?? { n: 0, raw: 0 };
    t.n += n;
    t.raw += raw;
    tally.set(k, t);
  };
  let s = 0; // the open chunk's first line
  let aligned = true; // every replica's open chunk began at the same line
  for (let guard = 0; s < end && guard < 100_000; guard++) {
    const nextB = P > 0 ? (Math.floor(s / P + 1e-9) + 1) * P : Infinity;
    if (tFull < age && s + tFull <= Math.min(nextB, end)) {
      // full chunks until the sync boundary (a full chunk never reaches max_chunk_age); a tie is a full cut (SpaceFor is tested first)
      const n = Math.max(1, Math.floor((Math.min(nextB, end) - s) / tFull + 1e-9));
      const before = s < warm ? Math.min(n, Math.ceil((warm - s) / tFull - 1e-9)) : 0;
      rec('chunk_target_size', aligned, s + before * tFull, n - before, (n - before) * full.raw);
      s += n * tFull;
      continue;
    }
    let cut = false;
    for (let b = nextB; b < Math.min(s + age, s + tFull); b += P) {
      if (m <= 0 || utilization(rate * (b - s), target, B, ratio) > m) {
        rec('sync_period', aligned, s, 1, rate * (b - s));
        s = b;
        aligned = true;
        cut = true;
        break;
      }
    }
    if (cut) continue;
    if (tFull < age) {
      rec('chunk_target_size', aligned, s, 1, full.raw);
      s += tFull;
      continue;
    }
    rec('max_chunk_age', false, s, 1, rate * age);
    s += age;
    aligned = false;
  }
  const days = [...tally.values()].reduce((a, t) => a + t.raw, 0) / rate / DAY;
  const order: ChunkCut['reason'][] = ['chunk_target_size', 'sync_period', 'max_chunk_age'];
  const out: ChunkCut[] = [];
  for (const reason of order) {
    for (const det of [true, false]) {
      const t = tally.get(`${reason}|${det}`);
      if (!t || t.n <= 0) continue;
      out.push({ reason, perStreamPerDay: t.n / days, rawBytes: t.raw / t.n, compressedBytes: t.raw / t.n / ratio, deterministic: det });
    }
  }
  return out;
}

/**
 * Whether the replicas dedupe through a chunks cache: the Helm chart deploys one in every mode
 * (grafana-community/helm-charts charts/loki values.yaml chunksCache.enabled: true);
 * deployment.chunksCache: false turns it off. A single binary on a filesystem (RF 1) has no replicas to dedupe.
 */
export const chunksCacheOn = (s: Scenario): boolean => s.deployment.chunksCache;

const REGIMES = new Map<string, ChunkRegime>();

/**
 * How the scenario's chunks are cut, deduped and stored: per stream from `ingest.streams`, or, without
 * it, the stated assumption that every stream fills its chunks (the fewest objects). `chunksCache`:
 * the replicas dedupe through a chunks cache. Memoised (bounded): what-if sweeps re-plan the same
 * workload many times.
 */
export function chunkRegime(s: Scenario, chunksCache: boolean): ChunkRegime {
  const f = s.ingester;
  const line = s.ingest.avgLineBytes ?? DEFAULT_LINE_BYTES;
  const key = `${s.ingest.bytesPerSecond}|${s.ingest.streams}|${line}|${s.storage.chunkBytes}|${s.storage.compressionRatio}|${s.storage.storedCopies}|${s.deployment.replicationFactor}|${chunksCache}|${f.chunkBlockBytes}|${f.syncPeriodSeconds}|${f.syncMinUtilization}|${f.maxChunkAgeSeconds}|${f.chunkIdlePeriodSeconds}`;
  let r = REGIMES.get(key);
  if (!r) {
    if (REGIMES.size >= 1024) REGIMES.clear();
    r = Object.freeze(buildRegime(s, chunksCache, line));
    REGIMES.set(key, r);
  }
  return r;
}

function buildRegime(s: Scenario, chunksCache: boolean, line: number): ChunkRegime {
  const ratio = s.storage.compressionRatio;
  const rf = s.deployment.replicationFactor;
  const bytesPerDay = s.ingest.bytesPerSecond * DAY;
  const streams = s.ingest.streams;
  const full = fullChunk(s.storage.chunkBytes, s.ingester.chunkBlockBytes, ratio);
  const perStream = streams === null ? null : s.ingest.bytesPerSecond / streams;
  const cuts: ChunkCut[] =
    perStream === null
      ? [{ reason: 'chunk_target_size', perStreamPerDay: bytesPerDay / full.raw, rawBytes: full.raw, compressedBytes: full.compressed, deterministic: true }]
      : streamCuts(perStream, s.storage.chunkBytes, ratio, s.ingester, line);
  const n = streams ?? 1;
  const copiesOf = (c: ChunkCut) => (chunksCache && c.deterministic ? 1 : rf);
  const chunksPerDay = cuts.reduce((a, c) => a + n * c.perStreamPerDay, 0);
  const derivedObjects = cuts.reduce((a, c) => a + n * c.perStreamPerDay * copiesOf(c), 0);
  const uniqueBytes = cuts.reduce((a, c) => a + n * c.perStreamPerDay * c.compressedBytes, 0);
  const derivedBytes = cuts.reduce((a, c) => a + n * c.perStreamPerDay * c.compressedBytes * copiesOf(c), 0);
  const derivedCopies = uniqueBytes > 0 ? derivedBytes / uniqueBytes : 1;
  const given = s.storage.storedCopies;
  const storedCopies = given ?? derivedCopies;
  const objectsPerDay = given === null ? derivedObjects : chunksPerDay * given;
  const storedBytesPerDay = (bytesPerDay / ratio) * storedCopies;
  return {
    assumed: streams === null,
    streams,
    perStreamBytesPerSecond: perStream,
    cuts,
    targetBytes: s.storage.chunkBytes,
    fullChunkBytes: full.compressed,
    chunksPerDay,
    objectsPerDay,
    storedBytesPerDay,
    storedCopies,
    derivedCopies,
    copiesFrom: given === null ? 'loki' : 'scenario',
    chunksCache,
    meanObjectBytes: objectsPerDay > 0 ? storedBytesPerDay / objectsPerDay : full.compressed,
  };
}

const copiesWord = (n: number) => `${fmtNum(n)} stored ${n === 1 ? 'copy' : 'copies'}`;

const REASON_WORDS: Record<ChunkCut['reason'], string> = {
  chunk_target_size: 'full',
  sync_period: 'at the hourly sync',
  max_chunk_age: 'at max_chunk_age',
  chunk_idle_period: 'idle',
};

/** The chunk regime in one line: what cuts the chunks, how big they are, how many are stored. */
export function regimeText(r: ChunkRegime): string {
  const cuts = r.cuts.map((c) => `${fmtNum(c.perStreamPerDay)} cut ${REASON_WORDS[c.reason]} at ${fmtBytes(c.compressedBytes, false)}${c.deterministic ? '' : ' (not deduped: each replica cuts its own)'}`).join(' + ');
  const who =
    r.streams === null
      ? `chunk regime assumed (no ingest.streams): every stream fills its chunks, which close at ${fmtBytes(r.fullChunkBytes, false)} (chunk_target_size ${fmtBytes(r.targetBytes, false)} less an uncompressed head block's saving); more streams cut smaller chunks at the hourly sync or max_chunk_age (set ingest.streams)`
      : `chunk regime from ${fmtNum(r.streams)} active streams at ${fmtBytes(r.perStreamBytesPerSecond!, false)}/s each: per stream a day ${cuts}`;
  const copies =
    r.copiesFrom === 'scenario'
      ? `${copiesWord(r.storedCopies)} (storage.storedCopies; Loki's cuts give ${fmtNum(r.derivedCopies)}${r.chunksCache ? ' with the chunks cache' : ' without a chunks cache'})`
      : `${copiesWord(r.storedCopies)} (${r.chunksCache ? 'replicas dedupe identical chunks through the chunks cache' : 'no chunks cache: every replica uploads its own'})`;
  return `${who}; ${copies}: ${fmtNum(r.objectsPerDay)} objects a day of ${fmtBytes(r.meanObjectBytes, false)} on average`;
}

/**
 * The flush plan for known active streams. `ingesters` is the ingester replica count; each stream
 * lives on `rf` of them.
 */
export function flushPlan(s: Scenario, w: Workload, ingesters: number, regime: ChunkRegime): FlushPlan | null {
  const streams = s.ingest.streams;
  if (streams === null || ingesters <= 0) return null;
  const f = s.ingester;
  const rf = s.deployment.replicationFactor;
  const perDay = regime.cuts.reduce((a, c) => a + c.perStreamPerDay, 0);
  const life = DAY / perDay;
  const chunkBytes = regime.cuts.reduce((a, c) => a + c.perStreamPerDay * c.compressedBytes, 0) / perDay;
  const rawPerChunk = regime.cuts.reduce((a, c) => a + c.perStreamPerDay * c.rawBytes, 0) / perDay;
  const main = regime.cuts.reduce((a, c) => (c.perStreamPerDay > a.perStreamPerDay ? c : a));
  const perIngester = (streams * rf) / ingesters;
  // on average the head block is half of min(block size, raw bytes a chunk takes in), the cut blocks half the chunk
  const head = Math.min(f.chunkBlockBytes, rawPerChunk) / 2;
  const perStream = head + chunkBytes / 2;
  const inMemory = perIngester * perStream;
  const ingestPerIngester = (w.avgBytesPerSecond * rf) / ingesters;
  const segments = 2 * f.walCheckpointSeconds * ingestPerIngester;
  const wal = inMemory + segments;
  const replay = Math.min(wal, REPLAY_FLUSH_SHARE * f.walReplayMemoryCeilingBytes);
  // the streams' chunks with Go's heap headroom; a replay within the ceiling the WAL docs size at ~75% of memory
  const streamsNeed = GO_HEAP_FACTOR * inMemory;
  const replayNeed = replay / REPLAY_CEILING_SHARE;
  const memoryNeededGiB = Math.max(streamsNeed, replayNeed) / GiB;
  return {
    streams,
    perStreamBytesPerSecond: w.avgBytesPerSecond / streams,
    chunkLifeSeconds: life,
    cutBy: main.reason,
    chunkBytes,
    chunksFlushedPerDay: streams * rf * perDay,
    streamsPerIngester: perIngester,
    inMemoryBytesPerIngester: inMemory,
    memoryNeededGiB,
    memoryReason: `${fmtNum(perIngester)} streams per ingester (${fmtNum(streams)} x RF ${rf} / ${ingesters}) x (head block ${fmtBytes(head)} + open chunk ${fmtBytes(chunkBytes / 2)}) = ${fmtBytes(inMemory)} in memory, x${GO_HEAP_FACTOR} Go heap headroom (GOGC=100) = ${fmtNum(streamsNeed / GiB)} GiB; WAL replay holds up to ${fmtBytes(replay)} (90% of replay_memory_ceiling ${fmtBytes(f.walReplayMemoryCeilingBytes)} or the WAL), which the WAL docs size at ~75% of memory: ${fmtNum(replayNeed / GiB)} GiB; needs ${fmtNum(memoryNeededGiB)} GiB`,
    streamsMemoryGiB: streamsNeed / GiB,
    walDiskGiB: wal / GiB,
    walReason: `checkpoint of the in-memory chunks ${fmtBytes(inMemory)} + segments of 2 x checkpoint_duration ${fmtNum(f.walCheckpointSeconds / 60)}m x ${fmtBytes(ingestPerIngester)}/s per ingester = ${fmtBytes(wal)}`,
    peakPutsPerSecondPerPrefix: ((regime.objectsPerDay / DAY) * s.ingest.peakFactor) / s.ingest.tenants,
  };
}

/** One line on how the chunks are cut, for descriptions and warnings. */
export function flushText(fp: FlushPlan, s: Scenario): string {
  return `${fmtNum(fp.streams)} active streams at ${fmtBytes(fp.perStreamBytesPerSecond)}/s each: chunks mostly cut by ${fp.cutBy}, every ${fmtNum(fp.chunkLifeSeconds / 60)} min on average at ${fmtBytes(fp.chunkBytes, false)} (chunk_target_size ${fmtBytes(s.storage.chunkBytes, false)})`;
}
