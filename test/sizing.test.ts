import { describe, expect, it } from 'vitest';
import { BASE, planOf, scenarioOf } from './helpers.js';

const MiB = 2 ** 20;
const target = (doc: Record<string, unknown>, name: string) =>
  planOf(scenarioOf({ ...BASE, ...doc })).topology.targets.find((t) => t.name === name)!;

describe('write replicas = max(3, ceil(peak / 3 MiB/s)) + failure tolerance', () => {
  const cases: [string, number, number, number, number][] = [
    // volume, peakFactor, failureTolerance, replication factor, replicas
    ['1 TB/day', 1, 0, 3, 4], // the calculator's worked example: 11.57 MB/s -> 4
    ['1 TB/day', 1, 1, 3, 5],
    ['100 GB/day', 1, 0, 3, 3], // HA minimum
    ['100 GB/day', 1, 2, 5, 7], // RF 5 keeps quorum through 2 failures
    ['12.5 MB/s', 1.5, 1, 3, 7], // 18.75 MB/s = 17.9 MiB/s -> 6, +1
    ['10 TB/day', 1, 1, 3, 38],
  ];
  it.each(cases)('%s x%d, tolerance %d, RF %d -> %d', (volume, peakFactor, ft, rf, want) => {
    const t = target({ ingest: { volume, peakFactor }, deployment: { failureTolerance: ft, replicationFactor: rf } }, 'write');
    expect(t.replicas).toBe(want);
    // the sizing rule's own verdict (the plan's also needs lokiplan check's zone loss, which a non-zone-aware ring fails)
    expect(t.sizedMeetsTarget).toBe(true);
    expect(t.requests).toEqual({ cpu: 1, memoryGiB: 6 });
  });
  it('records why: throughput, HA minimum, failure tolerance', () => {
    const small = target({ ingest: { volume: '10 GB/day' } }, 'write');
    expect(small.reasons.map((r) => r.kind)).toEqual(['throughput', 'ha-minimum', 'failure-tolerance']);
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
  it('read: at least 3, 768 MiB/s of query throughput each, plus tolerance', () => {
    expect(target({ query: { scannedPerDay: '2 TB' } }, 'read').replicas).toBe(4);
    const heavy = target({ query: { scannedPerDay: '300 TB', peakFactor: 2 } }, 'read');
    // 300e12/86400*2 = 6.94e9 B/s / (768 MiB/s) = 8.62 -> 9, +1
    expect(heavy.replicas).toBe(10);
    expect(heavy.requests).toEqual({ cpu: 3, memoryGiB: 6 });
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
    expect(t.ruleReplicas).toBe(7);
    expect(t.meetsTarget).toBe(false);
    // capacity scales with the tighter of CPU (0.5/1) and memory (1/6): 3 MiB/s / 6 per pod, 2 pods left
    expect(t.capacityBytesPerSecond).toBeCloseTo(2 * 0.5 * MiB, 6);
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
