// Chunk cutting as Loki v3.7.6 does it (issue 26 item 1). The expected objects, PUTs and GETs are
// derived here, hour by hour, from the cited rules, not read from the model:
// - pkg/chunkenc/memchunk.go SpaceFor (L804-821): a chunk takes a line while cut blocks (compressed)
//   + the head block (uncompressed) stay under chunk_target_size; Append (L885-887) cuts the head
//   into a block at chunk_block_size. At 5x a full chunk has 25 blocks and a whole head block and
//   closes at target - blockSize x (1 - 1/ratio).
// - pkg/ingester/stream.go cutChunkForSynchronization (L541-567) with memchunk.go Utilization
//   (L858-864) / CompressedSize (L841-855): at each hourly sync point the chunk is cut when
//   (cut blocks compressed + head block uncompressed) / target > sync_min_utilization 0.1.
// - pkg/ingester/flush.go shouldFlushChunk (L356-374): max_chunk_age 2h at the next 30 s flush check.
// - pkg/storage/stores/series_store_write.go PutOne (L72-133): a replica skips the PUT when the
//   chunks cache already holds the chunk, so chunks every replica cuts alike are stored once.
import { describe, expect, it } from 'vitest';
import { chunkRegime, fullChunk, streamCuts, utilization } from '../src/model/flush.js';
import type { Plan } from '../src/model/types.js';
import { cli, planOf, ROOT, scenarioFile, scenarioOf } from './helpers.js';

const T = 1572864; // chunk_target_size (ingester.go L157)
const B = 262144; // chunk_block_size (ingester.go L156)
const K = 5; // the scenarios' compression ratio
const DAYS = 730 / 24;
const SCANNED = 2e12;

const scenario = (streams: number, extra: Record<string, unknown> = {}) =>
  scenarioOf({
    name: `1 TB/day, ${streams} streams`,
    region: 'us-east-1',
    ingest: { volume: '1 TB/day', streams },
    retention: '30 days',
    storage: { compressionRatio: K, chunkSize: `${T} B` },
    query: { scannedPerDay: '2 TB' },
    deployment: { mode: 'microservices' },
    ...extra,
  });
const line = (p: Plan, id: string) => p.lines.find((l) => l.id === id)!;

/** Loki's rules, hour by hour, for a stream whose chunks the hourly sync cut realigns every hour. */
function derive(streams: number) {
  const rate = 1e12 / 86400 / streams;
  const fullCompressed = T - B * (1 - 1 / K);
  const fullRaw = fullCompressed * K;
  const hour = rate * 3600;
  const fulls = Math.floor(hour / fullRaw);
  const rest = hour - fulls * fullRaw;
  const blocks = Math.floor(rest / B);
  const util = ((blocks * B) / K + (rest - blocks * B)) / T;
  const synced = util > 0.1;
  const perHour = fulls + (synced ? 1 : 0);
  const objectsPerDay = streams * 24 * perHour; // every cut is the same on each replica: one copy with the chunks cache
  const meanChunk = hour / K / perHour;
  return { synced, objectsPerDay, putsPerMonth: objectsPerDay * DAYS, getsPerMonth: (SCANNED / K / meanChunk) * DAYS, fulls };
}

describe('1 TB/day: objects, PUTs and GETs as Loki cuts chunks', () => {
  for (const streams of [2_000, 20_000, 200_000]) {
    it(`${streams.toLocaleString('en')} streams`, () => {
      const d = derive(streams);
      expect(d.synced).toBe(true); // all three are cut at every hourly sync
      const p = planOf(scenario(streams));
      expect(p.storage.objectsPerDay / d.objectsPerDay).toBeGreaterThan(0.9);
      expect(p.storage.objectsPerDay / d.objectsPerDay).toBeLessThan(1.1);
      expect(line(p, 's3.requests.put.chunks').quantity / d.putsPerMonth).toBeGreaterThan(0.9);
      expect(line(p, 's3.requests.put.chunks').quantity / d.putsPerMonth).toBeLessThan(1.1);
      expect(p.storage.getsPerMonth / d.getsPerMonth).toBeGreaterThan(0.9);
      expect(p.storage.getsPerMonth / d.getsPerMonth).toBeLessThan(1.1);
      expect(p.storage.chunks!.storedCopies).toBeCloseTo(1, 9);
    });
  }
  it('2,000 streams: three full chunks and a short one each hour (not 72 a day of 1.5 MB)', () => {
    const d = derive(2000);
    expect(d.fulls).toBe(3);
    const cuts = planOf(scenario(2000)).storage.chunks!.cuts;
    expect(cuts.map((c) => c.reason)).toEqual(['chunk_target_size', 'sync_period']);
    expect(cuts[0]!.perStreamPerDay).toBeCloseTo(72, 6);
    expect(cuts[1]!.perStreamPerDay).toBeCloseTo(24, 6);
    expect(cuts[0]!.compressedBytes).toBeCloseTo(T - B * (1 - 1 / K), 3);
  });
  it('200,000 streams: chunk PUTs $730 a month, not the $547.50 of 2-hour chunks at 1.5 copies', () => {
    // 200,000 x 24 a day x 730/24 days x $0.005 per 1,000 PUTs
    expect(line(planOf(scenario(200_000)), 's3.requests.put.chunks').monthlyCost).toBeCloseTo(200_000 * 24 * DAYS * 0.000005, 2);
  });
});

describe('the rules one by one', () => {
  it('a full chunk closes at target - blockSize x (1 - 1/ratio) when the head is a whole block', () => {
    expect(fullChunk(T, B, 5).compressed).toBeCloseTo(T - B * 0.8, 6);
    expect(fullChunk(T, B, 5).blocks).toBe(25);
    expect(fullChunk(T, B, 7).compressed).toBeCloseTo(T - B * (6 / 7), 6);
    // never above the target, never below target - one block
    for (const k of [1.5, 2.7, 4.2, 5.5, 9.9]) {
      const c = fullChunk(T, B, k).compressed;
      expect(c).toBeLessThanOrEqual(T);
      expect(c).toBeGreaterThan(T - B);
    }
  });
  it('utilisation counts the head block uncompressed: 300 KB in an hour is under 10%, 150 KB is not', () => {
    // one block cut (262,144 / 5) + 37,856 B head = 90,285 B of 1,572,864 = 5.7%
    expect(utilization(300_000, T, B, 5)).toBeCloseTo((B / 5 + (300_000 - B)) / T, 9);
    expect(utilization(300_000, T, B, 5)).toBeLessThan(0.1);
    expect(utilization(200_000, T, B, 5)).toBeGreaterThan(0.1);
  });
  it('a stream that misses the sync threshold at 1 h is cut by sync at 2 h (deterministic)', () => {
    const rate = 300_000 / 3600; // 600 KB at 2 h: two blocks + 75,712 B head = 11.5%
    const cuts = streamCuts(rate, T, 5, scenario(1).ingester, 250);
    expect(cuts).toHaveLength(1);
    expect(cuts[0]!.reason).toBe('sync_period');
    expect(cuts[0]!.perStreamPerDay).toBeCloseTo(12, 6);
    expect(cuts[0]!.deterministic).toBe(true);
  });
  it('slow streams are cut at max_chunk_age at each replica\'s flush check: RF copies', () => {
    // 2,000,000 streams: 5.8 B/s, 20.8 KB an hour, 1.3% and 2.6% at the sync points: cut at 2 h + 15 s on average
    const s = scenario(2_000_000);
    const r = chunkRegime(s, true);
    expect(r.cuts.every((c) => c.reason === 'max_chunk_age' && !c.deterministic)).toBe(true);
    const perStream = 86400 / (7200 + 15);
    expect(r.chunksPerDay).toBeCloseTo(2_000_000 * perStream, -3);
    expect(r.objectsPerDay).toBeCloseTo(3 * 2_000_000 * perStream, -3);
    expect(r.storedCopies).toBeCloseTo(3, 9);
  });
  it('the cuts hold every raw byte: chunks x raw size = the ingest', () => {
    for (const streams of [1, 50, 2_000, 20_000, 200_000, 2_000_000]) {
      const r = chunkRegime(scenario(streams), true);
      const raw = r.cuts.reduce((a, c) => a + c.perStreamPerDay * c.rawBytes, 0) * streams;
      expect(raw / 1e12).toBeCloseTo(1, 6);
    }
  });
  it('without a chunks cache every replica uploads its own copy (PUTs x RF)', () => {
    const s = scenario(20_000);
    expect(chunkRegime(s, false).objectsPerDay).toBeCloseTo(3 * chunkRegime(s, true).objectsPerDay, 3);
  });
  it('storage.storedCopies, when given, wins; the plan still states what Loki\'s cuts give', () => {
    const p = planOf(scenario(20_000, { storage: { compressionRatio: K, chunkSize: `${T} B`, storedCopies: 1.5 } }));
    expect(p.storage.chunks!.storedCopies).toBe(1.5);
    expect(p.storage.chunks!.derivedCopies).toBeCloseTo(1, 9);
    expect(p.assumptions.some((a) => /1\.5 stored copies \(storage\.storedCopies; Loki's cuts give 1 with the chunks cache\)/.test(a.text))).toBe(true);
  });
  it('without ingest.streams the plan says which regime it assumed', () => {
    const p = planOf(scenarioOf({ name: 'x', region: 'us-east-1', ingest: { volume: '1 TB/day' }, retention: '30 days' }));
    expect(p.storage.chunks!.assumed).toBe(true);
    expect(p.assumptions.some((a) => /^chunk regime assumed \(no ingest\.streams\): every stream fills its chunks/.test(a.text))).toBe(true);
  });
});

describe('the chunks cache as a component (issue 26 item 2)', () => {
  const GiB = 2 ** 30;
  const ghost = (file: string, over: Record<string, unknown> = {}) => {
    const s = scenarioFile(file);
    return planOf({ ...s, deployment: { ...s.deployment, ...over } });
  };
  it('simple-scalable plans both caches the chart deploys in every mode (chunksCache.enabled: true)', () => {
    const p = ghost('scenarios/ghost-protocol.yaml');
    expect(p.topology.targets.map((t) => t.name)).toEqual(expect.arrayContaining(['chunks-cache', 'results-cache']));
    // placed on the nodes with the other pods: the nodes carry their requests
    const cache = p.topology.targets.find((t) => t.name === 'chunks-cache')!;
    expect(cache.replicas).toBeGreaterThan(0);
    expect(p.nodes.some((g) => g.nodes.some((n) => n.pods.some((x) => x.startsWith('chunks-cache'))))).toBe(true);
  });
  it('each replica moves every flushed chunk through the cache once: RF x the compressed ingest, 2/3 across zones, billed out and in', () => {
    for (const file of ['scenarios/ghost-protocol.yaml', 'scenarios/ghost-protocol-microservices.yaml']) {
      const p = ghost(file);
      const gb = ((1.08e12 / 5) * 3 * DAYS) / GiB; // 50,000 lines/s x 250 B a day, 5x, RF 3
      expect(line(p, 'transfer.inter-az.ingester-chunks-cache').quantity).toBeCloseTo(gb * (2 / 3) * 2, 6);
      expect(line(p, 'transfer.inter-az.ingester-chunks-cache').monthlyCost).toBeCloseTo(gb * (2 / 3) * 2 * 0.01, 6);
    }
  });
  it('deployment.chunksCache: false: no cache pod or cache traffic, every replica uploads its own copy', () => {
    const s = scenario(20_000, { deployment: { mode: 'microservices', chunksCache: false } });
    const on = planOf(scenario(20_000));
    const off = planOf(s);
    expect(off.topology.targets.some((t) => t.name === 'chunks-cache')).toBe(false);
    expect(off.topology.targets.some((t) => t.name === 'results-cache')).toBe(true);
    expect(off.lines.some((l) => l.id.includes('chunks-cache'))).toBe(false);
    expect(line(off, 's3.requests.put.chunks').quantity).toBeCloseTo(3 * line(on, 's3.requests.put.chunks').quantity, 3);
    expect(off.storage.chunks!.storedCopies).toBe(3);
    expect(off.assumptions.some((a) => /no chunks cache: every replica uploads its own/.test(a.text))).toBe(true);
  });
  it('sweep --vary deployment.chunksCache=true,false prints both', async () => {
    const r = await cli(['sweep', 'scenarios/ghost-protocol-microservices.yaml', '--vary', 'deployment.chunksCache=true,false'], { cwd: ROOT });
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows).toHaveLength(3);
    expect(rows[1]).not.toBe(rows[2]);
  });
});

describe('one compression ratio per codec (issue 26 item 3)', () => {
  // src/model/compression.ts: gzip -6 11,282 B, zstd -3 10,558 B, lz4 -1 17,488 B, snappy 24,955 B of a 262,144 B block
  it('the chunk ratio is read through chunk_encoding; push and gRPC use the same log data', async () => {
    const { ratioOf, pushRatio, gzipRatio } = await import('../src/model/compression.js');
    const gz = scenario(2000);
    expect(gzipRatio(gz)).toBe(5);
    expect(ratioOf(gz, 'snappy')).toBeCloseTo(5 * (11282 / 24955), 12);
    expect(pushRatio(gz)).toBeCloseTo(5 * (11282 / 24955), 12);
    expect(ratioOf(gz, 'zstd')).toBeCloseTo(5 * (11282 / 10558), 12);
    // the same 5x stored under snappy chunks is log data that gzip compresses 5 / 0.452 = 11x
    const sn = scenarioOf({ name: 'x', region: 'us-east-1', ingest: { volume: '1 TB/day' }, retention: '30 days', ingester: { chunkEncoding: 'snappy' } });
    expect(gzipRatio(sn)).toBeCloseTo(5 / (11282 / 24955), 9);
    expect(ratioOf(sn, 'snappy')).toBeCloseTo(5, 9);
    expect(ratioOf(gz, 'none')).toBe(1);
    const nlb = scenarioOf({ name: 'x', region: 'us-east-1', ingest: { volume: '1 TB/day' }, retention: '30 days', platform: { pushCompressionRatio: 3 } });
    expect(pushRatio(nlb)).toBe(3);
  });
  it('the codec ratios are what scripts/codec-ratios.sh measures, when a Loki clone and the codecs are here', async () => {
    const { execFileSync } = await import('node:child_process');
    const { existsSync } = await import('node:fs');
    const loki = '/work/.mirror/grafana+loki/repo';
    const have = (c: string) => { try { execFileSync('sh', ['-c', `command -v ${c}`]); return true; } catch { return false; } };
    if (!existsSync(loki) || !['gzip', 'zstd', 'lz4', '/usr/bin/python3'].every(have)) {
      console.warn('skipped: needs a grafana/loki clone and gzip, zstd, lz4, python3-snappy');
      return;
    }
    let out: string;
    try { out = execFileSync(`${ROOT}/scripts/codec-ratios.sh`, [loki], { encoding: 'utf8' }); } catch { console.warn('skipped: scripts/codec-ratios.sh failed (python3-snappy missing?)'); return; }
    const size = (k: string) => Number(new RegExp(`^${k} (\\d+)$`, 'm').exec(out)![1]);
    const { CODEC_VS_GZIP } = await import('../src/model/compression.js');
    expect(CODEC_VS_GZIP.snappy).toBeCloseTo(size('gzip -6') / size('snappy'), 9);
    expect(CODEC_VS_GZIP.lz4).toBeCloseTo(size('gzip -6') / size('lz4 -1'), 9);
    expect(CODEC_VS_GZIP.zstd).toBeCloseTo(size('gzip -6') / size('zstd -3'), 9);
  });
});

describe("simple-scalable shows its successors (issue 26 item 6)", () => {
  it('a simple-scalable plan prices the same workload as HA monolithic and microservices, with their verdicts', async () => {
    const { inMode } = await import('../src/model/modes/switch.js');
    const { totalCents } = await import('../src/text/money.js');
    const s = scenarioFile('scenarios/ghost-protocol.yaml');
    const w = planOf(s).warnings.find((x) => x.code === 'ssd-successors')!;
    for (const m of ['ha-monolithic', 'microservices'] as const) {
      const p = planOf(inMode(s, m));
      const usd = (totalCents(p.lines) / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      expect(w.message).toContain(`${m} $${usd} a month (${p.meetsTarget ? 'holds' : 'does not hold'})`);
    }
    expect(planOf(scenarioFile('scenarios/ghost-protocol-microservices.yaml')).warnings.some((x) => x.code === 'ssd-successors')).toBe(false);
  });
});
