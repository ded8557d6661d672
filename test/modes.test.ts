import { describe, expect, it } from 'vitest';
import { BASE, planOf, scenarioOf } from './helpers.js';

// The tier table itself (at and around its boundaries) is tested in tier-table.test.ts.

/** A microservices plan with nothing added for failures, so the tier tables show through. */
const ms = (volume: string, extra: Record<string, unknown> = {}) =>
  planOf(scenarioOf({ ...BASE, ingest: { volume }, deployment: { mode: 'microservices', failureTolerance: 0, zones: 1, ...extra }, compute: { instanceTypes: ['m7i.xlarge', 'm7i.4xlarge'] } }));
const byName = (p: ReturnType<typeof ms>) => Object.fromEntries(p.topology.targets.map((t) => [t.name, t]));

describe('microservices: caches', () => {
  it('caches as the Helm chart deploys them: 9830Mi and 1229Mi memcached pods at 500m', () => {
    const t = byName(ms('1 TB/day'));
    expect(Math.round(t['chunks-cache']!.requests.memoryGiB * 1024)).toBe(9830);
    expect(Math.round(t['results-cache']!.requests.memoryGiB * 1024)).toBe(1229);
    expect(t['chunks-cache']!.requests.cpu).toBe(0.5);
  });
});

describe('ha-monolithic', () => {
  it('3+ single binaries at RF 3, sized for peak ingest plus failure tolerance, with the chart caches', () => {
    const p = planOf(scenarioOf({ ...BASE, deployment: { mode: 'ha-monolithic' } }));
    const t = byName(p);
    // 1e12 B/day = 11.57 MB/s / 3 MiB/s = 3.68 -> 4, +1 failure tolerance; 6 so that 4 are left after losing one of 3 zones
    expect(t['single-binary']!.replicas).toBe(6);
    expect(t['single-binary']!.reasons.map((r) => r.kind)).toEqual(['throughput', 'failure-tolerance', 'zone-loss']);
    const oneZone = byName(planOf(scenarioOf({ ...BASE, deployment: { mode: 'ha-monolithic', zones: 1 } })));
    expect(oneZone['single-binary']!.replicas).toBe(Math.ceil(1e12 / 86400 / (3 * 2 ** 20)) + 1);
    expect(t['single-binary']!.requests).toEqual({ cpu: 4, memoryGiB: 12 });
    expect(p.topology.replicationFactor).toBe(3);
    expect(Object.keys(t).sort()).toEqual(['chunks-cache', 'gateway', 'results-cache', 'single-binary']);
    expect(p.storage.segments.length).toBeGreaterThan(0); // chunks in S3, not on the volume
  });
  it('never fewer than 3 replicas', () => {
    const p = planOf(scenarioOf({ ...BASE, ingest: { volume: '5 GB/day' }, deployment: { mode: 'ha-monolithic', failureTolerance: 0 } }));
    expect(byName(p)['single-binary']!.replicas).toBe(3);
  });
});

describe('simple-scalable and mode auto', () => {
  it('a simple-scalable plan carries the deprecation warning', () => {
    const p = planOf(scenarioOf(BASE));
    expect(p.warnings.map((w) => w.code)).toContain('ssd-deprecated');
  });
  const cases: [string, number | undefined, string][] = [
    ['10 GB/day', 0, 'monolithic'],
    ['10 GB/day', undefined, 'ha-monolithic'], // failure tolerance defaults to 1: HA needed
    ['500 GB/day', 1, 'ha-monolithic'],
    ['2 TB/day', 1, 'microservices'],
  ];
  it.each(cases)('%s, failureTolerance %s -> %s, and says why', (volume, ft, mode) => {
    const p = planOf(scenarioOf({ ...BASE, ingest: { volume }, deployment: { mode: 'auto', ...(ft === undefined ? {} : { failureTolerance: ft }) } }));
    expect(p.mode).toBe(mode);
    const why = p.warnings.find((w) => w.code === 'mode-auto');
    expect(why?.message).toMatch(new RegExp(`^mode auto -> ${mode}: `));
    expect(p.warnings.map((w) => w.code)).not.toContain('ssd-deprecated');
  });
});

describe('the plan names its sizing profile', () => {
  it('id and version', () => {
    const p = planOf(scenarioOf(BASE));
    expect(p.topology.profileId).toMatch(/^grafana-loki@\d{4}\.\d+$/);
    expect(p.assumptions[0]!.text).toContain(p.topology.profileId);
  });
});
