/**
 * Sizing profiles: the per-pod throughput and resource figures, as versioned data with sources.
 * The default profile is `profiles/grafana-loki.json`, embedded in the bundle; a user profile
 * (`--profile FILE`, parsed in src/scenario/profile.ts) extends it and may calibrate pods from
 * measurements. Figures marked `estimate` are lokiplan's own, with the reasoning in `source`.
 */
import data from '../../profiles/grafana-loki.json' with { type: 'json' };
import type { Resources } from './types.js';

export interface TargetProfile {
  components: string[];
  requests: Resources;
  limits: Resources;
  /** bytes/s one replica carries at `requests`; what it measures is `throughputOf` */
  throughputPerReplica: number | null;
  throughputOf: 'ingest' | 'query' | null;
  /** query bytes/s one replica also carries (single binaries run both paths) */
  queryThroughputPerReplica?: number;
  /** memcached memory (MB) for cache targets; the pod requests 1.2x */
  allocatedMemoryMB?: number;
  minReplicas: number;
  maxReplicas: number | null;
  /** replicas added for failure tolerance */
  addFailureTolerance: boolean;
  volumeGiB: number;
  source: string;
  estimate: boolean;
  /** set when a user profile calibrated this pod from a measurement */
  calibrated?: string;
}

export interface MonolithicProfile extends TargetProfile {
  /** raw ingest one binary carries, bytes/day */
  capacityBytesPerDay: number;
  capacitySource: string;
  /** free space kept on the chunks volume, fraction of the data */
  volumeHeadroom: number;
}

/** One row of a "Size the cluster" tier: per-replica CPU / memory and replicas. */
export interface TierPod {
  cpu: number;
  memoryGiB: number;
  replicas: number;
}

export interface Tier {
  name: string;
  /** the tier applies above this daily volume (bytes/day) */
  fromBytesPerDay: number;
  /** the daily volume the published deployment is read as sized for (bytes/day) */
  anchorBytesPerDay: number;
  components: Record<string, TierPod>;
}

export type TierScaling = 'ingest' | 'query' | 'table' | 'fixed';

export interface MicroservicesProfile {
  source: string;
  tiers: Tier[];
  components: Record<string, { components: string[]; scaling: TierScaling; volumeGiB: number }>;
  limitFactor: Resources;
  limitSource: string;
  volumeSource: string;
  querierQueryBytesPerSecondPerCpu: number;
  querierSource: string;
  ruler: TargetProfile;
  /** measured per-replica figures that replace the tier-derived ones (from a calibrated profile) */
  calibrated?: Record<string, { throughputPerReplica: number; atCpu: number; atMemoryGiB: number | null; note: string }>;
}

export type ProfileTarget = 'write' | 'read' | 'backend' | 'gateway' | 'single-binary' | 'chunks-cache' | 'results-cache';

export interface SizingProfile {
  schema?: string;
  id: string;
  version: string;
  description: string;
  targets: Record<ProfileTarget, TargetProfile>;
  monolithic: MonolithicProfile;
  microservices: MicroservicesProfile;
  /** daemonset requests per node (aws-node, kube-proxy, ebs-csi-node) */
  daemonsetOverhead: Resources;
  daemonsetSource: string;
}

export const DEFAULT_PROFILE: SizingProfile = data as unknown as SizingProfile;

/** "id@version", as plans report it. */
export const profileLabel = (p: SizingProfile): string => `${p.id}@${p.version}`;

/** A measurement: one pod carried `throughput` bytes/s at `atCpu` vCPU (and `atMemoryGiB`). */
export interface Measurement {
  throughput: number;
  atCpu: number;
  atMemoryGiB?: number;
  source: string;
}

/** Targets and microservices components a measurement can calibrate, and what they measure. */
export const CALIBRATABLE: Record<string, 'ingest' | 'query'> = {
  write: 'ingest',
  read: 'query',
  'single-binary': 'ingest',
  ingester: 'ingest',
  distributor: 'ingest',
  querier: 'query',
};

/**
 * A profile calibrated from measurements: the measured pod becomes the profile pod (requests =
 * the measured CPU and memory, limits raised to at least those), and its throughput is the
 * measured one. Pure; returns a new profile.
 */
export function calibrate(
  base: SizingProfile,
  id: string,
  version: string,
  description: string,
  measured: Record<string, Measurement>,
): SizingProfile {
  const p: SizingProfile = structuredClone(base);
  p.id = id;
  p.version = version;
  p.description = description;
  for (const [name, m] of Object.entries(measured)) {
    const note = `calibrated: ${m.source}`;
    const t = p.targets[name as ProfileTarget];
    if (t) {
      const requests = { cpu: m.atCpu, memoryGiB: m.atMemoryGiB ?? t.requests.memoryGiB };
      t.requests = requests;
      t.limits = { cpu: Math.max(t.limits.cpu, requests.cpu), memoryGiB: Math.max(t.limits.memoryGiB, requests.memoryGiB) };
      if (t.throughputOf === 'query' && name === 'read') t.throughputPerReplica = m.throughput;
      else if (name === 'single-binary' || name === 'write') t.throughputPerReplica = m.throughput;
      t.calibrated = note;
      t.source = `${note}; other figures: ${t.source}`;
      continue;
    }
    p.microservices.calibrated = {
      ...p.microservices.calibrated,
      [name]: { throughputPerReplica: m.throughput, atCpu: m.atCpu, atMemoryGiB: m.atMemoryGiB ?? null, note },
    };
  }
  return p;
}
