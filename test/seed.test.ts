import { describe, expect, it } from 'vitest';
import { toCents } from '../src/text/money.js';
import { planOf, scenarioFile } from './helpers.js';

describe("seed-arithmetic reproduces the design document's cost table", () => {
  const p = planOf(scenarioFile('scenarios/seed-arithmetic.yaml'));
  it('compute $234, S3 $690, EBS $7, total $931 a month', () => {
    expect(toCents(p.totals.byCategory.compute)).toBe(23400);
    expect(toCents(p.totals.byCategory.objectStorage)).toBe(69000);
    expect(toCents(p.totals.byCategory.blockStorage)).toBe(700);
    expect(toCents(p.totals.monthly)).toBe(93100);
  });
  it('per target: write $108, read $108, backend $18', () => {
    const c = (t: string) => p.lines.find((l) => l.id === `compute.vcpu.${t}`)!.monthlyCost;
    expect([c('write'), c('read'), c('backend')].map((v) => toCents(v))).toEqual([10800, 10800, 1800]);
  });
  it("says which of the document's figures do not hold", () => {
    const codes = p.warnings.map((w) => w.code);
    expect(codes).toContain('lifecycle-never-applies'); // the Intelligent-Tiering saving
    expect(codes).toContain('costs-left-out'); // gateway, requests, inter-AZ
    expect(codes).toContain('target-not-met'); // 3 x 500m write pods vs 1 TB/day
    expect(codes).toContain('gigabyte-convention');
    expect(codes).toContain('hours-per-month');
    expect(p.claims.find((c) => c.key === 'baselineTotal')!.holds).toBe(false);
    expect(p.claims.filter((c) => c.key !== 'baselineTotal').every((c) => c.holds)).toBe(true);
  });
  it('prices what the table leaves out', () => {
    const ids = p.omitted.map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining(['compute.vcpu.gateway', 's3.requests.put.chunks', 'transfer.inter-az.replication']));
    expect(p.omitted.every((l) => l.monthlyCost > 0)).toBe(true);
  });
});

describe('ghost-protocol', () => {
  const p = planOf(scenarioFile('scenarios/ghost-protocol.yaml'));
  it('sizes replicas for 50,000 lines/s; every sizing rule is met, but lokiplan check fails the zone loss, so the plan does not hold', () => {
    const r = Object.fromEntries(p.topology.targets.map((t) => [t.name, t.replicas]));
    // write: the calculator's 4, 6 for the peak, +1 that may fail, 9 to lose one of 3 zones; read: max(3, 4)
    // and the memcached caches the chart deploys in every mode, one replica each (chart default)
    expect(r).toEqual({ write: 9, read: 4, backend: 2, gateway: 2, 'chunks-cache': 1, 'results-cache': 1 });
    expect(p.topology.targets.every((t) => t.sizedMeetsTarget)).toBe(true);
    // one verdict: simple-scalable's ring is not zone-aware, so a zone loss takes write quorum
    expect(p.meetsTarget).toBe(false);
    expect(p.capacity.rows.filter((x) => x.status === 'fail').every((x) => x.case === 'zone-loss' && x.target === 'write')).toBe(true);
  });
  it('has a baseline sized by the same model, and the delta between them', () => {
    expect(p.baseline!.mode).toBe('monolithic');
    expect(p.baseline!.meetsTarget).toBe(false);
    expect(p.delta!.monthly).toBeCloseTo(p.totals.monthly - p.baseline!.totals.monthly, 9);
  });
  it('totals are the sum of the lines', () => {
    expect(p.totals.monthly).toBeCloseTo(p.lines.reduce((a, l) => a + l.monthlyCost, 0), 9);
  });
});

describe('ghost-protocol-as-designed', () => {
  it("the design's own write pods do not carry its 50,000 lines/s", () => {
    const p = planOf(scenarioFile('scenarios/ghost-protocol-as-designed.yaml'));
    const w = p.topology.targets.find((t) => t.name === 'write')!;
    expect(w.meetsTarget).toBe(false);
    expect(p.meetsTarget).toBe(false);
  });
});
