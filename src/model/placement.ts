/**
 * Placement (nodes mode): pack pods onto the cheapest candidate instance type, one node group per
 * capacity type (committed, on-demand, spot; never mixed). Rules, as the grafana/loki Helm chart deploys:
 * - hard pod anti-affinity by hostname: two replicas of one target never share a node;
 * - replicas of one target spread across zones with a skew of at most 1 (zone-aware ingesters
 *   across the chart's three ingester zones only);
 * - allocatable = instance - EKS kubelet reservations - eviction threshold - daemonsets; a type
 *   fits a pod when the pod's requests fit its allocatable (never its raw vCPU and memory).
 * Each group chooses its own type: the cheapest candidate for its pods, where the candidates are
 * `compute.instanceTypes` and, with `compute.instanceSizes: family` (the default), the other sizes
 * of their families that the price book prices (an unpriced size is no candidate, never priced at
 * zero). Within a capacity type, the target with the most replicas may get a group of its own (its
 * pods one per node by the anti-affinity, so small nodes), with the rest on another: chosen only
 * when the two groups cost less an hour than one. Both choices are stated in each group's `why`.
 */
import { ModelLimitError } from '../errors.js';
import { OUTSIDE } from './coverage.js';
import { allocatable, familyOf, INSTANCE_TYPES, sizeCandidates, type InstanceSizes, type InstanceType } from './instances.js';
import { fmtNum } from './format.js';
import type { CapacityType, NodeAssignment, NodeGroup, Resources, Topology } from './types.js';

export interface PlacementOptions {
  instanceTypes: readonly string[];
  /** 'family': the listed types and the other sizes of their families that `priced` says are priced; 'listed' (the default here): those alone */
  instanceSizes?: InstanceSizes;
  /** whether the price book prices a type for a capacity type (needed for 'family'; listed types must be priced) */
  priced?(instanceType: string, capacityType: CapacityType): boolean;
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
  const sig = [opts.zones, opts.daemonsetOverhead.cpu, opts.daemonsetOverhead.memoryGiB, opts.instanceSizes === 'family' ? 1 : 0];
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
    const count = new Map<string, number>();
    for (const t of topology.targets) {
      const n = capacityType === 'spot' ? t.spotReplicas : capacityType === 'committed' ? t.committedReplicas : t.replicas - t.spotReplicas - t.committedReplicas;
      const span = Math.min(opts.zones, t.zones ?? opts.zones);
      for (let i = 0; i < n; i++) pods.push({ target: t.name, cpu: t.requests.cpu, mem: t.requests.memoryGiB, span });
      if (n > 0) count.set(t.name, n);
    }
    if (pods.length === 0) continue;
    const types = candidates(capacityType, opts);
    const one = cheapest(pods, capacityType, types, opts);
    // the target with the most replicas on nodes of its own (one pod per node), the rest on another group
    let split: { own: Choice; rest: Choice; target: string } | null = null;
    const most = Math.max(...count.values());
    if (count.size > 1 && most > 1) {
      // the first target (in sizing order) with the most replicas: the one whose anti-affinity sizes the group
      const target = [...count].find(([, n]) => n === most)![0];
      const mine = pods.filter((p) => p.target === target);
      const others = pods.filter((p) => p.target !== target);
      // tried only when the fewest possible nodes of the two groups could cost less than one group
      if (!one.best || floorOf(mine, capacityType, types, opts) + floorOf(others, capacityType, types, opts) < one.best.cost - 1e-12) {
        const own = cheapest(mine, capacityType, types, opts);
        const rest = cheapest(others, capacityType, types, opts);
        if (own.best && rest.best) split = { own, rest, target };
      }
    }
    if (one.best && (!split || one.best.cost <= split.own.best!.cost + split.rest.best!.cost + 1e-12)) {
      groups.push(groupOf(one, capacityType, opts, null, ''));
    } else if (split) {
      const sum = split.own.best!.cost + split.rest.best!.cost;
      const vs = one.best
        ? `together $${fmtNum(sum, 4)}/h, less than one group of ${one.best.packed.nodes.length} x ${one.best.packed.type.name} at $${fmtNum(one.best.cost, 4)}/h`
        : `no single type holds every ${capacityType} pod`;
      const other = `${split.rest.best!.packed.nodes.length} x ${split.rest.best!.packed.type.name}`;
      const mine = `${split.own.best!.packed.nodes.length} x ${split.own.best!.packed.type.name}`;
      groups.push(groupOf(split.own, capacityType, opts, split.target, `; ${split.target} alone on these nodes, one pod per node by hostname anti-affinity (a node pool of its own), the other ${capacityType} pods on ${other}: ${vs}`));
      groups.push(groupOf(split.rest, capacityType, opts, null, `; the ${capacityType} pods other than ${split.target}, which has ${mine} of its own: ${vs}`));
    } else {
      groups.push(groupOf(one, capacityType, opts, null, '')); // throws: nothing fits
    }
  }
  return groups;
}

/** The candidate types of one capacity type, in the order `why` and ties use: listed first, then the family sizes, smallest first. */
function candidates(capacityType: CapacityType, opts: PlacementOptions): { name: string; listed: boolean }[] {
  const sizes = opts.instanceSizes ?? 'listed';
  const listed = new Set(opts.instanceTypes);
  const out: { name: string; listed: boolean }[] = [];
  for (const name of sizeCandidates(opts.instanceTypes, sizes)) {
    if (listed.has(name)) out.push({ name, listed: true });
    else if (opts.priced?.(name, capacityType)) out.push({ name, listed: false });
  }
  return out;
}

/** The least an hour any candidate could cost for these pods (its lower bound on nodes x its price). */
function floorOf(pods: readonly Pod[], capacityType: CapacityType, types: readonly { name: string }[], opts: PlacementOptions): number {
  let min = Infinity;
  for (const { name } of types) {
    const lb = lowerBound(pods, INSTANCE_TYPES.get(name)!, opts);
    if (lb) min = Math.min(min, lb.nodes * opts.hourlyPrice(name, capacityType));
  }
  return min;
}

interface Tried {
  name: string;
  listed: boolean;
  nodes: number;
  hourly: number;
  cost: number;
}

interface Choice {
  pods: Pod[];
  best: { packed: Packed; cost: number } | null;
  tried: Tried[];
  unfit: { name: string; alloc: Resources }[];
  /** family sizes not packed: their fewest possible nodes already cost at least the best */
  pruned: number;
}

function cheapest(pods: Pod[], capacityType: CapacityType, types: readonly { name: string; listed: boolean }[], opts: PlacementOptions): Choice {
  let best: Choice['best'] = null;
  const tried: Tried[] = [];
  const unfit: Choice['unfit'] = [];
  let pruned = 0;
  // with family sizes, cheapest lower bound first, and a type is packed only while it could still
  // beat the best so far (a pruned type is provably dearer); listed types alone are each packed
  const bounds: { name: string; listed: boolean; type: InstanceType; hourly: number; floor: number }[] = [];
  for (const { name, listed } of types) {
    const type = INSTANCE_TYPES.get(name);
    if (!type) throw new RangeError(`unknown instance type ${name}`);
    const hourly = opts.hourlyPrice(name, capacityType);
    const lb = lowerBound(pods, type, opts);
    if (!lb) {
      const a = allocatable(type);
      unfit.push({ name, alloc: { cpu: a.cpu - opts.daemonsetOverhead.cpu, memoryGiB: a.memoryGiB - opts.daemonsetOverhead.memoryGiB } });
      continue;
    }
    bounds.push({ name, listed, type, hourly, floor: lb.nodes * hourly });
  }
  const family = (opts.instanceSizes ?? 'listed') === 'family';
  // listed types first (packed in full, as with instanceSizes: listed), then the family sizes by floor
  const order = family ? [...bounds.filter((b) => b.listed), ...bounds.filter((b) => !b.listed).sort((a, b) => a.floor - b.floor)] : bounds;
  for (const { name, listed, type, hourly, floor } of order) {
    if (!listed && best && floor >= best.cost - 1e-12) {
      pruned++;
      continue;
    }
    // with family sizes a type stops packing once it needs as many nodes as would cost the best so far
    const cap = !listed && best ? Math.ceil((best.cost - 1e-12) / hourly) - 1 : Infinity;
    const packed = packCached(pods, type, opts, cap);
    if (packed === 'dearer') {
      pruned++;
      continue;
    }
    if (!packed) {
      const a = allocatable(type);
      unfit.push({ name, alloc: { cpu: a.cpu - opts.daemonsetOverhead.cpu, memoryGiB: a.memoryGiB - opts.daemonsetOverhead.memoryGiB } });
      continue;
    }
    const cost = packed.nodes.length * hourly;
    tried.push({ name, listed, nodes: packed.nodes.length, hourly, cost });
    if (!best || cost < best.cost - 1e-12) best = { packed, cost };
  }
  return { pods, best, tried, unfit, pruned };
}

const fit = (t: Tried) => `${t.nodes} x ${t.name} at $${fmtNum(t.hourly, 4)}/h`;

/** Why this type: every candidate when only the listed types compete; else the cheapest three and the listed ones. */
function whyOf(c: Choice, opts: PlacementOptions): string {
  const family = (opts.instanceSizes ?? 'listed') === 'family';
  const big = c.pods.reduce((a, p) => (p.cpu > a.cpu || p.mem > a.mem ? p : a));
  const small = c.unfit.length
    ? `; ${c.unfit.map((u) => `${u.name} (${fmtNum(u.alloc.cpu, 3)} CPU / ${fmtNum(u.alloc.memoryGiB, 3)} GiB allocatable)`).join(', ')} too small for the largest pod (${big.target}: ${fmtNum(big.cpu)} CPU / ${fmtNum(big.mem)} GiB requested; allocatable is after kubelet reservations and daemonsets)`
    : '';
  if (!family) return `cheapest of ${c.tried.map(fit).join(', ')}${small}`;
  const order = [...c.tried].sort((a, b) => a.cost - b.cost);
  const shown = order.filter((t, i) => i < 3 || t.listed);
  const dearer = order.length - shown.length + c.pruned;
  const n = c.tried.length + c.pruned;
  const fams = [...new Set(opts.instanceTypes.map(familyOf))].join(', ');
  return `cheapest of ${n} priced ${fams} size${n === 1 ? '' : 's'} that fit (compute.instanceSizes: family; listed ${opts.instanceTypes.join(', ')}): ${shown.map((t) => `${fit(t)} = $${fmtNum(t.cost, 4)}/h`).join(', ')}${dearer ? `; ${dearer} other${dearer === 1 ? '' : 's'} dearer` : ''}${small}`;
}

function groupOf(c: Choice, capacityType: CapacityType, opts: PlacementOptions, target: string | null, note: string): NodeGroup {
  if (!c.best) {
    const big = c.pods.reduce((a, p) => (p.cpu > a.cpu || p.mem > a.mem ? p : a));
    throw new ModelLimitError(
      `${OUTSIDE}: no allowed instance type fits a ${big.target} pod (${fmtNum(big.cpu)} CPU / ${fmtNum(big.mem)} GiB requested, more than the allocatable after kubelet reservations and daemonsets): ${c.unfit.map((u) => `${u.name} ${fmtNum(u.alloc.cpu, 3)} CPU / ${fmtNum(u.alloc.memoryGiB, 3)} GiB`).join(', ')}`,
    );
  }
  const { packed } = c.best;
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
  return {
    capacityType,
    instanceType: packed.type.name,
    ...(target !== null ? { dedicatedTo: target } : {}),
    count: nodes.length,
    perZone,
    allocatable: packed.alloc,
    nodes,
    cpuRequested: c.pods.reduce((a, p) => a + p.cpu, 0),
    memoryRequestedGiB: c.pods.reduce((a, p) => a + p.mem, 0),
    why: whyOf(c, opts) + note,
  };
}

function packCached(pods: readonly Pod[], type: InstanceType, opts: Pick<PlacementOptions, 'zones' | 'daemonsetOverhead'>, cap = Infinity): Packed | null | 'dearer' {
  let key = `${type.name}|${opts.zones}|${opts.daemonsetOverhead.cpu}|${opts.daemonsetOverhead.memoryGiB}`;
  for (const p of pods) key += `|${p.target},${p.cpu},${p.mem},${p.span}`;
  const hit = PACK_CACHE.get(key);
  if (hit !== undefined) return hit && hit.nodes.length > cap ? 'dearer' : hit;
  const packed = pack(pods, type, opts, cap);
  if (packed === 'dearer') return packed; // not cached: the fewest nodes are not known
  if (PACK_CACHE.size >= PACK_CACHE_MAX) PACK_CACHE.delete(PACK_CACHE.keys().next().value!);
  PACK_CACHE.set(key, packed);
  return packed;
}

/**
 * Fewest nodes of one type that hold all pods under the rules; null if a pod fits no node;
 * 'dearer' when it takes more than `cap` nodes (the search stops there).
 */
export function pack(pods: readonly Pod[], type: InstanceType, opts: Pick<PlacementOptions, 'zones' | 'daemonsetOverhead'>, cap = Infinity): Packed | null | 'dearer' {
  const lb = lowerBound(pods, type, opts);
  if (!lb) return null;
  const { alloc, perTarget } = lb;
  // largest first (by the tighter resource), targets with more replicas first on ties
  const order = [...pods].sort(
    (x, y) =>
      Math.max(y.cpu / alloc.cpu, y.mem / alloc.memoryGiB) - Math.max(x.cpu / alloc.cpu, x.mem / alloc.memoryGiB) ||
      perTarget.get(y.target)! - perTarget.get(x.target)! ||
      (x.target < y.target ? -1 : x.target > y.target ? 1 : 0),
  );
  if (cap !== Infinity) {
    // a family size that must beat a best so far: it is dearer when the pods do not pack on `cap`
    // nodes; else the fewest that pack, by bisection between the lower bound and `cap`
    if (cap < lb.nodes) return 'dearer';
    let hi = tryPack(order, cap, alloc, opts.zones, type.maxPods - 4);
    if (!hi) return 'dearer';
    let lo = lb.nodes - 1; // packs on hi.length nodes, not known to pack on lo
    while (hi.length - lo > 1) {
      const mid = (lo + hi.length) >> 1;
      const nodes = tryPack(order, mid, alloc, opts.zones, type.maxPods - 4);
      if (nodes) hi = nodes;
      else lo = mid;
    }
    return { type, alloc, nodes: hi };
  }
  for (let n = lb.nodes; n <= pods.length + opts.zones; n++) {
    const nodes = tryPack(order, n, alloc, opts.zones, type.maxPods - 4);
    if (nodes) return { type, alloc, nodes };
  }
  return null;
}

/**
 * The fewest nodes of one type the pods could need (by CPU, memory, pod slots and anti-affinity),
 * or null when a pod does not fit its allocatable: `pack` never returns fewer nodes.
 */
function lowerBound(pods: readonly Pod[], type: InstanceType, opts: Pick<PlacementOptions, 'daemonsetOverhead'>): { alloc: Resources; nodes: number; perTarget: Map<string, number> } | null {
  const a = allocatable(type);
  const alloc = { cpu: a.cpu - opts.daemonsetOverhead.cpu, memoryGiB: a.memoryGiB - opts.daemonsetOverhead.memoryGiB };
  const slots = type.maxPods - 4; // kube-proxy, aws-node, ebs-csi-node and a spare slot
  if (alloc.cpu <= 0 || alloc.memoryGiB <= 0 || slots <= 0) return null;
  const perTarget = new Map<string, number>();
  let cpu = 0;
  let mem = 0;
  for (const p of pods) {
    if (p.cpu > alloc.cpu + 1e-9 || p.mem > alloc.memoryGiB + 1e-9) return null;
    perTarget.set(p.target, (perTarget.get(p.target) ?? 0) + 1);
    cpu += p.cpu;
    mem += p.mem;
  }
  const nodes = Math.max(1, Math.ceil(cpu / alloc.cpu - 1e-9), Math.ceil(mem / alloc.memoryGiB - 1e-9), Math.ceil(pods.length / slots), ...perTarget.values());
  return { alloc, nodes, perTarget };
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
