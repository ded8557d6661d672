/**
 * Placement (nodes mode): pack pods onto the cheapest allowed instance type, one node group per
 * capacity type (on-demand, spot; never mixed). Rules, as the grafana/loki Helm chart deploys:
 * - hard pod anti-affinity by hostname: two replicas of one target never share a node;
 * - replicas of one target spread across zones with a skew of at most 1 (zone-aware ingesters
 *   across the chart's three ingester zones only);
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
  /** the pod goes to one of the first `span` zones (zone-aware ingesters: the Helm chart's three) */
  span: number;
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

interface PlaceEntry {
  sig: number[];
  names: string[];
  types: readonly string[];
  groups: NodeGroup[];
}
const PLACE_CACHE = new WeakMap<PlacementOptions['hourlyPrice'], Map<number, PlaceEntry[]>>();
let placeEntries = 0;

export function place(topology: Topology, opts: PlacementOptions): NodeGroup[] {
  // Cached per price function (plan() passes one memoised function per price book, and a book's
  // prices never change), keyed by a numeric signature of everything else placeUncached reads;
  // a hit is confirmed by exact comparison, so a hash collision can never return another plan.
  let byPrices = PLACE_CACHE.get(opts.hourlyPrice);
  if (!byPrices) PLACE_CACHE.set(opts.hourlyPrice, (byPrices = new Map()));
  const sig = [opts.zones, opts.daemonsetOverhead.cpu, opts.daemonsetOverhead.memoryGiB];
  const names: string[] = [];
  for (const t of topology.targets) {
    names.push(t.name);
    sig.push(t.replicas, t.spotReplicas, t.committedReplicas, t.requests.cpu, t.requests.memoryGiB, t.zones ?? 0);
  }
  let h = opts.instanceTypes.length;
  for (const v of sig) h = (h * 31 + v * 1009) % 2147483647;
  const bucket = byPrices.get(h);
  if (bucket) {
    for (const e of bucket) {
      if (sameEntry(e, sig, names, opts.instanceTypes)) return e.groups;
    }
  }
  const groups = placeUncached(topology, opts);
  deepFreeze(groups);
  if (++placeEntries > PACK_CACHE_MAX) {
    byPrices.clear();
    placeEntries = 1;
  }
  const entry = { sig, names, types: [...opts.instanceTypes], groups };
  if (bucket && byPrices.has(h)) bucket.push(entry);
  else byPrices.set(h, [entry]);
  return groups;
}

function sameEntry(e: PlaceEntry, sig: number[], names: string[], types: readonly string[]): boolean {
  if (e.sig.length !== sig.length || e.types.length !== types.length) return false;
  for (let i = 0; i < sig.length; i++) if (e.sig[i] !== sig[i]) return false;
  for (let i = 0; i < names.length; i++) if (e.names[i] !== names[i]) return false;
  for (let i = 0; i < types.length; i++) if (e.types[i] !== types[i]) return false;
  return true;
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
      const span = Math.min(opts.zones, t.zones ?? opts.zones);
      for (let i = 0; i < n; i++) pods.push({ target: t.name, cpu: t.requests.cpu, mem: t.requests.memoryGiB, span });
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
  for (const p of pods) key += `|${p.target},${p.cpu},${p.mem},${p.span}`;
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
    if (!counts) zoneCount.set(p.target, (counts = new Array<number>(Math.min(zones, p.span)).fill(0)));
    const min = Math.min(...counts);
    let chosen = -1;
    for (let i = 0; i < n; i++) {
      const node = nodes[i]!;
      if (node.zone >= counts.length || counts[node.zone] !== min) continue;
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
