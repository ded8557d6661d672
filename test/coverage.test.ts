/**
 * Extremes: 1 GB/day to 1 PB/day, 1 day to 10 years, 1 to 1,000 replicas. Every corner either
 * plans soundly (finite, non-negative, adds up, nothing clamped) or says it is outside what the
 * model covers (ModelLimitError, exit 2). Just past each limit is refused, never clamped.
 */
import { describe, expect, it } from 'vitest';
import { ModelLimitError } from '../src/errors.js';
import { LIMITS } from '../src/model/coverage.js';
import type { Plan } from '../src/model/types.js';
import { CATEGORIES } from '../src/model/types.js';
import { BASE, planOf, scenarioOf } from './helpers.js';

function expectSound(p: Plan, bytesPerDay: number, retentionDays: number) {
  for (const s of p.baseline ? [p, p.baseline] : [p]) {
    // nothing clamped: the plan carries the workload it was given
    expect(s.workload.bytesPerDay / bytesPerDay).toBeCloseTo(1, 9);
    expect(s.workload.retentionDays).toBe(s === p ? retentionDays : s.workload.retentionDays);
    for (const l of s.lines) expect(Number.isFinite(l.monthlyCost) && l.monthlyCost >= 0, l.id).toBe(true);
    const sum = s.lines.reduce((a, l) => a + l.monthlyCost, 0);
    expect(Math.abs(sum - s.totals.monthly)).toBeLessThanOrEqual(1e-6 * Math.max(1, sum));
    expect(CATEGORIES.reduce((a, c) => a + s.totals.byCategory[c], 0)).toBeCloseTo(s.totals.monthly, 4);
    expect(s.totals.monthly).toBeLessThanOrEqual(LIMITS.monthlyUsd);
    for (const t of s.topology.targets) expect(t.replicas).toBeLessThanOrEqual(LIMITS.replicasPerTarget);
  }
}

/** A sound plan, or a ModelLimitError that says so; anything else fails. */
function planOrLimit(doc: Record<string, unknown>): Plan | ModelLimitError {
  try {
    return planOf(scenarioOf(doc));
  } catch (e) {
    if (e instanceof ModelLimitError) {
      expect(e.message).toMatch(/outside what this model covers/);
      return e;
    }
    throw e;
  }
}

describe('the corners of the supported range', () => {
  const volumes: [string, number][] = [
    ['1 GB/day', 1e9],
    ['100 GB/day', 1e11],
    ['10 TB/day', 1e13],
    ['100 TB/day', 1e14],
    ['1 PB/day', 1e15],
  ];
  const retentions: [string, number][] = [
    ['1 day', 1],
    ['30 days', 30],
    ['10 years', 3652.5],
  ];
  const cases = volumes.flatMap(([v, b]) => retentions.map(([r, d]) => [v, r, b, d] as const));
  it.each(cases)('%s for %s: a sound plan or "outside what this model covers"', (volume, retention, bytes, days) => {
    const r = planOrLimit({ ...BASE, ingest: { volume }, retention, baseline: { mode: 'monolithic' } });
    if (r instanceof ModelLimitError) {
      // only the write target outgrowing 1,000 replicas is out of range here
      expect(r.message).toMatch(/write: .*needs [\d,]+ replicas/);
      expect(bytes).toBeGreaterThan(1e14);
    } else {
      expectSound(r, bytes, days);
    }
  });

  it('1 PB/day is refused with the replicas it would need, not planned with fewer', () => {
    expect(() => planOf(scenarioOf({ ...BASE, ingest: { volume: '1 PB/day' }, deployment: { failureTolerance: 0, zones: 1 } }))).toThrow(
      /write: outside what this model covers: the target needs 3,680 replicas .*only claimed up to 1,000 replicas per target/,
    );
  });

  it.each([1, 3, 1000])('%d replicas of every target: a sound plan', (n) => {
    const targets = Object.fromEntries(['write', 'read', 'backend', 'gateway', 'chunks-cache', 'results-cache'].map((t) => [t, { replicas: n }]));
    const p = planOf(scenarioOf({ ...BASE, targets, compute: { instanceTypes: ['m7i.2xlarge'] } }));
    expectSound(p, 1e12, 30);
    for (const t of p.topology.targets) expect(t.replicas).toBe(n);
    expect(p.nodes.reduce((a, g) => a + g.count, 0)).toBeGreaterThanOrEqual(n); // hard anti-affinity: one per node
  }, 60_000);
});

describe('just past a limit is refused with the field named, never clamped', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['ingest under 1 GB/day', { ingest: { volume: '0.99 GB/day' } }, /ingest\.volume: outside what this model covers: 990 MB\/day/],
    ['ingest over 1 PB/day', { ingest: { volume: '1.01 PB/day' } }, /ingest\.volume: outside what this model covers: 1\.01 PB\/day/],
    ['lines/s x size over 1 PB/day', { ingest: { rate: '1e9 lines/s', avgLineSize: '1 MB' } }, /ingest\.rate: outside what this model covers/],
    ['retention under a day', { retention: '23 hours' }, /retention: outside what this model covers: "23 hours"/],
    ['retention over 10 years', { retention: '3653 days' }, /retention: outside what this model covers/],
    ['1,001 replicas', { targets: { read: { replicas: 1001 } } }, /targets\.read\.replicas: outside what this model covers: 1,001; at most 1,000/],
    ['replication factor 1,001', { deployment: { replicationFactor: 1001 } }, /deployment\.replicationFactor: outside/],
    ['failure tolerance 1,001', { deployment: { failureTolerance: 1001 } }, /deployment\.failureTolerance: outside/],
    ['peak factor 101', { ingest: { volume: '1 TB/day', peakFactor: 101 } }, /ingest\.peakFactor: outside what this model covers: 101x; at most 100x/],
    ['peak factor 1e300', { ingest: { volume: '1 TB/day', peakFactor: 1e300 } }, /ingest\.peakFactor: outside what this model covers: 1\.000e300x/],
    ['compression under 1', { storage: { compressionRatio: 0.5 } }, /storage\.compressionRatio: outside/],
    ['chunks under 1 KiB', { storage: { chunkSize: '100 B' } }, /storage\.chunkSize: outside/],
    ['a 17 TiB volume', { targets: { write: { volume: '17Ti' } } }, /targets\.write\.volume: outside .*gp3 maximum/],
  ];
  it.each(cases)('%s', (_, over, msg) => {
    expect(() => scenarioOf({ ...BASE, ...over })).toThrow(ModelLimitError);
    expect(() => scenarioOf({ ...BASE, ...over })).toThrow(msg);
  });

  it('a rule that asks for more than 1,000 replicas is refused before any pod is placed', () => {
    // 10 TB/day at 100x peak: 3,680 write replicas by rule (the calculator's 37, then the peak)
    expect(() => planOf(scenarioOf({ ...BASE, ingest: { volume: '10 TB/day', peakFactor: 100 }, deployment: { failureTolerance: 0, zones: 1 } }))).toThrow(/write: outside .*needs 3,680 replicas/);
  });

  it('a monthly total over $1e9 (where micro-dollars stop being exact) is refused', () => {
    // found by the fuzzer: $1.2e11 a month, JSON lines no longer summed to the total to the micro-dollar
    const s = scenarioOf({ ...BASE, prices: { overrides: { 'transfer.inter-az': '1000000' } } });
    expect(() => planOf(s)).toThrow(/outside what this model covers: the monthly total is \$[\d,.]+; amounts above \$1,000,000,000.00 a month/);
  });

  it('a price that would overflow the month is refused, not printed as Infinity', () => {
    const s = scenarioOf({ ...BASE, prices: { overrides: { 'ec2.ondemand.m7i.xlarge': '1' + '0'.repeat(300) } }, compute: { instanceTypes: ['m7i.xlarge'], instanceSizes: 'listed' } });
    expect(() => planOf(s)).toThrow(/outside what this model covers: the monthly total is .* cannot be added up exactly/);
  });

  it('the monolithic baseline says a chunks volume past gp3 maximum does not meet the target', () => {
    const p = planOf(scenarioOf({ ...BASE, ingest: { volume: '100 TB/day' }, retention: '1 year', baseline: { mode: 'monolithic' } }));
    expect(p.baseline!.meetsTarget).toBe(false);
    expect(p.baseline!.topology.targets[0]!.verdict).toMatch(/larger than gp3's 16,384 GiB maximum/);
  });
});
