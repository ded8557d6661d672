import { describe, expect, it } from 'vitest';
import { allocatable, INSTANCE_TYPES } from '../src/model/instances.js';
import { place } from '../src/model/placement.js';
import type { TargetSizing, Topology } from '../src/model/types.js';

const tgt = (name: string, replicas: number, cpu: number, mem: number, spot = 0): TargetSizing => ({
  name, components: [], replicas, ruleReplicas: replicas, requests: { cpu, memoryGiB: mem }, limits: { cpu, memoryGiB: mem },
  volumeGiB: 0, spotReplicas: spot, committedReplicas: 0, overridden: false, reasons: [], demandBytesPerSecond: null,
  capacityBytesPerSecond: null, meetsTarget: true, verdict: '', profileSource: '',
});
const topo = (...targets: TargetSizing[]): Topology => ({ mode: 'simple-scalable', replicationFactor: 3, zones: 3, targets, profileId: 't' });
const PRICES: Record<string, number> = { 'm7i.xlarge': 0.2016, 'm7i.2xlarge': 0.4032, 'm7g.xlarge': 0.1632, 'm7i.4xlarge': 0.8064 };
const opts = (types: string[], zones = 3) => ({
  instanceTypes: types,
  zones,
  daemonsetOverhead: { cpu: 0.15, memoryGiB: 0.25 },
  hourlyPrice: (t: string, c: 'on-demand' | 'spot') => PRICES[t]! * (c === 'spot' ? 0.4 : 1),
});

describe('allocatable (EKS AMI reservations)', () => {
  it.each([
    ['m7i.xlarge', 4 - 0.08, 16 - (255 + 11 * 58 + 100) / 1024],
    ['m7i.2xlarge', 8 - 0.09, 32 - (255 + 11 * 58 + 100) / 1024],
    ['m7i.large', 2 - 0.07, 8 - (255 + 11 * 29 + 100) / 1024],
  ])('%s', (name, cpu, mem) => {
    const a = allocatable(INSTANCE_TYPES.get(name)!);
    expect(a.cpu).toBeCloseTo(cpu, 9);
    expect(a.memoryGiB).toBeCloseTo(mem, 9);
  });
});

describe('place', () => {
  it('hard anti-affinity: 7 write replicas need 7 nodes even when they would fit on fewer', () => {
    const [g] = place(topo(tgt('write', 7, 1, 6)), opts(['m7i.4xlarge']));
    expect(g!.count).toBe(7);
    for (const n of g!.nodes) expect(n.pods.filter((p) => p === 'write')).toHaveLength(1);
  });
  it('spreads one target across zones with skew at most 1', () => {
    const [g] = place(topo(tgt('write', 7, 1, 6)), opts(['m7g.xlarge']));
    const perZone = [0, 0, 0];
    for (const n of g!.nodes) perZone[n.zone]! += n.pods.filter((p) => p === 'write').length;
    expect(Math.max(...perZone) - Math.min(...perZone)).toBeLessThanOrEqual(1);
  });
  it('packs by the tighter resource and picks the cheapest type', () => {
    // 8 pods of 3 CPU: m7g.xlarge (3.77 CPU usable) holds one each -> 8 x 0.1632 = 1.31/h;
    // m7i.2xlarge (7.76 usable) holds two -> but anti-affinity needs 8 nodes anyway
    const [g] = place(topo(tgt('read', 8, 3, 6)), opts(['m7i.2xlarge', 'm7g.xlarge']));
    expect(g!.instanceType).toBe('m7g.xlarge');
    expect(g!.count).toBe(8);
    for (const n of g!.nodes) {
      expect(n.cpuUsed).toBeLessThanOrEqual(n.allocatable.cpu);
      expect(n.memoryUsedGiB).toBeLessThanOrEqual(n.allocatable.memoryGiB);
    }
  });
  it('keeps spot and on-demand node groups apart', () => {
    const groups = place(topo(tgt('write', 3, 1, 6), tgt('read', 3, 3, 6, 3)), opts(['m7g.xlarge']));
    expect(groups.map((g) => g.capacityType)).toEqual(['on-demand', 'spot']);
    expect(groups[0]!.nodes.flatMap((n) => n.pods)).toEqual(['write', 'write', 'write']);
    expect(groups[1]!.nodes.flatMap((n) => n.pods)).toEqual(['read', 'read', 'read']);
  });
  it('mixes targets on shared nodes when they fit', () => {
    const [g] = place(topo(tgt('write', 3, 1, 6), tgt('backend', 2, 1, 4), tgt('gateway', 2, 0.1, 0.125)), opts(['m7i.2xlarge']));
    expect(g!.count).toBe(3);
  });
  it('fails clearly when no type fits a pod', () => {
    expect(() => place(topo(tgt('write', 1, 9, 6)), opts(['m7g.xlarge']))).toThrow(/no allowed instance type fits a write pod/);
  });
});

describe('placement memo', () => {
  it('a committed share is part of the cache key (same pods otherwise)', () => {
    const o = {
      ...opts(['m7g.xlarge']),
      hourlyPrice: (t: string, c: string) => PRICES[t]! * (c === 'spot' ? 0.4 : c === 'committed' ? 0.7 : 1),
    };
    const plain = place(topo(tgt('write', 3, 1, 6)), o);
    const committed = place(topo({ ...tgt('write', 3, 1, 6), committedReplicas: 3 }), o);
    expect(plain.map((g) => g.capacityType)).toEqual(['on-demand']);
    expect(committed.map((g) => g.capacityType)).toEqual(['committed']);
  });
});
