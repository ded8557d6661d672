/**
 * Sizing: replicas, requests, limits and volumes per target, each with the reasons behind it, and a
 * verdict on whether the (possibly overridden) target carries the workload with `failureTolerance`
 * replicas lost. Four modes:
 * - simple-scalable: write / read / backend / gateway from Grafana's SSD calculator (deprecated mode);
 * - monolithic: one -target=all binary, RF 1, chunks on its volume;
 * - ha-monolithic: 3+ -target=all replicas, RF 3, S3, memberlist, plus the chart's caches;
 * - microservices: per-component sizing from the "Size the cluster" tiers at the daily volume.
 * Headroom (peak, failureTolerance, a zone loss) is one rule for every mode: `headroom()`.
 */
import { fmtBytes, fmtNum, fmtRate, plural } from './format.js';
import { CALCULATOR_NODE, CALCULATOR_SOURCE, calculateClusterSize, STANDARD_WRITE } from './calculator.js';
import { LIMITS } from './coverage.js';
import { ScenarioError } from '../errors.js';
import { cachesOf, CHART_INGESTER_ZONES } from './modes/spec.js';
import type { SizingProfile, TargetProfile, Tier } from './profiles.js';
import type { DeploymentMode, Reason, Resources, Scenario, TargetSizing, Topology, Workload } from './types.js';

/** microservices components sized from the tier tables, in the order the plan lists them */
export const TIER_COMPONENTS = ['distributor', 'ingester', 'querier', 'query-frontend', 'query-scheduler', 'index-gateway', 'compactor'] as const;

/** Zones a target's replicas spread over: the topology's, or fewer where the chart pins them (zone-aware ingesters). */
export const zonesOf = (t: TargetSizing, topo: Topology): number => t.zones ?? topo.zones;

/** Throughput one replica carries at the given requests: the profile figure scaled down (never up). */
export function perReplicaCapacity(p: TargetProfile, req: Resources): number {
  if (p.throughputPerReplica === null) return 0;
  const scale = Math.min(1, req.cpu / p.requests.cpu, req.memoryGiB / p.requests.memoryGiB);
  return p.throughputPerReplica * scale;
}

/** What a pod's throughput is limited by: its CPU or memory request below the profile pod's, else the profile figure. */
function bindingOf(profileReq: Resources, req: Resources): 'throughput' | 'cpu' | 'memory' {
  const c = req.cpu / profileReq.cpu;
  const m = req.memoryGiB / profileReq.memoryGiB;
  if (c >= 1 && m >= 1) return 'throughput';
  return c <= m ? 'cpu' : 'memory';
}

/**
 * Capacity against demand: the ONE comparison sizing, `check`, the plan's verdict and every what-if
 * use, so a plan sized by its own rules always passes its own check. `capacity` holds `demand` when
 * it falls short of it by at most CAPACITY_TOLERANCE of the demand (one part in 10^9: 11.6 B/s at
 * 1 PB/day), which absorbs the last bits of a double (n x per against a demand that is itself a
 * quotient) and nothing a reader could see: figures render to 3 significant digits.
 */
export const CAPACITY_TOLERANCE = 1e-9;

/** True when `capacity` carries `demand` (see CAPACITY_TOLERANCE). */
export function holdsDemand(capacity: number, demand: number): boolean {
  return capacity >= demand * (1 - CAPACITY_TOLERANCE);
}

/** True when `replicas` pods of `per` bytes/s each carry `demand` bytes/s: holdsDemand(replicas x per, demand). */
export function replicasCarry(replicas: number, per: number, demand: number): boolean {
  return holdsDemand(Math.max(0, replicas) * per, demand);
}

/** The fewest replicas of `per` each that carry `demand` (replicasCarry); Infinity when per is 0. */
export function replicasNeeded(demand: number, per: number): number {
  if (demand <= 0) return 0;
  if (!(per > 0)) return Infinity;
  let n = Math.max(0, Math.ceil(demand / per));
  while (n > 0 && replicasCarry(n - 1, per, demand)) n--;
  while (!replicasCarry(n, per, demand)) n++;
  return n;
}

/** Smallest replica count whose survivors carry `demand` after losing `ft` replicas and, with `zones` > 1, a whole zone. */
export function replicasFor(demand: number, per: number, ft: number, zones: number): { ft: number; zone: number } {
  const need = replicasNeeded(demand, per);
  let zone = 0;
  if (zones > 1) {
    // the fewest replicas whose share left after losing the largest zone (ceil(zone / zones)) is
    // >= need; zone - ceil(zone / zones) <= zone (zones - 1) / zones, so none below that bound
    zone = Math.max(need, Math.floor((need * zones) / (zones - 1)) - 1);
    while (zone - Math.ceil(zone / zones) < need) zone++;
  }
  return { ft: need + ft, zone };
}

/** Zone-loss headroom applies only where the scenario asks for it: failures tolerated and more than one zone. */
export const zoneLossAsked = (s: Scenario): boolean => s.deployment.failureTolerance >= 1 && s.deployment.zones > 1;

/**
 * Headroom, applied the same way in every mode and only where the scenario asks for it: replicas a
 * rule's count gets so that its pods carry `demand` (the peak the scenario gives, or a query
 * check), then so that `failureTolerance` replicas may fail, then (failureTolerance >= 1 over more
 * than one zone) so that the replicas left after losing the largest zone's share carry it. It can
 * only add replicas; each addition is a named reason. Targets that are not throughput-sized only
 * keep one replica beyond `failureTolerance` lost.
 */
export function headroom(
  rule: number,
  demand: number | null,
  per: number | null,
  s: Scenario,
  reasons: Reason[],
  o: { what: string; kind: 'peak' | 'throughput'; addFailureTolerance?: boolean; /** the zones the target spreads over (default the scenario's) */ zones?: number },
): number {
  const ft = s.deployment.failureTolerance;
  const zones = o.zones ?? s.deployment.zones;
  if (demand !== null && per) {
    const need = replicasFor(demand, per, ft, zoneLossAsked(s) && zones > 1 ? zones : 1);
    const base = need.ft - ft;
    if (base > rule) {
      reasons.push({ kind: o.kind, text: `${o.what} ${fmtRate(demand)} / ${fmtRate(per)} per replica = ${base}` });
      rule = base;
    }
    if (ft > 0 && need.ft > rule) {
      reasons.push({ kind: 'failure-tolerance', text: `+${need.ft - rule} so ${plural(ft, 'replica')} may fail: ${o.what} ${fmtRate(demand)} / ${fmtRate(per)} per replica + ${ft} = ${need.ft}` });
      rule = need.ft;
    }
    if (need.zone > rule) {
      reasons.push({ kind: 'zone-loss', text: `${need.zone} so that the replicas left after losing one of ${zones} zones carry ${fmtRate(demand)} (failureTolerance ${ft} over ${zones} zones)` });
      rule = need.zone;
    }
  } else if (o.addFailureTolerance !== false && ft > 0 && rule - ft < 1) {
    reasons.push({ kind: 'failure-tolerance', text: `+${ft + 1 - rule} so ${plural(ft, 'replica')} may fail` });
    rule = ft + 1;
  }
  return rule;
}

interface RuleSpec {
  name: string;
  components: string[];
  rule: number;
  reasons: Reason[];
  /** the rule's pod */
  requests: Resources;
  limits: Resources;
  volumeGiB: number;
  demand: number | null;
  /** bytes/s one rule pod carries */
  per: number | null;
  source: string;
  lossDegradesOnly: boolean;
  /** the target holds the mode's ingesters (write quorum) */
  ingester: boolean;
}

/** Applies the scenario's overrides to a rule and judges the result with `failureTolerance` replicas lost. */
function finish(r: RuleSpec, s: Scenario, what: string): TargetSizing {
  const o = s.targets[r.name] ?? {};
  const ft = s.deployment.failureTolerance;
  const rf = s.deployment.replicationFactor;
  const reasons = r.reasons;
  const rule = r.rule;
  const replicas = o.replicas ?? rule;
  const requests: Resources = o.requests ? { ...r.requests, ...o.requests } : r.requests;
  const limits: Resources = o.limits ? { ...r.limits, ...o.limits } : r.limits;
  const overridden = o.replicas !== undefined || o.requests !== undefined || o.limits !== undefined;
  if (overridden) {
    reasons.push({
      kind: 'override',
      text: `scenario sets ${o.replicas !== undefined ? plural(o.replicas, 'replica') : ''}${o.requests || o.limits ? `${o.replicas !== undefined ? ', ' : ''}pod resources` : ''} (rule: ${rule})`,
    });
  }

  const survivors = replicas - ft;
  let capacity: number | null = null;
  let per: number | null = null;
  let binding: TargetSizing['binding'] = null;
  let meets = survivors >= 1 || r.lossDegradesOnly;
  let verdict: string;
  const problems: string[] = [];
  if (limits.cpu < requests.cpu || limits.memoryGiB < requests.memoryGiB) {
    problems.push('limits below requests (Kubernetes rejects the pod)');
    meets = false;
  }
  const ingester = r.ingester;
  if (ingester && replicas < rf) {
    problems.push(`${replicas} ingesters cannot hold replication factor ${rf}`);
    meets = false;
  }
  if (ingester && ft > rf - (Math.floor(rf / 2) + 1)) {
    problems.push(`replication factor ${rf} keeps write quorum through only ${plural(rf - (Math.floor(rf / 2) + 1), 'failure')}`);
    meets = false;
  }
  if (r.demand !== null && r.per) {
    const scale = Math.min(1, requests.cpu / r.requests.cpu, requests.memoryGiB / r.requests.memoryGiB);
    per = r.per * scale;
    binding = bindingOf(r.requests, requests);
    capacity = Math.max(0, survivors) * per;
    const scaled = per < r.per ? ` (scaled to requests ${fmtNum(requests.cpu)} CPU / ${fmtNum(requests.memoryGiB)} GiB)` : '';
    const ok = replicasCarry(Math.max(0, survivors), per, r.demand);
    if (!ok) meets = false;
    verdict = `${ok ? 'carries' : 'does not carry'} ${fmtRate(r.demand)} ${what} at peak with ${plural(ft, 'replica')} lost: ${Math.max(0, survivors)} x ${fmtRate(per)}${scaled} = ${fmtRate(capacity)}`;
    if (!ok) verdict += `; needs ${replicasNeeded(r.demand, per) + ft} replicas at these requests`;
  } else if (r.lossDegradesOnly && survivors < 1) {
    verdict = `${plural(replicas, 'replica')}: losing ${ft} degrades (${r.name === 'compactor' ? 'compaction and retention pause' : 'cache misses go to S3'}) but does not stop ingest`;
  } else {
    verdict = survivors >= 1 ? `${survivors} of ${plural(replicas, 'replica')} left with ${ft} lost` : `no replica left with ${ft} lost`;
  }
  if (problems.length) verdict += `; ${problems.join('; ')}`;

  return {
    name: r.name,
    components: r.components,
    replicas,
    ruleReplicas: rule,
    requests,
    limits,
    volumeGiB: o.volumeGiB ?? r.volumeGiB,
    spotReplicas: Math.floor(replicas * (s.compute.spot[r.name] ?? 0)),
    committedReplicas: Math.min(Math.floor(replicas * (s.compute.committed[r.name] ?? 0)), replicas - Math.floor(replicas * (s.compute.spot[r.name] ?? 0))),
    overridden,
    reasons,
    demandBytesPerSecond: r.demand,
    capacityBytesPerSecond: capacity,
    meetsTarget: meets,
    verdict,
    profileSource: r.source,
    perReplicaBytesPerSecond: per,
    binding,
    lossDegradesOnly: r.lossDegradesOnly,
  };
}

const CACHES: readonly string[] = ['chunks-cache', 'results-cache'];

/** The calculator's cluster at the scenario's daily volume, with the profile's write pod rate (a calibrated profile changes it). */
function calculatorCluster(profile: SizingProfile, w: Workload) {
  const rate = profile.targets.write.throughputPerReplica ?? STANDARD_WRITE.rateBytesSecond;
  return calculateClusterSize({ ...CALCULATOR_NODE, writePod: { ...CALCULATOR_NODE.writePod, rateBytesSecond: rate } }, w.bytesPerDay, 'basic');
}

/** A target sized from its profile pod (simple-scalable and ha-monolithic targets; microservices' ruler, gateway and caches). */
export function sizeTarget(name: string, p: TargetProfile, s: Scenario, w: Workload, profile: SizingProfile, ingester = false): TargetSizing {
  const rf = s.deployment.replicationFactor;
  const reasons: Reason[] = [];
  const demand =
    p.throughputOf === 'ingest' ? w.peakBytesPerSecond : p.throughputOf === 'query' ? w.queryPeakBytesPerSecond : null;
  const ssd = s.deployment.mode === 'simple-scalable';
  const at = `${fmtBytes(w.bytesPerDay, false)}/day`;

  let rule = p.minReplicas;
  if (ssd && (name === 'write' || name === 'read')) {
    // Grafana's calculator: write = max(3, ceil(daily ingest / 86400 / 3 MiB/s)); read from its node packing
    const c = calculatorCluster(profile, w);
    rule = name === 'write' ? c.totalWriteReplicas : c.totalReadReplicas;
    const perWrite = profile.targets.write.throughputPerReplica ?? STANDARD_WRITE.rateBytesSecond;
    const exact = w.bytesPerDay / 86400 / perWrite;
    reasons.push({
      kind: 'throughput',
      text:
        name === 'write'
          ? `Grafana's SSD calculator at ${at}: max(3, ceil(${fmtRate(w.bytesPerDay / 86400)} / ${fmtRate(perWrite)})) = max(3, ${Math.ceil(exact - 1e-12)}) = ${rule} write pods`
          : `Grafana's SSD calculator at ${at}: read pods packed one beside each of its ${c.totalWriteReplicas} write pods on ${CALCULATOR_NODE.name} (${CALCULATOR_NODE.cores} cores), at least 3 = ${rule}`,
    });
    if (name === 'read') {
      rule = headroom(rule, demand, p.throughputPerReplica, s, reasons, { what: 'query check: peak query throughput', kind: 'throughput' });
    } else {
      rule = headroom(rule, demand, p.throughputPerReplica, s, reasons, { what: 'peak ingest', kind: 'peak' });
    }
  } else if (demand !== null && p.throughputPerReplica) {
    // sized at the daily average like the calculator; the peak is headroom
    const avg = p.throughputOf === 'ingest' ? w.avgBytesPerSecond : w.queryAvgBytesPerSecond;
    const need = replicasNeeded(avg, p.throughputPerReplica);
    const what = p.throughputOf === 'ingest' ? 'ingest' : 'query throughput';
    rule = Math.max(need, p.minReplicas);
    reasons.push({ kind: 'throughput', text: `average ${what} ${fmtRate(avg)} / ${fmtRate(p.throughputPerReplica)} per replica = ${need}` });
    if (need < p.minReplicas) reasons.push({ kind: 'ha-minimum', text: `at least ${p.minReplicas} replicas (HA minimum)` });
    rule = headroom(rule, demand, p.throughputPerReplica, s, reasons, { what: `peak ${what}`, kind: 'peak' });
    if (p.queryThroughputPerReplica) {
      rule = headroom(rule, w.queryPeakBytesPerSecond, p.queryThroughputPerReplica, s, reasons, { what: 'query check: peak query throughput', kind: 'throughput' });
    }
  } else {
    reasons.push({ kind: p.minReplicas > 1 ? 'ha-minimum' : 'fixed', text: `${plural(p.minReplicas, 'replica')} by rule` });
    const before = rule;
    rule = headroom(rule, null, null, s, reasons, { what: '', kind: 'throughput', addFailureTolerance: p.addFailureTolerance });
    if (p.maxReplicas !== null && rule > before) {
      const capped = Math.max(before, Math.min(rule, p.maxReplicas));
      if (capped < rule) reasons.push({ kind: 'fixed', text: `at most ${p.maxReplicas} replicas by rule` });
      rule = capped;
    }
  }
  if (ingester && rule < rf) {
    reasons.push({ kind: 'quorum', text: `at least ${rf} ingesters for replication factor ${rf}` });
    rule = rf;
  }
  if (p.calibrated) reasons.push({ kind: 'fixed', text: p.calibrated });
  return finish(
    {
      name,
      components: p.components,
      rule,
      reasons,
      requests: p.requests,
      limits: p.limits,
      volumeGiB: p.volumeGiB,
      demand,
      per: p.throughputPerReplica,
      source: p.source,
      lossDegradesOnly: CACHES.includes(name),
      ingester,
    },
    s,
    p.throughputOf === 'query' ? 'of queries' : 'of ingest',
  );
}

// ---- microservices: the "Size the cluster" tiers at the daily volume ----

const TB = 1e12;
const fmtTB = (bytesPerDay: number) => `${fmtNum(bytesPerDay / TB)} TB/day`;

/**
 * Index of the tier a daily volume falls in, with the boundaries where the docs put them: a tier
 * applies above its `fromBytesPerDay`, and from it inclusive when the tier is anchored at its own
 * start ("~1PB/month (30TB/day)" is the tier for 30 TB/day). So 3 TB/day is the first tier ("Less
 * than 100TB/month (3TB/day)"), just above it the 3-30 TB/day tier, and 30 TB/day the third.
 */
export function tierIndex(tiers: readonly Tier[], bytesPerDay: number): number {
  let k = 0;
  for (let i = 1; i < tiers.length; i++) {
    const t = tiers[i]!;
    if (bytesPerDay > t.fromBytesPerDay || (t.fromBytesPerDay === t.anchorBytesPerDay && bytesPerDay >= t.fromBytesPerDay)) k = i;
  }
  return k;
}

export interface TierReading {
  replicas: number;
  text: string;
  /** the replicas the docs' table gives for this tier, when the plan's rule departs from them (between anchors, beyond the last) */
  published: number;
}

/**
 * Replicas of one component at a daily volume, always with the tier's own pods:
 * - up to the first tier's anchor (3 TB/day), the first tier as published (never fewer);
 * - inside a range tier (3-30 TB/day), linear in TB/day from the tier below's replicas at its
 *   anchor to this tier's at its anchor (the table gives its count for the whole range: a
 *   departure the plan states with both figures), rounded up;
 * - at or beyond a tier anchored at its start (30 TB/day), its replicas scaled by volume / anchor;
 * `fixed` components (compactor, query-scheduler) take the tier's count as published.
 */
export function tierReplicas(tiers: readonly Tier[], name: string, bytesPerDay: number, fixed: boolean): TierReading {
  const k = tierIndex(tiers, bytesPerDay);
  const t = tiers[k]!;
  const pod = t.components[name]!;
  const at = `${fmtTB(bytesPerDay)}`;
  const pods = `pods of ${fmtNum(pod.cpu)} CPU / ${fmtNum(pod.memoryGiB)} GiB`;
  if (fixed || (k === 0 && bytesPerDay <= t.anchorBytesPerDay)) {
    return { replicas: pod.replicas, published: pod.replicas, text: `"Size the cluster" tier ${t.name} at ${at}: ${pod.replicas} x ${fmtNum(pod.cpu)} CPU / ${fmtNum(pod.memoryGiB)} GiB` };
  }
  if (bytesPerDay < t.anchorBytesPerDay) {
    const lo = tiers[k - 1]!;
    const a = lo.components[name]!.replicas;
    const f = (bytesPerDay - lo.anchorBytesPerDay) / (t.anchorBytesPerDay - lo.anchorBytesPerDay);
    const exact = a + (pod.replicas - a) * f;
    const replicas = Math.min(pod.replicas, Math.max(a, Math.ceil(exact - 1e-9)));
    return {
      replicas,
      published: pod.replicas,
      text: `"Size the cluster" tier ${t.name} at ${at}: ${a} (${lo.name}, at ${fmtTB(lo.anchorBytesPerDay)}) + (${pod.replicas} - ${a}) x ${fmtNum(f)} toward the tier's ${pod.replicas} (at ${fmtTB(t.anchorBytesPerDay)}) = ${fmtNum(exact)} -> ${replicas}, ${pods}`,
    };
  }
  const exact = (pod.replicas * bytesPerDay) / t.anchorBytesPerDay;
  const replicas = Math.max(pod.replicas, Math.ceil(exact - 1e-9));
  return {
    replicas,
    published: pod.replicas,
    text:
      replicas === pod.replicas
        ? `"Size the cluster" tier ${t.name} at ${at}: ${pod.replicas} x ${fmtNum(pod.cpu)} CPU / ${fmtNum(pod.memoryGiB)} GiB`
        : `"Size the cluster" tier ${t.name}: ${pod.replicas} at ${fmtTB(t.anchorBytesPerDay)} x ${at} / ${fmtTB(t.anchorBytesPerDay)} = ${fmtNum(exact)} -> ${replicas}, ${pods}`,
  };
}

/** Microservices targets from the tiers; `zoneAware`: ingesters replicate zone-aware (one StatefulSet per zone). */
export function sizeMicroservices(s: Scenario, w: Workload, profile: SizingProfile, zoneAware: boolean): { targets: TargetSizing[]; tier: string } {
  const ms = profile.microservices;
  const rf = s.deployment.replicationFactor;
  const zones = s.deployment.zones;
  // the tiers are indexed by daily volume (and are p90-based already); a peak adds replicas below
  const volume = w.bytesPerDay;
  const k = tierIndex(ms.tiers, volume);
  const tier = ms.tiers[k]!;
  const targets: TargetSizing[] = [];
  for (const name of TIER_COMPONENTS) {
    const c = ms.components[name]!;
    const pod = tier.components[name]!;
    const cal = ms.calibrated?.[name];
    const reasons: Reason[] = [];
    const t = tierReplicas(ms.tiers, name, volume, c.scaling === 'fixed');
    let requests: Resources = { cpu: pod.cpu, memoryGiB: pod.memoryGiB };
    let rule = t.replicas;
    let demand: number | null = null;
    let per: number | null = null;
    let source = `${ms.source}; limits: ${ms.limitSource}; volume: ${ms.volumeSource}`;
    if (cal) {
      requests = { cpu: cal.atCpu, memoryGiB: cal.atMemoryGiB ?? pod.memoryGiB };
      rule = name === 'ingester' ? rf : 2;
      reasons.push({ kind: 'fixed', text: `${cal.note}: ${fmtRate(cal.throughputPerReplica)} per replica at ${fmtNum(requests.cpu)} CPU` });
      source = `${cal.note}; ${source}`;
    } else {
      reasons.push({ kind: 'throughput', text: t.text });
    }
    if (c.scaling === 'ingest') {
      demand = w.peakBytesPerSecond;
      // the component's stated capacity: what one of the tier's pods carries, the tier's volume at
      // its anchor over its replicas there, or (inside a range) the volume over the rule's replicas,
      // whichever is more; so a peak factor of 1 adds nothing to the table
      per = cal ? cal.throughputPerReplica : Math.max(tier.anchorBytesPerDay / pod.replicas, volume / t.replicas) / 86400;
    } else if (c.scaling === 'query') {
      demand = w.queryPeakBytesPerSecond;
      per = cal ? cal.throughputPerReplica : ms.querierQueryBytesPerSecondPerCpu * pod.cpu;
      if (!cal) source += `; query throughput: ${ms.querierSource}`;
    }
    // zone-aware ingesters lose a third of their replicas with a zone, in any number of cluster zones
    const spread = name === 'ingester' && zoneAware ? CHART_INGESTER_ZONES : zones;
    rule = headroom(rule, demand, per, s, reasons, {
      what: c.scaling === 'ingest' ? 'peak ingest' : 'query check: peak queries',
      kind: c.scaling === 'ingest' ? 'peak' : 'throughput',
      addFailureTolerance: c.scaling !== 'fixed',
      zones: spread,
    });
    if (name === 'ingester') {
      if (rule < rf) {
        reasons.push({ kind: 'quorum', text: `at least ${rf} ingesters for replication factor ${rf}` });
        rule = rf;
      }
      if (zoneAware && rule % CHART_INGESTER_ZONES !== 0) {
        const r = Math.ceil(rule / CHART_INGESTER_ZONES) * CHART_INGESTER_ZONES;
        reasons.push({ kind: 'quorum', text: `zone-aware replication: ${r}, as the Helm chart deploys ${rule}: three zone StatefulSets (zoneA/B/C) of ceil(${rule}/3) = ${r / 3} each` });
        rule = r;
      }
      const set = s.targets['ingester']?.replicas;
      if (zoneAware && set !== undefined && set % CHART_INGESTER_ZONES !== 0) {
        const r = Math.ceil(set / CHART_INGESTER_ZONES) * CHART_INGESTER_ZONES;
        throw new ScenarioError(s.file, 'targets.ingester.replicas', `${set} zone-aware ingesters: the Helm chart deploys three zone StatefulSets of ceil(${set}/3) each, ${r} ingesters; set a multiple of 3 (${r - 3 > 0 ? `${r - 3} or ` : ''}${r})`);
      }
    }
    const limits = { cpu: requests.cpu * ms.limitFactor.cpu, memoryGiB: requests.memoryGiB * ms.limitFactor.memoryGiB };
    const sized = finish(
      { name, components: c.components, rule, reasons, requests, limits, volumeGiB: c.volumeGiB, demand, per, source, lossDegradesOnly: name === 'compactor', ingester: name === 'ingester' },
      s,
      c.scaling === 'query' ? 'of queries' : 'of ingest',
    );
    if (spread !== zones) sized.zones = spread;
    targets.push(sized);
  }
  targets.push(sizeTarget('ruler', ms.ruler, s, w, profile));
  for (const name of ['gateway', ...cachesOf(s)] as const) targets.push(sizeTarget(name, profile.targets[name], s, w, profile));
  return { targets, tier: tier.name };
}

/** What the simple-scalable rules assume (one constant line). */
export const SSD_ASSUMPTIONS: readonly { text: string; source: string }[] = Object.freeze([
  Object.freeze({
    text: `simple-scalable write and read replicas are Grafana's SSD calculator at the daily average ingest (node type ${CALCULATOR_NODE.name}, ${CALCULATOR_NODE.cores} cores: one read pod per write pod; query performance Basic), with its pods in its units (6 GB = 6 x 10^9 bytes); the peak, failureTolerance and a zone loss (failureTolerance >= 1 over 2+ zones) add replicas as named reasons; query throughput (768 MiB/s per read pod, the calculator's output figure) is a check that can only add read pods`,
    source: CALCULATOR_SOURCE,
  }),
]);

/** What the microservices rules assume, plus where the plan departs from the tier table at this volume. */
export function microservicesAssumptions(s: Scenario, w: Workload, profile: SizingProfile): { text: string; source: string }[] {
  return [
    {
      text: '"Size the cluster" tiers read at the daily average ingest (they are p90-based), with each tier\'s own pods: up to 3 TB/day the first tier, above it the 3-30 TB/day tier, from 30 TB/day the third; the peak (through each tier\'s volume per replica), failureTolerance and a zone loss (failureTolerance >= 1 over 2+ zones) add replicas of those pods, never a bigger tier\'s',
      source: profile.microservices.source,
    },
    ...tierDepartures(s, w, profile),
  ];
}

/**
 * Where the microservices plan departs from the docs' table on purpose, with both figures: inside the
 * 3-30 TB/day range (the table gives one count for the whole range) and beyond 30 TB/day.
 */
export function tierDepartures(s: Scenario, w: Workload, profile: SizingProfile): { text: string; source: string }[] {
  if (s.deployment.mode !== 'microservices') return [];
  const ms = profile.microservices;
  const parts: string[] = [];
  for (const name of TIER_COMPONENTS) {
    if (ms.calibrated?.[name]) continue;
    const t = tierReplicas(ms.tiers, name, w.bytesPerDay, ms.components[name]!.scaling === 'fixed');
    if (t.replicas !== t.published) parts.push(`${name} ${t.published} -> ${t.replicas}`);
  }
  if (!parts.length) return [];
  const tier = ms.tiers[tierIndex(ms.tiers, w.bytesPerDay)]!;
  const why =
    w.bytesPerDay < tier.anchorBytesPerDay
      ? `the table gives the ${tier.name} tier one count for its whole range; lokiplan ramps each count linearly from the tier below's (at ${fmtTB(ms.tiers[tierIndex(ms.tiers, w.bytesPerDay) - 1]!.anchorBytesPerDay)}) to the tier's (at ${fmtTB(tier.anchorBytesPerDay)}) so that the plan grows continuously with volume`
      : `the table stops at ${fmtTB(tier.anchorBytesPerDay)}; lokiplan scales the ${tier.name} counts by volume`;
  return [{ text: `"Size the cluster" at ${fmtTB(w.bytesPerDay)}, table -> plan replicas (base, before headroom): ${parts.join(', ')}: ${why}`, source: ms.source }];
}

// ---- mode: auto ----

/** Daily volume one monolithic binary carries (Loki docs) and the top of HA-monolithic's range. */
export const MODE_THRESHOLDS = {
  monolithicBytesPerDay: 20e9,
  haMonolithicBytesPerDay: 1e12,
  source:
    'Loki docs, deployment modes: monolithic "up to approximately 20GB per day"; HA monolithic "replaces the deprecated Simple Scalable Deployment (SSD), which will be removed in Loki 4.0", which the Helm chart gives "up to about 1TB/day"; chart: Distributed "typically over 1TB/day"; docs: microservices for very large clusters',
} as const;

/** The mode lokiplan recommends for a daily volume, and why. Simple-scalable is never recommended: it is deprecated. */
export function recommendMode(bytesPerDay: number, failureTolerance: number): { mode: DeploymentMode; reason: string } {
  const v = fmtBytes(bytesPerDay, false);
  const t = MODE_THRESHOLDS;
  if (failureTolerance === 0 && bytesPerDay <= t.monolithicBytesPerDay) {
    return {
      mode: 'monolithic',
      reason: `mode auto -> monolithic: ${v}/day is within the ~20 GB/day one binary carries (Loki docs, deployment modes) and failureTolerance 0 asks for no HA`,
    };
  }
  if (bytesPerDay <= t.haMonolithicBytesPerDay) {
    const why = bytesPerDay <= t.monolithicBytesPerDay ? `failureTolerance ${failureTolerance} needs HA, which one monolithic binary lacks` : `${v}/day is above the ~20 GB/day of one monolithic binary`;
    return {
      mode: 'ha-monolithic',
      reason: `mode auto -> ha-monolithic: ${why}; up to about 1 TB/day HA monolithic (3+ -target=all replicas, RF 3) is Grafana's replacement for the deprecated simple-scalable mode (Loki docs, deployment modes; Helm chart: SSD "up to about 1TB/day")`,
    };
  }
  return {
    mode: 'microservices',
    reason: `mode auto -> microservices: ${v}/day is above about 1 TB/day, where the grafana/loki Helm chart recommends Distributed ("typically over 1TB/day") and the Loki docs recommend microservices for large clusters that need per-component scaling; simple-scalable is deprecated (removed in Loki 4.0)`,
  };
}

// ---- monolithic ----

/** Bytes of chunks the monolithic volume holds at steady state (one copy, whole retention). */
export function monolithicChunkBytes(s: Scenario, w: Workload): number {
  return (w.bytesPerDay / s.storage.compressionRatio) * s.retentionDays;
}

export function sizeMonolithic(s: Scenario, w: Workload, profile: SizingProfile): TargetSizing {
  const p = profile.monolithic;
  const o = s.targets['monolithic'] ?? {};
  const ft = s.deployment.failureTolerance;
  const chunks = monolithicChunkBytes(s, w);
  const needGiB = Math.ceil((chunks * (1 + p.volumeHeadroom)) / 2 ** 30);
  const volumeGiB = o.volumeGiB ?? needGiB;
  const replicas = o.replicas ?? 1;
  const reasons: Reason[] = [
    { kind: 'fixed', text: 'monolithic runs one binary (-target=all), replication factor 1' },
    {
      kind: 'retention',
      text: `chunks volume: ${fmtBytes(w.bytesPerDay, false)}/day / compression ${fmtNum(s.storage.compressionRatio)} x ${fmtNum(s.retentionDays)} days + ${fmtNum(p.volumeHeadroom * 100)}% free = ${needGiB} GiB`,
    },
  ];
  if (o.volumeGiB !== undefined) reasons.push({ kind: 'override', text: `scenario sets a ${fmtNum(o.volumeGiB)} GiB volume (rule: ${needGiB} GiB)` });
  const problems: string[] = [];
  if (!holdsDemand(p.capacityBytesPerDay, w.bytesPerDay)) {
    problems.push(`ingest ${fmtBytes(w.bytesPerDay, false)}/day is ${fmtNum(w.bytesPerDay / p.capacityBytesPerDay)}x the ~${fmtBytes(p.capacityBytesPerDay, false)}/day one binary carries`);
  }
  if (volumeGiB * 2 ** 30 < chunks) {
    problems.push(`the ${fmtNum(volumeGiB)} GiB volume holds ${fmtNum((volumeGiB * 2 ** 30) / (chunks / s.retentionDays))} days of chunks, not ${fmtNum(s.retentionDays)}`);
  }
  if (volumeGiB > LIMITS.gp3MaxGiB) problems.push(`a ${fmtNum(volumeGiB)} GiB volume is larger than gp3's ${fmtNum(LIMITS.gp3MaxGiB)} GiB maximum`);
  if (ft > 0) problems.push(`one replica cannot tolerate ${plural(ft, 'failure')}`);
  if (replicas !== 1) problems.push(`monolithic mode runs exactly one replica, scenario sets ${replicas}`);
  const meets = problems.length === 0;
  const requests = { ...p.requests, ...o.requests };
  const capacity = p.capacityBytesPerDay / 86400;
  return {
    name: 'monolithic',
    components: p.components,
    replicas,
    ruleReplicas: 1,
    requests,
    limits: { ...p.limits, ...o.limits },
    volumeGiB,
    spotReplicas: 0,
    committedReplicas: Math.floor(replicas * (s.compute.committed['monolithic'] ?? 0)),
    overridden: o.replicas !== undefined || o.requests !== undefined || o.limits !== undefined || o.volumeGiB !== undefined,
    reasons,
    demandBytesPerSecond: w.avgBytesPerSecond,
    capacityBytesPerSecond: capacity,
    meetsTarget: meets,
    verdict: meets
      ? `carries ${fmtBytes(w.bytesPerDay, false)}/day within ~${fmtBytes(p.capacityBytesPerDay, false)}/day`
      : problems.join('; '),
    profileSource: `${p.source}; capacity: ${p.capacitySource}`,
    perReplicaBytesPerSecond: capacity,
    binding: 'throughput',
    lossDegradesOnly: false,
  };
}
