/**
 * Sizing: replicas, requests, limits and volumes per target, each with the reasons behind it, and a
 * verdict on whether the (possibly overridden) target carries the workload.
 */
import { fmtBytes, fmtNum, fmtRate } from './format.js';
import { LIMITS } from './limits.js';
import type { SizingProfile, TargetProfile } from './profiles.js';
import type { DeploymentMode, Reason, Resources, Scenario, TargetSizing, Topology, Workload } from './types.js';

const SSD_TARGETS = ['write', 'read', 'backend', 'gateway'] as const;

export function targetsOf(mode: DeploymentMode): readonly string[] {
  return mode === 'monolithic' ? ['monolithic'] : SSD_TARGETS;
}

export function size(s: Scenario, w: Workload, profile: SizingProfile): Topology {
  const targets =
    s.deployment.mode === 'monolithic'
      ? [sizeMonolithic(s, w, profile)]
      : SSD_TARGETS.map((t) => sizeTarget(t, profile.targets[t], s, w));
  return {
    mode: s.deployment.mode,
    replicationFactor: s.deployment.replicationFactor,
    zones: s.deployment.zones,
    targets,
    profileId: profile.id,
  };
}

/** Throughput one replica carries at the given requests: the profile figure scaled down (never up). */
export function perReplicaCapacity(p: TargetProfile, req: Resources): number {
  if (p.throughputPerReplica === null) return 0;
  const scale = Math.min(1, req.cpu / p.requests.cpu, req.memoryGiB / p.requests.memoryGiB);
  return p.throughputPerReplica * scale;
}

function sizeTarget(name: string, p: TargetProfile, s: Scenario, w: Workload): TargetSizing {
  const o = s.targets[name] ?? {};
  const ft = s.deployment.failureTolerance;
  const rf = s.deployment.replicationFactor;
  const reasons: Reason[] = [];
  const demand =
    p.throughputOf === 'ingest' ? w.peakBytesPerSecond : p.throughputOf === 'query' ? w.queryPeakBytesPerSecond : null;

  let rule = p.minReplicas;
  if (demand !== null && p.throughputPerReplica) {
    const need = Math.ceil(demand / p.throughputPerReplica);
    const what = p.throughputOf === 'ingest' ? 'peak ingest' : 'peak query throughput';
    reasons.push({
      kind: 'throughput',
      text: `${what} ${fmtRate(demand)} / ${fmtRate(p.throughputPerReplica)} per replica = ${need}`,
    });
    if (need < p.minReplicas) {
      reasons.push({ kind: 'ha-minimum', text: `at least ${p.minReplicas} replicas (HA minimum)` });
    }
    rule = Math.max(need, p.minReplicas);
  } else {
    reasons.push({ kind: p.minReplicas > 1 ? 'ha-minimum' : 'fixed', text: `${p.minReplicas} replica(s) by rule` });
  }
  if (name === 'write' && rule < rf) {
    reasons.push({ kind: 'quorum', text: `at least ${rf} ingesters for replication factor ${rf}` });
    rule = rf;
  }
  if (p.addFailureTolerance && ft > 0) {
    const before = rule;
    rule += ft;
    if (p.maxReplicas !== null) rule = Math.min(rule, Math.max(p.maxReplicas, before));
    if (rule > before) reasons.push({ kind: 'failure-tolerance', text: `+${rule - before} so ${ft} replica(s) may fail` });
  }

  const replicas = o.replicas ?? rule;
  const requests: Resources = { ...p.requests, ...o.requests };
  const limits: Resources = { ...p.limits, ...o.limits };
  const overridden = o.replicas !== undefined || o.requests !== undefined || o.limits !== undefined;
  if (overridden) {
    reasons.push({
      kind: 'override',
      text: `scenario sets ${o.replicas !== undefined ? `${o.replicas} replicas` : ''}${o.requests || o.limits ? `${o.replicas !== undefined ? ', ' : ''}pod resources` : ''} (rule: ${rule})`,
    });
  }

  // verdict
  const survivors = replicas - ft;
  let capacity: number | null = null;
  let meets = survivors >= 1;
  let verdict: string;
  const problems: string[] = [];
  if (limits.cpu < requests.cpu || limits.memoryGiB < requests.memoryGiB) {
    problems.push('limits below requests (Kubernetes rejects the pod)');
    meets = false;
  }
  if (name === 'write' && replicas < rf) {
    problems.push(`${replicas} ingesters cannot hold replication factor ${rf}`);
    meets = false;
  }
  if (name === 'write' && ft > rf - (Math.floor(rf / 2) + 1)) {
    problems.push(`replication factor ${rf} keeps write quorum through only ${rf - (Math.floor(rf / 2) + 1)} failure(s)`);
    meets = false;
  }
  if (demand !== null && p.throughputPerReplica) {
    const per = perReplicaCapacity(p, requests);
    capacity = Math.max(0, survivors) * per;
    const scaled = per < p.throughputPerReplica ? ` (scaled to requests ${fmtNum(requests.cpu)} CPU / ${fmtNum(requests.memoryGiB)} GiB)` : '';
    const ok = capacity >= demand;
    if (!ok) meets = false;
    verdict = `${ok ? 'carries' : 'does not carry'} ${fmtRate(demand)} at peak with ${ft} replica(s) lost: ${Math.max(0, survivors)} x ${fmtRate(per)}${scaled} = ${fmtRate(capacity)}`;
    if (!ok) verdict += `; needs ${Math.ceil(demand / (per || Infinity)) + ft} replicas at these requests`;
  } else {
    verdict = survivors >= 1 ? `${survivors} of ${replicas} replica(s) left with ${ft} lost` : `no replica left with ${ft} lost`;
  }
  if (problems.length) verdict += `; ${problems.join('; ')}`;

  return {
    name,
    components: p.components,
    replicas,
    ruleReplicas: rule,
    requests,
    limits,
    volumeGiB: o.volumeGiB ?? p.volumeGiB,
    spotReplicas: Math.floor(replicas * (s.compute.spot[name] ?? 0)),
    overridden,
    reasons,
    demandBytesPerSecond: demand,
    capacityBytesPerSecond: capacity,
    meetsTarget: meets,
    verdict,
    profileSource: p.source,
  };
}

/** Bytes of chunks the monolithic volume holds at steady state (one copy, whole retention). */
export function monolithicChunkBytes(s: Scenario, w: Workload): number {
  return (w.bytesPerDay / s.storage.compressionRatio) * s.retentionDays;
}

function sizeMonolithic(s: Scenario, w: Workload, profile: SizingProfile): TargetSizing {
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
  if (w.bytesPerDay > p.capacityBytesPerDay) {
    problems.push(`ingest ${fmtBytes(w.bytesPerDay, false)}/day is ${fmtNum(w.bytesPerDay / p.capacityBytesPerDay)}x the ~${fmtBytes(p.capacityBytesPerDay, false)}/day one binary carries`);
  }
  if (volumeGiB * 2 ** 30 < chunks) {
    problems.push(`the ${fmtNum(volumeGiB)} GiB volume holds ${fmtNum((volumeGiB * 2 ** 30) / (chunks / s.retentionDays))} days of chunks, not ${fmtNum(s.retentionDays)}`);
  }
  if (volumeGiB > LIMITS.gp3MaxGiB) problems.push(`a ${fmtNum(volumeGiB)} GiB volume is larger than gp3's ${fmtNum(LIMITS.gp3MaxGiB)} GiB maximum`);
  if (ft > 0) problems.push(`one replica cannot tolerate ${ft} failure(s)`);
  if (replicas !== 1) problems.push(`monolithic mode runs exactly one replica, scenario sets ${replicas}`);
  const meets = problems.length === 0;
  return {
    name: 'monolithic',
    components: p.components,
    replicas,
    ruleReplicas: 1,
    requests: { ...p.requests, ...o.requests },
    limits: { ...p.limits, ...o.limits },
    volumeGiB,
    spotReplicas: 0,
    overridden: o.replicas !== undefined || o.requests !== undefined || o.limits !== undefined || o.volumeGiB !== undefined,
    reasons,
    demandBytesPerSecond: w.avgBytesPerSecond,
    capacityBytesPerSecond: p.capacityBytesPerDay / 86400,
    meetsTarget: meets,
    verdict: meets
      ? `carries ${fmtBytes(w.bytesPerDay, false)}/day within ~${fmtBytes(p.capacityBytesPerDay, false)}/day`
      : problems.join('; '),
    profileSource: `${p.source}; capacity: ${p.capacitySource}`,
  };
}
