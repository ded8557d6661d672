// Zone-crossing paths, the network levers, the S3 path, flushes from streams, ingester memory and
// the optional audit items, pinned against figures derived by hand below (us-east-1 snapshot
// prices: $0.01/GB each way between zones, NAT $0.045/h and $0.045/GB, interface endpoint
// $0.01/h per zone and $0.01/GB, CloudTrail $0.10 per 100,000 data events, KMS $0.03 per 10,000).
import { describe, expect, it } from 'vitest';
import { check } from '../src/model/check.js';
import type { Plan } from '../src/model/types.js';
import { run } from '../src/cli.js';
import { fullChunk } from '../src/model/flush.js';
import { BASE, planOf, scenarioFile, scenarioOf, ROOT } from './helpers.js';

const GiB = 2 ** 30;
const DAYS = 730 / 24;
// ghost-protocol: 50,000 lines/s x 250 B = 12.5 MB/s = 1.08e12 B/day; RF 3 over 3 zones; 2 TB/day scanned
const DAY = 12.5e6 * 86400;
const month = (bytesPerDay: number) => (bytesPerDay * DAYS) / GiB;
// ghost-protocol's 1.5 MB chunk_target_size closes full at 1,306,633 B: 24 blocks of 262,144 / 5 and a
// 241,709 B head (grafana/loki v3.7.6 pkg/chunkenc/memchunk.go SpaceFor); 1.5 stored copies (storage.storedCopies)
const CLOSED = fullChunk(1.5e6, 262144, 5).compressed;
const COPIES = 1.5;
// billed out and in at $0.01 each for the 2/3 that crosses a zone
const crossing = (gb: number) => gb * (2 / 3) * 2 * 0.01;
// the chunks cache the chart deploys in every mode: each of RF 3 replicas moves every flushed chunk
// through it once (grafana/loki v3.7.6 series_store_write.go PutOne), and queries read every stored copy
// log data compresses 5x with gzip (the scenario's chunk ratio) and snappy 11,282 / 24,955 of that: the
// codecs measured on Loki's compression-benchmark corpus (src/model/compression.ts, scripts/codec-ratios.sh)
const GZIP = 5;
const SNAPPY = 5 * (11282 / 24955);
const PUSH = month(DAY / SNAPPY); // snappy protobuf from clients
const CACHE_PATHS = crossing(month((DAY / 5) * 3)) + crossing(month((2e12 / 5) * COPIES));
// $1,803.533 before: one copy of 1.5 MB chunks referenced, no cache; now 1.5 copies of 1.31 MB chunks and the cache paths
const TOTAL = 1803.533 - crossing(month((2e12 / 5 / 1.5e6) * 40)) + crossing(month(((2e12 / 5) * COPIES / CLOSED) * 40)) + CACHE_PATHS - 2 * crossing(month(DAY / 1.6)) + 2 * crossing(PUSH);
const cost = (p: Plan, id: string) => p.lines.find((l) => l.id === id)?.monthlyCost;
const ghost = (over: Record<string, unknown> = {}) => {
  const s = scenarioFile('scenarios/ghost-protocol.yaml');
  return planOf({ ...s, ...over } as typeof s);
};
const at = (net: Record<string, unknown>) => {
  const s = scenarioFile('scenarios/ghost-protocol.yaml');
  return planOf({ ...s, network: { ...s.network, ...net } });
};

describe('every zone-crossing path is its own line (ghost-protocol)', () => {
  const p = ghost();
  // crossing GB = GB on the path x 2/3; billed out and in at $0.01 each
  const line = (gb: number) => gb * (2 / 3) * 2 * 0.01;
  const push = PUSH;
  it('client -> gateway and gateway -> write carry the snappy push', () => {
    expect(cost(p, 'transfer.inter-az.client-gateway')).toBeCloseTo(line(push), 6);
    expect(cost(p, 'transfer.inter-az.gateway-distributor')).toBeCloseTo(line(push), 6);
    expect(push).toBeCloseTo(((1.08e12 / SNAPPY) * DAYS) / GiB, 6);
  });
  it('distributor -> ingesters: RF 3 uncompressed copies', () => {
    expect(cost(p, 'transfer.inter-az.replication')).toBeCloseTo(line(month(DAY * 3)), 6);
    expect(cost(p, 'transfer.inter-az.replication')).toBeCloseTo(1223.76, 2);
  });
  it('querier <- ingesters: 25% recent x 10% returned x RF 3 of 2 TB/day', () => {
    expect(cost(p, 'transfer.inter-az.querier-ingesters')).toBeCloseTo(line(month(2e12 * 0.25 * 0.1 * 3)), 6);
  });
  it('querier <-> index gateway: 40 B per chunk reference', () => {
    // queriers read every stored copy
    expect(cost(p, 'transfer.inter-az.querier-index-gateway')).toBeCloseTo(line(month(((2e12 / 5) * COPIES / CLOSED) * 40)), 9);
  });
  it('ruler <- ingesters: one 27 B sample per matching line of the day\'s ingest, from RF 3', () => {
    expect(cost(p, 'transfer.inter-az.ruler')).toBeCloseTo(line(month((DAY / 250) * 0.1 * 27 * 3)), 6);
  });
  it('data transfer is the sum of the paths', () => {
    expect(CACHE_PATHS).toBeCloseTo(244.75 + 226.62, 1);
    expect(p.totals.byCategory.dataTransfer).toBeCloseTo(TOTAL, 3);
    expect(p.network.paths.map((x) => x.id)).toEqual(['client-gateway', 'gateway-distributor', 'replication', 'querier-ingesters', 'querier-index-gateway', 'ingester-chunks-cache', 'querier-chunks-cache', 'ruler']);
  });
  it('the warnings name the biggest lever and its saving', () => {
    const w = p.warnings.find((x) => x.code === 'network-lever')!;
    expect(w.message).toMatch(new RegExp(`^biggest network lever: run in one zone \\(deployment.zones: 1\\) saves \\$${TOTAL.toLocaleString('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 }).replace('.', '\\.')}\\d a month`));
    // the $1,293.64 of gRPC paths divided by the log data's gzip ratio, 5
    const gzipSaving = (1223.757 + 56.658 + 13.219 + 0.004) * (1 - 1 / GZIP);
    expect(w.message).toMatch(new RegExp(`gRPC gzip compression \\$${Math.floor(gzipSaving).toLocaleString('en')}\\.\\d\\d`));
    expect(p.network.levers[0]!.saving).toBeCloseTo(p.totals.byCategory.dataTransfer, 6);
  });
});

describe('levers move data transfer as hand calculation says', () => {
  const base = ghost().totals.byCategory.dataTransfer;
  const grpcPaths = 1223.76 + 56.66 + 13.22; // replication, querier, ruler (index gateway ~$0)
  it('gRPC gzip divides the gRPC paths by the log data\'s gzip ratio (5), snappy by its snappy ratio (2.26); the push is unchanged', () => {
    expect(at({ grpcCompression: 'gzip' }).totals.byCategory.dataTransfer).toBeCloseTo(base - grpcPaths * (1 - 1 / GZIP), 1);
    expect(at({ grpcCompression: 'snappy' }).totals.byCategory.dataTransfer).toBeCloseTo(base - grpcPaths * (1 - 1 / SNAPPY), 1);
  });
  it('same-zone routing removes the two push hops', () => {
    const p = at({ sameZoneRouting: true });
    expect(cost(p, 'transfer.inter-az.client-gateway')).toBeUndefined();
    expect(p.totals.byCategory.dataTransfer).toBeCloseTo(base - 2 * crossing(PUSH), 1);
  });
  it('one zone: no data transfer, and a single-zone warning', () => {
    const s = scenarioFile('scenarios/ghost-protocol.yaml');
    const p = planOf({ ...s, deployment: { ...s.deployment, zones: 1 } });
    expect(p.totals.byCategory.dataTransfer).toBe(0);
    expect(p.warnings.map((w) => w.code)).toContain('single-zone');
  });
  it('sweep --vary deployment.zones=1,3 and a compression sweep print those figures', async () => {
    let out = '';
    const io = { stdout: (x: string) => void (out += x), stderr: () => {}, env: {} };
    expect(await run(['sweep', `${ROOT}/scenarios/ghost-protocol.yaml`, '--vary', 'deployment.zones=1,3'], io)).toBe(0);
    const dt = (csv: string, row: number) => csv.trim().split('\n')[row]!.split(',')[6];
    expect(dt(out, 1)).toBe('0.00');
    expect(Number(dt(out, 2))).toBeCloseTo(TOTAL, 1);
    out = '';
    expect(await run(['sweep', `${ROOT}/scenarios/ghost-protocol.yaml`, '--vary', 'network.grpcCompression=none,snappy,gzip'], io)).toBe(0);
    // none; snappy and gzip divide the $1,293.64 of gRPC paths by the log data's snappy and gzip ratios
    const grpc = 1223.757 + 56.658 + 13.219 + 0.004;
    [TOTAL, TOTAL - grpc * (1 - 1 / SNAPPY), TOTAL - grpc * (1 - 1 / GZIP)].forEach((v, i) => expect(Number(dt(out, i + 1))).toBeCloseTo(v, 1));
  });
  it('NLB: client -> NLB crosses; NLB -> gateway only with cross-zone on', () => {
    const s = scenarioFile('scenarios/ghost-protocol.yaml');
    const off = planOf({ ...s, platform: { ...s.platform, loadBalancer: 'nlb' } });
    expect(cost(off, 'transfer.inter-az.client-lb')).toBeCloseTo(crossing(PUSH), 6);
    expect(cost(off, 'transfer.inter-az.lb-gateway')).toBeUndefined();
    const on = planOf({ ...s, platform: { ...s.platform, loadBalancer: 'nlb' }, network: { ...s.network, loadBalancerCrossZone: true } });
    expect(cost(on, 'transfer.inter-az.lb-gateway')).toBeCloseTo(crossing(PUSH), 6);
    expect(on.network.levers.find((l) => l.field === 'network.loadBalancerCrossZone')!.saving).toBeCloseTo(crossing(PUSH), 6);
  });
});

describe('the path between the pods and S3', () => {
  // chunk uploads 1.08e12 / 5 x 1.5 = 3.24e11 B/day, reads of every stored copy 2e12 / 5 x 1.5 = 6e11 B/day
  const gb = month(3.24e11 + 6e11);
  it('gateway endpoint (the default): no line, stated in the assumptions', () => {
    const p = ghost();
    expect(p.lines.some((l) => l.component === 's3-network')).toBe(false);
    expect(p.assumptions.some((a) => /gateway endpoint \(the default/.test(a.text))).toBe(true);
    expect(p.network.s3Gb).toBeCloseTo(gb, 6);
  });
  it('NAT gateway: GB processed and one gateway per zone', () => {
    const p = at({ s3: 'nat-gateway' });
    expect(gb).toBeCloseTo(26175, 0);
    expect(cost(p, 's3.network.nat.data')).toBeCloseTo(gb * 0.045, 6);
    expect(cost(p, 's3.network.nat.hours')).toBeCloseTo(3 * 730 * 0.045, 6);
    expect(p.network.levers[0]!.field).toBe('deployment.zones');
    expect(p.network.levers.find((l) => l.field === 'network.s3')!.saving).toBeCloseTo(gb * 0.045 + 3 * 730 * 0.045, 6);
  });
  it('interface endpoint: GB processed and one interface per zone', () => {
    const p = at({ s3: 'interface-endpoint' });
    expect(cost(p, 's3.network.endpoint.data.tier1')).toBeCloseTo(gb * 0.01, 6);
    expect(cost(p, 's3.network.endpoint.hours')).toBeCloseTo(3 * 730 * 0.01, 6);
  });
});

describe('objects and ingester memory from active streams (same volume)', () => {
  const withStreams = (streams: number) => {
    const s = scenarioFile('scenarios/ghost-protocol.yaml');
    const x = { ...s, ingest: { ...s.ingest, streams } };
    return { s: x, p: planOf(x) };
  };
  const few = withStreams(2000);
  const many = withStreams(200_000);
  // Loki's cuts (src/model/flush.ts, test/chunks.test.ts): a full chunk holds 24 x 262,144 + 241,709 = 6,533,165 raw bytes
  const FULL_RAW = CLOSED * 5;
  it('2,000 streams: three full chunks and a short one at each hourly sync, 96 a day', () => {
    // 12.5e6 / 2000 = 6,250 B/s raw: 22.5 MB an hour = 3 full chunks + 2.9 MB, cut at the sync (utilisation > 10%)
    const f = few.p.storage.flush!;
    expect(Math.floor((6250 * 3600) / FULL_RAW)).toBe(3);
    expect(f.cutBy).toBe('chunk_target_size');
    expect(f.chunkLifeSeconds).toBeCloseTo(3600 / 4, 6);
    expect(few.p.storage.objectsPerDay).toBeCloseTo(2000 * 96 * COPIES, 3);
    expect(few.p.storage.putsPerMonth).toBeCloseTo(2000 * 96 * COPIES * DAYS, 1);
  });
  it('200,000 streams: the hourly sync cuts 45 kB chunks (utilisation counts the head block uncompressed), 25x the PUTs', () => {
    // 62.5 B/s raw: 225,000 B an hour, all in the head block: 225,000 / 1.5e6 = 15% > 10%, so cut every hour at 45,000 B
    const f = many.p.storage.flush!;
    expect(f.cutBy).toBe('sync_period');
    expect(f.chunkBytes).toBeCloseTo(45_000, 3);
    expect(many.p.storage.objectsPerDay).toBeCloseTo(200_000 * 24 * COPIES, 1);
    expect(many.p.storage.putsPerMonth / few.p.storage.putsPerMonth).toBeCloseTo(25, 6);
    expect(cost(many.p, 's3.requests.put.chunks')).toBeCloseTo(200_000 * 24 * COPIES * DAYS * 0.000005, 4);
    expect(many.p.warnings.map((w) => w.code)).toContain('small-chunks');
    expect(few.p.warnings.map((w) => w.code)).not.toContain('small-chunks');
  });
  it('ingester memory: WAL replay bound for 2,000 streams, 16.8 GiB for 200,000', () => {
    // 9 write pods (the calculator's 4, 6 for the peak, 7 with one that may fail, 9 for a zone loss);
    // 200,000 x 3 / 9 = 66,667 streams each x (head 225,000/2 + chunk 45,000/2); x2 Go heap
    const perIngester = (200_000 * 3) / 9;
    expect(many.p.storage.flush!.memoryNeededGiB).toBeCloseTo((2 * perIngester * (112_500 + 22_500)) / GiB, 6);
    // 2,000 streams: 667 x (131,072 + 1,125,000/2) in memory < WAL replay min(WAL, 0.9 x 4 GiB): the WAL is
    // that + 2 x 300 s x (12.5 MB/s x 3 / 9 ingesters), under the 3.865e9 B ceiling; x2 Go heap
    // (Loki's WAL docs size replay_memory_ceiling at ~75% of available memory, so the replay needs it / 0.75)
    const inMemory = ((2_000 * 3) / 9) * (131_072 + 562_500);
    const wal = inMemory + 2 * 300 * ((12.5e6 * 3) / 9);
    expect(few.p.storage.flush!.memoryNeededGiB).toBeCloseTo(Math.max(2 * inMemory, Math.min(wal, 0.9 * 4 * GiB) / 0.75) / GiB, 6);
    expect(few.p.storage.flush!.streamsMemoryGiB).toBeCloseTo((2 * inMemory) / GiB, 6);
    expect(many.p.storage.flush!.memoryNeededGiB).toBeGreaterThan(few.p.storage.flush!.memoryNeededGiB);
  });
  it('when only the WAL replay ceiling does not fit, the first fix is the free config change', () => {
    const s = { ...few.s, targets: { write: { requests: { cpu: 1, memoryGiB: 2 }, limits: { cpu: 2, memoryGiB: 3 } } } } as typeof few.s;
    const p = planOf(s);
    const f = p.storage.flush!;
    expect(f.streamsMemoryGiB).toBeLessThan(3);
    expect(f.memoryNeededGiB).toBeGreaterThan(3);
    const c = check(s, p);
    expect(c.rows.find((r) => r.case === 'memory' && r.condition === 'streams in memory')!.status).toBe('fail');
    const mine = c.fixes.filter((x) => /free config change|memory limit of at least/.test(x));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatch(/^write: first, a free config change: ingester\.walReplayMemoryCeiling 2\.2 GiB \(Loki wal\.replay_memory_ceiling ~75% of the 3 GiB limit/);
  });
  it('check flags the write pods whose memory the streams exceed', () => {
    const bad = check(many.s, many.p).rows.find((r) => r.case === 'memory' && r.condition === 'streams in memory')!;
    expect(bad.status).toBe('fail');
    expect(bad.capacity).toBeCloseTo(12e9 / GiB, 9); // the calculator's 12 GB (10^9) write pod limit
    const ok = check(few.s, few.p).rows.find((r) => r.case === 'memory' && r.condition === 'streams in memory')!;
    expect(ok.status).toBe('ok');
  });
  it('S3 throttling: over 3,500 PUT/s at peak under one tenant prefix warns', () => {
    // 20M streams at 10 TB/day: 5.8 B/s, a 250 B line every 43 s (< 30 min idle); 20.8 kB an hour is 1.3% and 2.6%
    // at the sync points, so max_chunk_age cuts at 2 h + 15 s (the flush check), each replica its own: RF 3 copies
    const s = scenarioOf({ name: 'x', region: 'us-east-1', ingest: { volume: '10 TB/day', streams: 20_000_000, peakFactor: 2 }, retention: '7 days' });
    const p = planOf(s);
    // 20e6 x 3 copies x 86400 / 7215 chunks a day / 86400 x 2 = 16,632 PUT/s
    expect(p.storage.flush!.peakPutsPerSecondPerPrefix).toBeCloseTo((20e6 * 3 * (86400 / 7215) * 2) / 86400, 0);
    expect(p.warnings.map((w) => w.code)).toContain('s3-put-throttling');
  });
});

describe('check with one zone says what a zone loss does', () => {
  it('the ingester zone-loss row names the outage and the SLA', () => {
    const s = scenarioFile('scenarios/ghost-protocol.yaml');
    const one = { ...s, deployment: { ...s.deployment, zones: 1 } };
    // one verdict (issue 12): a one-zone deployment's zone loss is one row, unchecked, that says what it does
    const row = check(one, planOf(one)).rows.find((r) => r.case === 'zone-loss')!;
    expect(row.target).toBe('all');
    expect(row.status).toBe('unchecked');
    expect(row.detail).toMatch(/stops ingest and queries.*99.5%.*99.99%/);
    const fixes = check(one, planOf(one)).fixes;
    expect(fixes).toContain('spread over more than one zone (deployment.zones) to survive a zone loss');
    expect(fixes.some((f) => /replicas to survive/.test(f))).toBe(false);
  });
});

describe('optional design items (off by default)', () => {
  const p0 = ghost();
  it('are off by default; ghost-protocol turns on what the design does (CloudTrail, access logs)', () => {
    expect(planOf(scenarioOf(BASE)).lines.some((l) => l.component === 'audit' || l.component === 'kms')).toBe(false);
    expect(p0.lines.filter((l) => l.component === 'audit').map((l) => l.id)).toEqual(['cloudtrail.data-events', 'audit.s3-access-logs.storage.tier1']);
    expect(p0.lines.some((l) => l.component === 'kms')).toBe(false);
  });
  it('CloudTrail data events: one per PUT, GET and LIST', () => {
    const p = p0;
    const st = p.storage;
    const events = st.putsPerMonth + st.indexPutsPerMonth + st.getsPerMonth + st.listsPerMonth;
    expect(cost(p, 'cloudtrail.data-events')).toBeCloseTo((events / 100_000) * 0.1, 6);
    // index PUTs: 9 ingesters x 96 uploads a day x 730/24 days = 26,280
    // chunk PUTs: 1.08e12 / 5 x 1.5 / 1,306,633 B a day; GETs: 2e12 / 5 x 1.5 copies / 1,306,633 B a day
    expect(events).toBeCloseTo(((1.08e12 / 5) * COPIES / CLOSED) * DAYS + 26_280 + ((2e12 / 5) * COPIES / CLOSED) * DAYS + 56_940, -1);
  });
  it('SSE-KMS: a request per PUT and GET, 1% of them with bucket keys, plus the key', () => {
    const s = scenarioFile('scenarios/ghost-protocol.yaml');
    const n = p0.storage.putsPerMonth + p0.storage.indexPutsPerMonth + p0.storage.getsPerMonth;
    const kms = planOf({ ...s, audit: { ...s.audit, encryption: 'sse-kms' } });
    expect(cost(kms, 'kms.requests')).toBeCloseTo((n / 10_000) * 0.03, 6);
    expect(cost(kms, 'kms.key')).toBe(1);
    const keyed = planOf({ ...s, audit: { ...s.audit, encryption: 'sse-kms-bucket-key' } });
    expect(cost(keyed, 'kms.requests')).toBeCloseTo((n * 0.01 / 10_000) * 0.03, 6);
  });
  it('S3 access logs: 500 B a record, kept for the retention', () => {
    const s = scenarioFile('scenarios/ghost-protocol.yaml');
    const p = planOf({ ...s, audit: { ...s.audit, s3AccessLogs: true } });
    expect(cost(p, 'audit.s3-access-logs.storage.tier1')).toBe(cost(p0, 'audit.s3-access-logs.storage.tier1'));
    const st = p.storage;
    const perDay = (st.putsPerMonth + st.indexPutsPerMonth + st.getsPerMonth + st.listsPerMonth) / DAYS;
    expect(cost(p, 'audit.s3-access-logs.storage.tier1')).toBeCloseTo(((perDay * 500 * 30) / GiB) * 0.023, 6);
  });
});

describe('zone-aware replication as a scenario field', () => {
  it('microservices default on; network.zoneAwareReplication: false turns it off and check says a zone loss breaks quorum', () => {
    const on = scenarioFile('scenarios/ghost-protocol-microservices.yaml');
    expect(planOf(on).topology.zoneAware).toBe(true);
    const off = { ...on, network: { ...on.network, zoneAwareReplication: false } };
    const p = planOf(off);
    expect(p.topology.zoneAware).toBe(false);
    // same replication traffic either way: zone-awareness moves copies between zones, it does not remove any
    expect(cost(p, 'transfer.inter-az.replication')).toBeCloseTo(cost(planOf(on), 'transfer.inter-az.replication')!, 9);
    const row = check(off, p).rows.find((r) => r.case === 'zone-loss' && r.binding === 'write quorum')!;
    expect(row.status).toBe('fail');
  });
  it('true where the chart has no zone-aware ingesters is an error naming the field', () => {
    expect(() => scenarioOf({ ...BASE, network: { zoneAwareReplication: true } })).toThrow(/network.zoneAwareReplication: .*simple-scalable.*microservices/);
  });
});
