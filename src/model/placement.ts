/**
 * Placement (nodes mode): pack pods onto the cheapest allowed instance type, one node group per
 * capacity type (on-demand, spot; never mixed). Rules, as the grafana/loki Helm chart deploys:
 * - hard pod anti-affinity by hostname: two replicas of one target never share a node;
 * - replicas of one target spread across zones with a skew of at most 1;
 * - allocatable = instance - EKS kubelet reservations - eviction threshold - daemonsets.
 */
import { allocatable, INSTANCE_TYPES, type InstanceType } from './instances.js';
import { fmtNum } from './format.js';
import type { CapacityType, NodeAssignment, NodeGroup, Resources, Topology } from './types.js';

export interface PlacementOptions {
  instanceTypes: readonly string[];
  zones: number;
  daemonsetOverhead: Resources;
  /** hourly price of one node; throws when the price book lacks it */
  hourlyPrice(instanceType: string, capacityType: CapacityType): number;
}

interface Pod {
  target: string;
  cpu: number;
  mem: number;
}

interface Packed {
  type: InstanceType;
  alloc: Resources;
  nodes: { zone: number; pods: Pod[]; cpu: number; mem: number }[];
}

/**
 * Packing is a pure function of the pods, the instance type, zones and daemonset overhead, so
 * results are memoised (bounded) — sweeps and Monte Carlo re-pack the same pod sets many times.
 */
const PACK_CACHE = new Map<string, Packed | null>();
const PACK_CACHE_MAX = 4096;

const PLACE_CACHE = new Map<string, NodeGroup[]>();

export function place(topology: Topology, opts: PlacementOptions): NodeGroup[] {
  // the key holds everything placeUncached reads: pods per capacity type and the prices it compares
  let key = `${opts.zones}|${opts.daemonsetOverhead.cpu}|${opts.daemonsetOverhead.memoryGiB}`;
  let spot = false;
  let committed = false;
  let onDemand = false;
  for (const t of topology.targets) {
    key += `|${t.name},${t.replicas},${t.spotReplicas},${t.committedReplicas},${t.requests.cpu},${t.requests.memoryGiB}`;
    if (t.spotReplicas > 0) spot = true;
    if (t.committedReplicas > 0) committed = true;
    if (t.replicas - t.spotReplicas - t.committedReplicas > 0) onDemand = true;
  }
  for (const name of opts.instanceTypes) {
    key += `|${name},${onDemand ? opts.hourlyPrice(name, 'on-demand') : ''},${spot ? opts.hourlyPrice(name, 'spot') : ''},${committed ? opts.hourlyPrice(name, 'committed') : ''}`;
  }
  const hit = PLACE_CACHE.get(key);
  if (hit) return hit;
  const groups = placeUncached(topology, opts);
  deepFreeze(groups);
  if (PLACE_CACHE.size >= PACK_CACHE_MAX) PLACE_CACHE.delete(PLACE_CACHE.keys().next().value!);
  PLACE_CACHE.set(key, groups);
  return groups;
}

function deepFreeze(o: unknown): void {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
}

function placeUncached(topology: Topology, opts: PlacementOptions): NodeGroup[] {
  const groups: NodeGroup[] = [];
  for (const capacityType of ['committed', 'on-demand', 'spot'] as const) {
    const pods: Pod[] = [];
    for (const t of topology.targets) {
      const n = capacityType === 'spot' ? t.spotReplicas : capacityType === 'committed' ? t.committedReplicas : t.replicas - t.spotReplicas - t.committedReplicas;
      for (let i = 0; i < n; i++) pods.push({ target: t.name, cpu: t.requests.cpu, mem: t.requests.memoryGiB });
    }
    if (pods.length === 0) continue;
    groups.push(cheapest(pods, capacityType, opts));
  }
  return groups;
}

function cheapest(pods: Pod[], capacityType: CapacityType, opts: PlacementOptions): NodeGroup {
  let best: { packed: Packed; cost: number } | null = null;
  const tried: string[] = [];
  const unfit: string[] = [];
  for (const name of opts.instanceTypes) {
    const type = INSTANCE_TYPES.get(name);
    if (!type) throw new RangeError(`unknown instance type ${name}`);
    const hourly = opts.hourlyPrice(name, capacityType);
    const packed = packCached(pods, type, opts);
    if (!packed) {
      unfit.push(name);
      continue;
    }
    const cost = packed.nodes.length * hourly;
    tried.push(`${packed.nodes.length} x ${name} at $${fmtNum(hourly, 4)}/h`);
    if (!best || cost < best.cost - 1e-12) best = { packed, cost };
  }
  if (!best) {
    const big = pods.reduce((a, p) => (p.cpu > a.cpu || p.mem > a.mem ? p : a));
    throw new RangeError(
      `no allowed instance type fits a ${big.target} pod (${fmtNum(big.cpu)} CPU / ${fmtNum(big.mem)} GiB requested): ${unfit.join(', ')}`,
    );
  }
  const { packed } = best;
  const perZone = new Array<number>(opts.zones).fill(0);
  const nodes: NodeAssignment[] = packed.nodes.map((n) => {
    perZone[n.zone]! += 1;
    return {
      instanceType: packed.type.name,
      capacityType,
      zone: n.zone,
      pods: n.pods.map((p) => p.target),
      cpuUsed: n.cpu,
      memoryUsedGiB: n.mem,
      allocatable: packed.alloc,
    };
  });
  const why =
    `cheapest of ${tried.join(', ')}` + (unfit.length ? `; ${unfit.join(', ')} too small for the largest pod` : '');
  return {
    capacityType,
    instanceType: packed.type.name,
    count: nodes.length,
    perZone,
    allocatable: packed.alloc,
    nodes,
    cpuRequested: pods.reduce((a, p) => a + p.cpu, 0),
    memoryRequestedGiB: pods.reduce((a, p) => a + p.mem, 0),
    why,
  };
}

function packCached(pods: readonly Pod[], type: InstanceType, opts: Pick<PlacementOptions, 'zones' | 'daemonsetOverhead'>): Packed | null {
  let key = `${type.name}|${opts.zones}|${opts.daemonsetOverhead.cpu}|${opts.daemonsetOverhead.memoryGiB}`;
  for (const p of pods) key += `|${p.target},${p.cpu},${p.mem}`;
  const hit = PACK_CACHE.get(key);
  if (hit !== undefined) return hit;
  const packed = pack(pods, type, opts);
  if (PACK_CACHE.size >= PACK_CACHE_MAX) PACK_CACHE.delete(PACK_CACHE.keys().next().value!);
  PACK_CACHE.set(key, packed);
  return packed;
}

/** Fewest nodes of one type that hold all pods under the rules; null if a pod fits no node. */
export function pack(pods: readonly Pod[], type: InstanceType, opts: Pick<PlacementOptions, 'zones' | 'daemonsetOverhead'>): Packed | null {
  const a = allocatable(type);
  const alloc = { cpu: a.cpu - opts.daemonsetOverhead.cpu, memoryGiB: a.memoryGiB - opts.daemonsetOverhead.memoryGiB };
  if (alloc.cpu <= 0 || alloc.memoryGiB <= 0) return null;
  const perTarget = new Map<string, number>();
  let cpu = 0;
  let mem = 0;
  for (const p of pods) {
    if (p.cpu > alloc.cpu + 1e-9 || p.mem > alloc.memoryGiB + 1e-9) return null;
    perTarget.set(p.target, (perTarget.get(p.target) ?? 0) + 1);
    cpu += p.cpu;
    mem += p.mem;
  }
  // largest first (by the tighter resource), targets with more replicas first on ties
  const order = [...pods].sort(
    (x, y) =>
      Math.max(y.cpu / alloc.cpu, y.mem / alloc.memoryGiB) - Math.max(x.cpu / alloc.cpu, x.mem / alloc.memoryGiB) ||
      perTarget.get(y.target)! - perTarget.get(x.target)! ||
      (x.target < y.target ? -1 : x.target > y.target ? 1 : 0),
  );
  let n = Math.max(
    1,
    Math.ceil(cpu / alloc.cpu - 1e-9),
    Math.ceil(mem / alloc.memoryGiB - 1e-9),
    Math.ceil(pods.length / (type.maxPods - 4)), // kube-proxy, aws-node, ebs-csi-node and a spare slot
    ...perTarget.values(),
  );
  for (; n <= pods.length + opts.zones; n++) {
    const nodes = tryPack(order, n, alloc, opts.zones, type.maxPods - 4);
    if (nodes) return { type, alloc, nodes };
  }
  return null;
}

function tryPack(order: readonly Pod[], n: number, alloc: Resources, zones: number, podSlots: number) {
  const nodes = Array.from({ length: n }, (_, i) => ({ zone: i % zones, pods: [] as Pod[], cpu: 0, mem: 0 }));
  const zoneCount = new Map<string, number[]>();
  for (const p of order) {
    let counts = zoneCount.get(p.target);
    if (!counts) zoneCount.set(p.target, (counts = new Array<number>(zones).fill(0)));
    const min = Math.min(...counts);
    let chosen = -1;
    for (let i = 0; i < n; i++) {
      const node = nodes[i]!;
      if (counts[node.zone] !== min) continue;
      if (node.pods.length >= podSlots) continue;
      if (node.cpu + p.cpu > alloc.cpu + 1e-9 || node.mem + p.mem > alloc.memoryGiB + 1e-9) continue;
      if (node.pods.some((q) => q.target === p.target)) continue;
      chosen = i;
      break;
    }
    if (chosen < 0) return null;
    const node = nodes[chosen]!;
    node.pods.push(p);
    node.cpu += p.cpu;
    node.mem += p.mem;
    counts[node.zone]! += 1;
  }
  return nodes;
}
