/**
 * Microservices sizing against the docs' "Size the cluster" tier table itself (read from
 * test/fixtures/loki-sizing/size-the-cluster.md, grafana/loki@65e30f8488e8a5ea2013c6881675f8103a8f6bc7),
 * at and around each tier boundary, with and without failure tolerance and zones, and the
 * simple-scalable plan at the same volumes.
 */
import { describe, expect, it } from 'vitest';
import { calculateClusterSize, CALCULATOR_NODE } from '../src/model/calculator.js';
import { BASE, planOf, read, ROOT, scenarioOf } from './helpers.js';

const md = read(`${ROOT}/test/fixtures/loki-sizing/size-the-cluster.md`);
const NAMES: Record<string, string> = {
  Ingester: 'ingester', Distributor: 'distributor', 'Index gateway': 'index-gateway', Querier: 'querier',
  'Query-frontend': 'query-frontend', 'Query-scheduler': 'query-scheduler', Compactor: 'compactor',
};
type Row = { cpu: number; memoryGiB: number; replicas: number };
/** The three tabs of the page, in order: component -> CPU, memory (Gi), base replicas. */
const TABLE: { tab: string; rows: Record<string, Row> }[] = [...md.matchAll(/tab-content name="([^"]+)"[^]*?\{\{< \/tab-content >\}\}/g)].map((m) => {
  const rows: Record<string, Row> = {};
  for (const r of m[0].matchAll(/^\|\s*([A-Za-z -]+?)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*(\d+)[^|]*\|/gm)) {
    rows[NAMES[r[1]!]!] = { cpu: Number(r[2]), memoryGiB: Number(r[3]), replicas: Number(r[4]) };
  }
  return { tab: m[1]!, rows };
});
const FIXED = ['compactor', 'query-scheduler'];

const ms = (tb: number, extra: Record<string, unknown> = {}, ingest: Record<string, unknown> = {}) =>
  planOf(scenarioOf({ ...BASE, ingest: { volume: `${tb} TB/day`, ...ingest }, deployment: { mode: 'microservices', failureTolerance: 0, zones: 1, ...extra }, compute: { pricing: 'per-vcpu' } }));
const byName = (p: ReturnType<typeof ms>) => Object.fromEntries(p.topology.targets.map((t) => [t.name, t]));
const tierCpu = (p: ReturnType<typeof ms>) => p.topology.targets.filter((t) => NAMES[Object.keys(NAMES).find((k) => NAMES[k] === t.name)!]).reduce((a, t) => a + t.replicas * t.requests.cpu, 0);

describe('the fixture is the docs page', () => {
  it('three tiers of seven components', () => {
    expect(TABLE.map((t) => t.tab)).toEqual(['Less than 100TB/month (3TB/day)', '100TB to 1PB /month (3-30TB/day)', '~1PB/month (30TB/day)']);
    for (const t of TABLE) expect(Object.keys(t.rows).sort()).toEqual(Object.values(NAMES).sort());
    expect(TABLE[2]!.rows['ingester']).toEqual({ cpu: 4, memoryGiB: 8, replicas: 150 });
  });
});

describe('the table reproduced at its volumes, one zone, no failure tolerance', () => {
  const cases: [number, number, number][] = [
    // TB/day, tab, replicas x
    [1, 0, 1], // below 3 TB/day: the first tier as published
    [3, 0, 1], // "Less than 100TB/month (3TB/day)"
    [30, 2, 1], // "~1PB/month (30TB/day)" is the tier for 30 TB/day
    [60, 2, 2], // beyond the table: the last tier scaled by volume
  ];
  it.each(cases)('%d TB/day -> tab %d, replicas x %d', (tb, tab, scale) => {
    const t = byName(ms(tb));
    for (const [name, row] of Object.entries(TABLE[tab]!.rows)) {
      expect(t[name]!.requests, name).toEqual({ cpu: row.cpu, memoryGiB: row.memoryGiB });
      expect(t[name]!.replicas, name).toBe(FIXED.includes(name) ? row.replicas : row.replicas * scale);
      expect(t[name]!.meetsTarget, name).toBe(true);
    }
  });
  it('the plan says where it departs from the table, with both figures', () => {
    expect(ms(3).assumptions.some((a) => /table -> plan/.test(a.text))).toBe(false);
    expect(ms(30).assumptions.some((a) => /table -> plan/.test(a.text))).toBe(false);
    const mid = ms(16.5).assumptions.find((a) => /table -> plan/.test(a.text))!;
    expect(mid.text).toMatch(/ingester 90 -> 48/);
    expect(mid.source).toMatch(/Size the cluster/);
  });
});

describe('between 3 and 30 TB/day: the 3-30 TB/day tier\'s own pods, continuous and monotone', () => {
  const lo = TABLE[0]!.rows;
  const mid = TABLE[1]!.rows;
  it('16.5 TB/day is half way from the first tier\'s counts to the second\'s', () => {
    const t = byName(ms(16.5));
    for (const [name, row] of Object.entries(mid)) {
      expect(t[name]!.requests, name).toEqual({ cpu: row.cpu, memoryGiB: row.memoryGiB });
      if (!FIXED.includes(name)) expect(t[name]!.replicas, name).toBe(Math.ceil(lo[name]!.replicas + (row.replicas - lo[name]!.replicas) * 0.5));
    }
  });
  it('replicas and vCPU never fall and never jump as volume grows, 3 to 30 TB/day exclusive', () => {
    let prev: ReturnType<typeof byName> | null = null;
    let prevCpu = 0;
    for (let tb = 3.05; tb < 30; tb += 0.05) {
      const p = ms(tb);
      const t = byName(p);
      const cpu = tierCpu(p);
      expect(cpu).toBeGreaterThanOrEqual(prevCpu);
      if (prev) {
        for (const name of Object.keys(mid)) {
          expect(t[name]!.replicas, `${name} at ${tb}`).toBeGreaterThanOrEqual(prev[name]!.replicas);
          // a 0.05 TB/day step moves the 6 -> 90 ingester line by 0.16: at most one replica per step
          expect(t[name]!.replicas - prev[name]!.replicas, `${name} at ${tb}`).toBeLessThanOrEqual(1);
        }
      }
      prev = t;
      prevCpu = cpu;
    }
  });
  it('the boundaries are where the docs put them: 3 TB/day is the first tier, just above it the second, 30 TB/day the third', () => {
    const cases: [number, string][] = [[2.99, 'up to 3 TB/day'], [3, 'up to 3 TB/day'], [3.01, '3-30 TB/day'], [29.99, '3-30 TB/day'], [30, 'about 30 TB/day'], [30.01, 'about 30 TB/day']];
    for (const [tb, tier] of cases) expect(ms(tb).topology.tier, `${tb}`).toBe(tier);
    // just above a boundary never plans less than at it
    expect(tierCpu(ms(3.01))).toBeGreaterThanOrEqual(tierCpu(ms(3)));
    expect(tierCpu(ms(30.01))).toBeGreaterThanOrEqual(tierCpu(ms(30)));
  });
});

describe('peak, failure tolerance and zones add replicas of the tier\'s own pods, only where asked', () => {
  it('a peak factor of 2 at 20 TB/day adds 2-CPU ingesters of the 3-30 TB/day tier, never its 4-CPU ones', () => {
    const flat = byName(ms(20))['ingester']!;
    const peak = byName(ms(20, {}, { peakFactor: 2 }))['ingester']!;
    expect(peak.requests).toEqual({ cpu: 2, memoryGiB: 6 });
    expect(peak.replicas).toBeGreaterThan(flat.replicas);
    expect(peak.replicas).toBeLessThanOrEqual(2 * flat.replicas);
    expect(peak.reasons.map((r) => r.kind)).toContain('peak');
  });
  const cases: [number, number, number, number, string[]][] = [
    // TB/day, failureTolerance, zones, ingesters, reasons added
    [3, 0, 1, 6, []],
    [3, 0, 3, 6, []], // zones alone ask for nothing
    [3, 1, 1, 7, ['failure-tolerance']],
    [3, 1, 3, 9, ['failure-tolerance', 'zone-loss']], // 9 - 3 carry the 6 the table needs
    [30, 0, 3, 150, []],
    [30, 1, 1, 151, ['failure-tolerance']],
    [30, 1, 3, 225, ['failure-tolerance', 'zone-loss']],
  ];
  it.each(cases)('%d TB/day, failureTolerance %d, %d zone(s) -> %d ingesters', (tb, ft, zones, want, added) => {
    const t = byName(ms(tb, { failureTolerance: ft, zones }))['ingester']!;
    expect(t.replicas).toBe(want);
    expect(t.reasons.map((r) => r.kind).filter((k) => k === 'failure-tolerance' || k === 'zone-loss' || k === 'peak')).toEqual(added);
  });
});

describe('simple-scalable at the same volumes: the calculator, with the same headroom rules', () => {
  const ssd = (tb: number, ft: number, zones: number) =>
    byName(planOf(scenarioOf({ ...BASE, ingest: { volume: `${tb} TB/day` }, deployment: { mode: 'simple-scalable', failureTolerance: ft, zones }, compute: { pricing: 'per-vcpu' } })));
  const cases: [number, number, number][] = [
    [2.99, 0, 1], [3, 0, 1], [3.01, 0, 1], [3, 0, 3], [3, 1, 1], [3, 1, 3], [29.99, 0, 1], [30, 0, 1], [30, 1, 3],
  ];
  it.each(cases)('%d TB/day, failureTolerance %d, %d zone(s)', (tb, ft, zones) => {
    const t = ssd(tb, ft, zones);
    const c = calculateClusterSize(CALCULATOR_NODE, tb * 1e12, 'basic');
    const w = c.totalWriteReplicas;
    let want = w + ft;
    if (ft >= 1 && zones > 1) while (want - Math.ceil(want / zones) < w) want++;
    expect(t['write']!.replicas).toBe(want);
    expect(t['read']!.replicas).toBe(c.totalReadReplicas);
  });
});
