import { describe, expect, it } from 'vitest';
import { BASE, planOf, scenarioOf } from './helpers.js';

const MiB = 2 ** 20;
const target = (doc: Record<string, unknown>, name: string) =>
  planOf(scenarioOf({ ...BASE, ...doc })).topology.targets.find((t) => t.name === name)!;

const GB = 1e9 / 2 ** 30; // the calculator's GB (10^9 bytes) in GiB

describe("write replicas: Grafana's calculator at the daily average, then the peak, failureTolerance and a zone loss", () => {
  const cases: [string, number, number, number, number, number][] = [
    // volume, peakFactor, failureTolerance, replication factor, zones, replicas
    ['1 TB/day', 1, 0, 3, 1, 4], // the calculator: 11.57 MB/s / 3 MiB/s = 3.68 -> 4
    ['1 TB/day', 1, 0, 3, 3, 4], // no failure tolerance asked: no zone headroom either
    ['1 TB/day', 1, 1, 3, 1, 5],
    ['1 TB/day', 1, 1, 3, 3, 6], // 6 - 2 (a zone) = 4 carry the 4 needed
    ['100 GB/day', 1, 0, 3, 1, 3], // the calculator's HA minimum
    ['100 GB/day', 1, 1, 3, 1, 3], // 1 needed + 1 that may fail fits in the 3
    ['100 GB/day', 1, 2, 5, 1, 5], // RF 5 keeps quorum through 2 failures
    ['12.5 MB/s', 1.5, 0, 3, 1, 6], // calculator 4; peak 18.75 MB/s = 17.9 MiB/s -> 6
    ['12.5 MB/s', 1.5, 1, 3, 1, 7],
    ['12.5 MB/s', 1.5, 1, 3, 3, 9], // 9 - 3 = 6
    ['10 TB/day', 1, 1, 3, 1, 38],
  ];
  it.each(cases)('%s x%d, tolerance %d, RF %d, %d zone(s) -> %d', (volume, peakFactor, ft, rf, zones, want) => {
    const t = target({ ingest: { volume, peakFactor }, deployment: { failureTolerance: ft, replicationFactor: rf, zones } }, 'write');
    expect(t.replicas).toBe(want);
    // the sizing rule's own verdict (the plan's also needs lokiplan check's zone loss, which a non-zone-aware ring fails)
    expect(t.sizedMeetsTarget).toBe(true);
    // node.go StandardWrite: 1 CPU / 6 GB, limit 2 CPU / 12 GB, GB = 10^9 bytes
    expect(t.requests).toEqual({ cpu: 1, memoryGiB: 6 * GB });
    expect(t.limits).toEqual({ cpu: 2, memoryGiB: 12 * GB });
  });
  it('names each addition: the calculator, the peak, failure tolerance, the zone loss', () => {
    const t = target({ ingest: { volume: '12.5 MB/s', peakFactor: 1.5 }, deployment: { failureTolerance: 1, zones: 3 } }, 'write');
    expect(t.reasons.map((r) => r.kind)).toEqual(['throughput', 'peak', 'failure-tolerance', 'zone-loss']);
    expect(t.reasons[0]!.text).toMatch(/calculator/);
  });
  it('a small volume needs nothing beyond the calculator', () => {
    const small = target({ ingest: { volume: '10 GB/day' } }, 'write');
    expect(small.replicas).toBe(3);
    expect(small.reasons.map((r) => r.kind)).toEqual(['throughput']);
  });
  it('RF 3 keeps write quorum through only one failure', () => {
    const t = target({ deployment: { failureTolerance: 2 } }, 'write');
    expect(t.meetsTarget).toBe(false);
    expect(t.verdict).toMatch(/keeps write quorum through only 1 failure/);
  });
  it('never fewer ingesters than the replication factor', () => {
    const t = target({ ingest: { volume: '1 GB/day' }, deployment: { replicationFactor: 5, failureTolerance: 0 } }, 'write');
    expect(t.replicas).toBe(5);
    expect(t.reasons.some((r) => r.kind === 'quorum')).toBe(true);
  });
});

describe('read, backend, gateway', () => {
  it("read: the calculator's max(3, write) at 5 TB/day, 19 read pods of 3 CPU (57 vCPU), not 3 from query throughput", () => {
    const t = target({ ingest: { volume: '5 TB/day' }, query: { scannedPerDay: '2 TB' }, deployment: { failureTolerance: 0 } }, 'read');
    expect(t.replicas).toBe(19);
    expect(t.replicas * t.requests.cpu).toBe(57);
    // node.go StandardRead: 3 CPU / 6 GB, limit 3 CPU / 8 GB
    expect(t.requests).toEqual({ cpu: 3, memoryGiB: 6 * GB });
    expect(t.limits).toEqual({ cpu: 3, memoryGiB: 8 * GB });
  });
  it('read: query throughput is a check that only adds read pods', () => {
    // 300e12/86400*2 = 6.94e9 B/s / (768 MiB/s) = 8.62 -> 9, +1 that may fail
    const heavy = target({ query: { scannedPerDay: '300 TB', peakFactor: 2 }, deployment: { zones: 1 } }, 'read');
    expect(heavy.replicas).toBe(10);
    expect(heavy.reasons.map((r) => r.kind)).toEqual(['throughput', 'throughput', 'failure-tolerance']);
    expect(heavy.reasons[1]!.text).toMatch(/^query check/);
    // light queries never take reads below the calculator's count
    expect(target({ query: { scannedPerDay: '1 GB' } }, 'read').replicas).toBe(4);
  });
  it('backend: 1 + tolerance, at most 3', () => {
    expect(target({ deployment: { failureTolerance: 0 } }, 'backend').replicas).toBe(1);
    expect(target({ deployment: { failureTolerance: 1 } }, 'backend').replicas).toBe(2);
    expect(target({ deployment: { failureTolerance: 2, replicationFactor: 5 } }, 'backend').replicas).toBe(3);
  });
  it('gateway: 2 replicas', () => {
    expect(target({}, 'gateway').replicas).toBe(2);
  });
});

describe('overrides are checked against the target', () => {
  it("the design's 3 write pods at 500m / 1Gi do not carry 50,000 lines/s", () => {
    const t = target(
      {
        ingest: { rate: '50000 lines/s', avgLineSize: '250 B', peakFactor: 1.5 },
        targets: { write: { replicas: 3, requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: 1, memory: '2Gi' } } },
      },
      'write',
    );
    expect(t.replicas).toBe(3);
    expect(t.ruleReplicas).toBe(9); // 6 for the peak, +1 that may fail, 9 to lose one of 3 zones
    expect(t.meetsTarget).toBe(false);
    // capacity scales with the tighter of CPU (0.5/1) and memory (1 GiB / 6 GB): 2 pods left
    expect(t.capacityBytesPerSecond).toBeCloseTo(2 * 3 * MiB * (1 / (6 * GB)), 6);
    expect(t.verdict).toMatch(/does not carry/);
  });
  it('enough overridden replicas meet the target', () => {
    const t = target({ targets: { write: { replicas: 6 } } }, 'write');
    expect(t.sizedMeetsTarget).toBe(true);
    expect(t.overridden).toBe(true);
  });
  it('limits below requests fail', () => {
    const t = target({ targets: { read: { limits: { cpu: 1 } } } }, 'read');
    expect(t.meetsTarget).toBe(false);
    expect(t.verdict).toMatch(/limits below requests/);
  });
});

describe('monolithic', () => {
  it('one replica, RF 1, a volume for the whole retention, and says when the load is too much', () => {
    const p = planOf(scenarioOf({ ...BASE, deployment: { mode: 'monolithic' } }));
    const t = p.topology.targets[0]!;
    expect(t.replicas).toBe(1);
    expect(p.topology.replicationFactor).toBe(1);
    // 1e12 B/day / 5 x 30 days x 1.2 = 7.2e12 B = 6706 GiB (rounded up)
    expect(t.volumeGiB).toBe(Math.ceil((1e12 / 5) * 30 * 1.2 / 2 ** 30));
    expect(t.meetsTarget).toBe(false);
    expect(t.verdict).toMatch(/50x the ~20 GB\/day/);
  });
  it('meets a small target', () => {
    const p = planOf(scenarioOf({ ...BASE, ingest: { volume: '10 GB/day' }, deployment: { mode: 'monolithic' } }));
    expect(p.meetsTarget).toBe(true);
  });
});

describe('simple-scalable beyond its documented range', () => {
  const codes = (volume: string) => planOf(scenarioOf({ ...BASE, ingest: { volume } })).warnings.map((w) => w.code);
  it('warns above ~1 TB/day (Grafana: "close to a TB of logs per day")', () => {
    expect(codes('1.5 TB/day')).toContain('ssd-beyond-documented-range');
  });
  it('is quiet within it', () => {
    expect(codes('500 GB/day')).not.toContain('ssd-beyond-documented-range');
  });
});

describe('replicasFor: the fewest replicas that carry the demand after a zone is lost', () => {
  it('is the smallest n with n - ceil(n / zones) >= the replicas the demand needs, for every need and zone count', async () => {
    const { replicasFor } = await import('../src/model/sizing.js');
    for (let zones = 2; zones <= 6; zones++) {
      for (let need = 1; need <= 400; need++) {
        const { zone } = replicasFor(need, 1, 0, zones);
        expect(zone - Math.ceil(zone / zones), `need ${need}, zones ${zones}`).toBeGreaterThanOrEqual(need);
        expect(zone - 1 - Math.ceil((zone - 1) / zones), `need ${need}, zones ${zones}: ${zone - 1} would do`).toBeLessThan(need);
      }
    }
  });
});
