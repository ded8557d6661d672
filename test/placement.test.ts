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

describe('instance sizes per capacity group (compute.instanceSizes)', () => {
  // on-demand $/h; spot is 40% of it (the test's hourlyPrice); a size missing here is unpriced
  const SIZES: Record<string, number> = { 'm7g.medium': 0.0408, 'm7g.large': 0.0816, 'm7g.xlarge': 0.1632, 'm7g.2xlarge': 0.3264 };
  const family = (types: string[], priced: Record<string, number> = SIZES) => ({
    instanceTypes: types,
    instanceSizes: 'family' as const,
    zones: 3,
    daemonsetOverhead: { cpu: 0.15, memoryGiB: 0.25 },
    hourlyPrice: (t: string, c: string) => {
      if (!(t in priced)) throw new Error(`no price for ${t}`);
      return priced[t]! * (c === 'spot' ? 0.4 : 1);
    },
    priced: (t: string) => t in priced,
  });

  it('spot pods held one per node go on the smallest priced size whose allocatable fits them', () => {
    // 10 querier pods of 1 CPU / 1 GiB, all on spot: anti-affinity makes 10 nodes whatever the size.
    // m7g.medium: 1 - 0.06 (kubelet) - 0.15 (daemonsets) = 0.79 CPU allocatable < 1: too small
    // (memory 4 - (255 + 11 x 8 + 100)/1024 - 0.25 = 3.32 GiB).
    // m7g.large: 2 - 0.07 - 0.15 = 1.78 CPU, 8 - (255 + 11 x 29 + 100)/1024 - 0.25 = 7.10 GiB: fits;
    // 10 x 0.0816 x 0.4 = $0.3264/h against 10 x m7g.xlarge at 0.1632 x 0.4 = $0.6528/h.
    const [g] = place(topo(tgt('querier', 10, 1, 1, 10)), family(['m7g.xlarge']));
    expect(g!.capacityType).toBe('spot');
    expect(g!.instanceType).toBe('m7g.large');
    expect(g!.count).toBe(10);
    expect(g!.allocatable.cpu).toBeCloseTo(1.78, 9);
    expect(g!.why).toMatch(/^cheapest of 3 priced m7g sizes that fit \(compute\.instanceSizes: family; listed m7g\.xlarge\): 10 x m7g\.large at \$0\.03264\/h = \$0\.3264\/h/);
    expect(g!.why).toContain('m7g.medium (0.79 CPU / 3.32 GiB allocatable) too small for the largest pod (querier: 1 CPU / 1 GiB requested');
  });
  it('an unpriced size is no candidate (never priced at zero); listed keeps to the listed types', () => {
    const { 'm7g.large': _, ...noLarge } = SIZES;
    const [g] = place(topo(tgt('querier', 10, 1, 1, 10)), family(['m7g.xlarge'], noLarge));
    expect(g!.instanceType).toBe('m7g.xlarge');
    const [l] = place(topo(tgt('querier', 10, 1, 1, 10)), { ...family(['m7g.xlarge']), instanceSizes: 'listed' });
    expect(l!.instanceType).toBe('m7g.xlarge');
    expect(l!.why).toBe('cheapest of 10 x m7g.xlarge at $0.06528/h');
  });
  it('the target with the most replicas gets nodes of its own when two groups cost less than one', () => {
    // on-demand: 10 querier pods (1 CPU / 1 GiB) and 3 big pods (6 CPU / 8 GiB).
    // One group: only m7g.2xlarge (7.76 CPU allocatable) holds a big pod, and anti-affinity needs
    // 10 nodes for the queriers: 10 x 0.3264 = $3.264/h.
    // Split: queriers alone on 10 x m7g.large = $0.816/h, the big pods on 3 x m7g.2xlarge = $0.9792/h;
    // together $1.7952/h.
    const groups = place(topo(tgt('querier', 10, 1, 1), tgt('big', 3, 6, 8)), family(['m7g.2xlarge']));
    expect(groups.map((g) => [g.capacityType, g.dedicatedTo ?? null, g.count, g.instanceType])).toEqual([
      ['on-demand', 'querier', 10, 'm7g.large'],
      ['on-demand', null, 3, 'm7g.2xlarge'],
    ]);
    expect(groups[0]!.nodes.every((n) => n.pods.length === 1 && n.pods[0] === 'querier')).toBe(true);
    expect(groups[0]!.why).toContain('querier alone on these nodes, one pod per node by hostname anti-affinity (a node pool of its own), the other on-demand pods on 3 x m7g.2xlarge: together $1.795/h, less than one group of 10 x m7g.2xlarge at $3.264/h');
  });
  it('one group when it is the cheaper: small pods fill the room the one-per-node target leaves', () => {
    // 3 querier (1 CPU / 1 GiB) and 3 gateway pods (0.5 CPU / 0.5 GiB): one group is 3 x m7g.large
    // (1.78 CPU: one of each per node) = $0.2448/h; a split needs 3 + at least 1 nodes (2 x 0.5 CPU
    // fit on one m7g.large but anti-affinity makes 3: 3 x m7g.medium at 0.79 CPU = $0.1224/h), so
    // 3 x 0.0816 + 3 x 0.0408 = $0.3672/h.
    const groups = place(topo(tgt('querier', 3, 1, 1), tgt('gateway', 3, 0.5, 0.5)), family(['m7g.xlarge']));
    expect(groups.map((g) => [g.count, g.instanceType, g.dedicatedTo ?? null])).toEqual([[3, 'm7g.large', null]]);
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
