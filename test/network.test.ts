// Zone-crossing paths, the network levers, the S3 path, flushes from streams, ingester memory and
// the optional audit items, pinned against figures derived by hand below (us-east-1 snapshot
// prices: $0.01/GB each way between zones, NAT $0.045/h and $0.045/GB, interface endpoint
// $0.01/h per zone and $0.01/GB, CloudTrail $0.10 per 100,000 data events, KMS $0.03 per 10,000).
import { describe, expect, it } from 'vitest';
import { check } from '../src/model/check.js';
import type { Plan } from '../src/model/types.js';
import { run } from '../src/cli.js';
import { BASE, planOf, scenarioFile, scenarioOf, ROOT } from './helpers.js';

const GiB = 2 ** 30;
const DAYS = 730 / 24;
// ghost-protocol: 50,000 lines/s x 250 B = 12.5 MB/s = 1.08e12 B/day; RF 3 over 3 zones; 2 TB/day scanned
const DAY = 12.5e6 * 86400;
const month = (bytesPerDay: number) => (bytesPerDay * DAYS) / GiB;
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
  const push = month(DAY / 1.6); // snappy protobuf from clients, google/snappy 1.5-1.7x
  it('client -> gateway and gateway -> write carry the snappy push', () => {
    expect(cost(p, 'transfer.inter-az.client-gateway')).toBeCloseTo(line(push), 6);
    expect(cost(p, 'transfer.inter-az.gateway-distributor')).toBeCloseTo(line(push), 6);
    expect(push).toBeCloseTo(19121, 0);
  });
  it('distributor -> ingesters: RF 3 uncompressed copies', () => {
    expect(cost(p, 'transfer.inter-az.replication')).toBeCloseTo(line(month(DAY * 3)), 6);
    expect(cost(p, 'transfer.inter-az.replication')).toBeCloseTo(1223.76, 2);
  });
  it('querier <- ingesters: 25% recent x 10% returned x RF 3 of 2 TB/day', () => {
    expect(cost(p, 'transfer.inter-az.querier-ingesters')).toBeCloseTo(line(month(2e12 * 0.25 * 0.1 * 3)), 6);
  });
  it('querier <-> index gateway: 40 B per chunk reference', () => {
    expect(cost(p, 'transfer.inter-az.querier-index-gateway')).toBeCloseTo(line(month((2e12 / 5 / 1.5e6) * 40)), 9);
  });
  it('ruler <- ingesters: one 27 B sample per matching line of the day\'s ingest, from RF 3', () => {
    expect(cost(p, 'transfer.inter-az.ruler')).toBeCloseTo(line(month((DAY / 250) * 0.1 * 27 * 3)), 6);
  });
  it('data transfer is the sum of the paths: $1,803.53', () => {
    expect(p.totals.byCategory.dataTransfer).toBeCloseTo(1803.533, 3);
    expect(p.network.paths.map((x) => x.id)).toEqual(['client-gateway', 'gateway-distributor', 'replication', 'querier-ingesters', 'querier-index-gateway', 'ruler']);
  });
  it('the warnings name the biggest lever and its saving', () => {
    const w = p.warnings.find((x) => x.code === 'network-lever')!;
    expect(w.message).toMatch(/^biggest network lever: run in one zone \(deployment.zones: 1\) saves \$1,803.5\d a month/);
    expect(w.message).toMatch(/gRPC gzip compression \$814.5\d/);
    expect(p.network.levers[0]!.saving).toBeCloseTo(p.totals.byCategory.dataTransfer, 6);
  });
});

describe('levers move data transfer as hand calculation says', () => {
  const base = ghost().totals.byCategory.dataTransfer;
  const grpcPaths = 1223.76 + 56.66 + 13.22; // replication, querier, ruler (index gateway ~$0)
  it('gRPC gzip divides the gRPC paths by 2.7, snappy by 1.6; the push is unchanged', () => {
    expect(at({ grpcCompression: 'gzip' }).totals.byCategory.dataTransfer).toBeCloseTo(base - grpcPaths * (1 - 1 / 2.7), 1);
    expect(at({ grpcCompression: 'snappy' }).totals.byCategory.dataTransfer).toBeCloseTo(base - grpcPaths * (1 - 1 / 1.6), 1);
  });
  it('same-zone routing removes the two push hops', () => {
    const p = at({ sameZoneRouting: true });
    expect(cost(p, 'transfer.inter-az.client-gateway')).toBeUndefined();
    expect(p.totals.byCategory.dataTransfer).toBeCloseTo(base - 2 * 254.95, 1);
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
    expect(Number(dt(out, 2))).toBeCloseTo(1803.533, 1);
    out = '';
    expect(await run(['sweep', `${ROOT}/scenarios/ghost-protocol.yaml`, '--vary', 'network.grpcCompression=none,snappy,gzip'], io)).toBe(0);
    // none; snappy and gzip divide the $1,293.64 of gRPC paths by 1.6 and 2.7
    const grpc = 1223.757 + 56.658 + 13.219 + 0.004;
    [1803.533, 1803.533 - grpc * (1 - 1 / 1.6), 1803.533 - grpc * (1 - 1 / 2.7)].forEach((v, i) => expect(Number(dt(out, i + 1))).toBeCloseTo(v, 1));
  });
  it('NLB: client -> NLB crosses; NLB -> gateway only with cross-zone on', () => {
    const s = scenarioFile('scenarios/ghost-protocol.yaml');
    const off = planOf({ ...s, platform: { ...s.platform, loadBalancer: 'nlb' } });
    expect(cost(off, 'transfer.inter-az.client-lb')).toBeCloseTo(254.95, 2);
    expect(cost(off, 'transfer.inter-az.lb-gateway')).toBeUndefined();
    const on = planOf({ ...s, platform: { ...s.platform, loadBalancer: 'nlb' }, network: { ...s.network, loadBalancerCrossZone: true } });
    expect(cost(on, 'transfer.inter-az.lb-gateway')).toBeCloseTo(254.95, 2);
    expect(on.network.levers.find((l) => l.field === 'network.loadBalancerCrossZone')!.saving).toBeCloseTo(254.95, 2);
  });
});

describe('the path between the pods and S3', () => {
  // chunk uploads 1.08e12 / 5 x 1.5 = 3.24e11 B/day, reads 2e12 / 5 = 4e11 B/day
  const gb = month(3.24e11 + 4e11);
  it('gateway endpoint (the default): no line, stated in the assumptions', () => {
    const p = ghost();
    expect(p.lines.some((l) => l.component === 's3-network')).toBe(false);
    expect(p.assumptions.some((a) => /gateway endpoint \(the default/.test(a.text))).toBe(true);
    expect(p.network.s3Gb).toBeCloseTo(gb, 6);
  });
  it('NAT gateway: GB processed and one gateway per zone', () => {
    const p = at({ s3: 'nat-gateway' });
    expect(gb).toBeCloseTo(20509, 0);
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
  it('2,000 streams fill 1.5 MB chunks in 20 minutes: 216,000 objects a day', () => {
    // 12.5e6 / 2000 = 6,250 B/s raw, /5 = 1,250 B/s compressed; 1.5e6 / 1,250 = 1,200 s
    const f = few.p.storage.flush!;
    expect(f.cutBy).toBe('chunk_target_size');
    expect(f.chunkLifeSeconds).toBeCloseTo(1200, 9);
    expect(few.p.storage.objectsPerDay).toBeCloseTo(2000 * 1.5 * 72, 6);
    expect(few.p.storage.putsPerMonth).toBeCloseTo(216_000 * DAYS, 3);
  });
  it('200,000 streams: max_chunk_age cuts 90 kB chunks, 16.7x the PUTs', () => {
    // 62.5 B/s raw, 12.5 B/s compressed: 120,000 s to fill; max_chunk_age 2h cuts at 7,200 s = 90,000 B;
    // sync_period 1h would cut only at >= 10% full (3,600 x 12.5 / 1.5e6 = 3%)
    const f = many.p.storage.flush!;
    expect(f.cutBy).toBe('max_chunk_age');
    expect(f.chunkBytes).toBeCloseTo(90_000, 6);
    expect(many.p.storage.objectsPerDay).toBeCloseTo(200_000 * 1.5 * 12, 6);
    expect(many.p.storage.putsPerMonth / few.p.storage.putsPerMonth).toBeCloseTo(50 / 3, 9);
    expect(cost(many.p, 's3.requests.put.chunks')).toBeCloseTo(3_600_000 * DAYS * 0.000005, 6);
    expect(many.p.warnings.map((w) => w.code)).toContain('small-chunks');
    expect(few.p.warnings.map((w) => w.code)).not.toContain('small-chunks');
  });
  it('ingester memory: 5.75 GiB for 2,000 streams (WAL replay bound), 21.9 GiB for 200,000', () => {
    // 9 write pods (the calculator's 4, 6 for the peak, 7 with one that may fail, 9 for a zone loss);
    // 200,000 x 3 / 9 = 66,667 streams each x (head 262,144/2 + chunk 90,000/2) = 1.174e10 B; x2 Go heap
    const perIngester = (200_000 * 3) / 9;
    expect(many.p.storage.flush!.memoryNeededGiB).toBeCloseTo((2 * perIngester * (131_072 + 45_000)) / GiB, 9);
    // 2,000 streams: 667 x (131,072 + 750,000) = 5.87e8 B in memory < WAL replay min(WAL, 0.9 x 4 GiB): the WAL is
    // 5.87e8 + 2 x 300 s x (12.5 MB/s x 3 / 9 ingesters) = 3.09e9 B, under the 3.865e9 B ceiling; x2 Go heap
    const wal = ((2_000 * 3) / 9) * (131_072 + 750_000) + 2 * 300 * ((12.5e6 * 3) / 9);
    expect(few.p.storage.flush!.memoryNeededGiB).toBeCloseTo((2 * Math.min(wal, 0.9 * 4 * GiB)) / GiB, 9);
    expect(many.p.storage.flush!.memoryNeededGiB).toBeGreaterThan(few.p.storage.flush!.memoryNeededGiB);
  });
  it('check flags the write pods whose memory the streams exceed', () => {
    const bad = check(many.s, many.p).rows.find((r) => r.case === 'memory' && r.condition === 'streams in memory')!;
    expect(bad.status).toBe('fail');
    expect(bad.capacity).toBeCloseTo(12e9 / GiB, 9); // the calculator's 12 GB (10^9) write pod limit
    const ok = check(few.s, few.p).rows.find((r) => r.case === 'memory' && r.condition === 'streams in memory')!;
    expect(ok.status).toBe('ok');
  });
  it('S3 throttling: over 3,500 PUT/s at peak under one tenant prefix warns', () => {
    // 50M streams: 62.5/250 ... chunks cut by idle? no: 0.25 B/s, a 250 B line every 1,000 s < 30 min idle -> age 2h
    const s = scenarioOf({ name: 'x', region: 'us-east-1', ingest: { volume: '10 TB/day', streams: 20_000_000, peakFactor: 2 }, retention: '7 days' });
    const p = planOf(s);
    // 20e6 x 1.5 copies x 12 chunks/day / 86400 x 2 = 8,333 PUT/s
    expect(p.storage.flush!.peakPutsPerSecondPerPrefix).toBeCloseTo((20e6 * 1.5 * 12 * 2) / 86400, 6);
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
    expect(events).toBeCloseTo(6_570_000 + 26_280 + 8_111_111 + 56_940, -1);
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
