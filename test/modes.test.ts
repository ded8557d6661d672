import { describe, expect, it } from 'vitest';
import { BASE, planOf, scenarioOf } from './helpers.js';

// Grafana Loki docs, "Size the cluster" (docs/sources/setup/size/_index.md): CPU, memory GiB, replicas
const PUBLISHED: Record<string, Record<string, [number, number, number]>> = {
  'under 3 TB/day': {
    ingester: [2, 4, 6], distributor: [2, 0.5, 4], 'index-gateway': [0.5, 2, 4], querier: [1, 1, 10],
    'query-frontend': [1, 2, 2], 'query-scheduler': [1, 0.5, 2], compactor: [2, 10, 1],
  },
  '3-30 TB/day': {
    ingester: [2, 6, 90], distributor: [2, 1, 40], 'index-gateway': [0.5, 4, 10], querier: [1.5, 2, 100],
    'query-frontend': [1, 2, 8], 'query-scheduler': [1, 0.5, 2], compactor: [6, 20, 1],
  },
  'about 30 TB/day': {
    ingester: [4, 8, 150], distributor: [2, 1, 100], 'index-gateway': [1, 4, 20], querier: [1.5, 3, 250],
    'query-frontend': [1, 4, 16], 'query-scheduler': [2, 0.5, 2], compactor: [6, 40, 1],
  },
};

/** A microservices plan with nothing added for failures, so the tier tables show through. */
const ms = (volume: string, extra: Record<string, unknown> = {}) =>
  planOf(scenarioOf({ ...BASE, ingest: { volume }, deployment: { mode: 'microservices', failureTolerance: 0, zones: 1, ...extra }, compute: { instanceTypes: ['m7i.xlarge', 'm7i.4xlarge'] } }));
const byName = (p: ReturnType<typeof ms>) => Object.fromEntries(p.topology.targets.map((t) => [t.name, t]));

describe('microservices: the "Size the cluster" tiers', () => {
  const cases: [string, string, number][] = [
    ['1 TB/day', 'under 3 TB/day', 1], // below the first anchor: the first tier as published
    ['3 TB/day', 'under 3 TB/day', 1], // at its anchor
    ['30 TB/day', '3-30 TB/day', 1], // the second tier at its anchor
    ['60 TB/day', 'about 30 TB/day', 2], // beyond the last anchor: replicas x volume / 30 TB/day
  ];
  it.each(cases)('%s -> tier %s (replicas x %d)', (volume, tier, scale) => {
    const p = ms(volume);
    expect(p.topology.tier).toBe(tier);
    const t = byName(p);
    for (const [name, [cpu, mem, replicas]] of Object.entries(PUBLISHED[tier]!)) {
      const fixed = name === 'compactor' || name === 'query-scheduler';
      expect(t[name]!.requests, name).toEqual({ cpu, memoryGiB: mem });
      expect(t[name]!.replicas, name).toBe(fixed ? replicas : replicas * scale);
      expect(t[name]!.meetsTarget, name).toBe(true);
    }
  });
  it('interpolates replicas linearly in TB/day between anchors, rounded up, with the upper tier pods', () => {
    const t = byName(ms('16.5 TB/day')); // half way from 3 to 30 TB/day
    expect(t['ingester']!.replicas).toBe(Math.ceil(6 + (90 - 6) * 0.5));
    expect(t['querier']!.replicas).toBe(Math.ceil(10 + (100 - 10) * 0.5));
    expect(t['ingester']!.requests).toEqual({ cpu: 2, memoryGiB: 6 });
    expect(t['ingester']!.reasons[0]!.text).toMatch(/under 3 TB\/day.*toward 3-30 TB\/day/);
  });
  it('adds replicas so that failureTolerance replicas and a whole zone may be lost; zone-aware ingesters in multiples of the zones', () => {
    const p = ms('3 TB/day', { failureTolerance: 1, zones: 3 });
    const t = byName(p);
    // 3 TB/day over 6 ingesters: 6 - 2 (a zone) carry only 2 TB/day; 9 - 3 carry 3 TB/day
    expect(t['ingester']!.replicas).toBe(9);
    expect(p.topology.zoneAware).toBe(true);
    expect(t['ingester']!.reasons.some((r) => /zones carry/.test(r.text))).toBe(true);
  });
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
    // 1e12 B/day = 11.57 MB/s / 3 MiB/s = 3.68 -> 4, +1 failure tolerance
    expect(t['single-binary']!.replicas).toBe(Math.ceil(1e12 / 86400 / (3 * 2 ** 20)) + 1);
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
