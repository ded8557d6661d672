/**
 * What this model covers. Scenario validation (src/scenario/normalise.ts) enforces the input
 * ranges; plan() checks the derived figures (replicas a rule asks for, money) before it places a pod
 * or adds a line. Anything outside is a ModelLimitError ("outside what this model covers"), never a
 * clamped or overflowing figure. The README's "Guarantees and limits" section states the same.
 */
import { ModelLimitError } from '../errors.js';
import { fmtNum, fmtUsd } from './format.js';
import type { Scenario, Topology, Totals } from './types.js';

export const LIMITS = {
  /**
   * Loki's per-tenant counts and rates, bounded so every value written to limits_config is a finite
   * number Loki's Go config parses (int for streams; float64 MB/s); far above any real cluster.
   */
  activeStreams: 1e9,
  tenants: 1e6,
  lokiRateMB: 1e6,
  lokiStreamRateBytes: 1e12,
  /** raw client ingest, bytes per day: 1 GB/day to 1 PB/day */
  ingestBytesPerDay: { min: 1e9, max: 1e15 },
  /** Loki retention: whole-day compactor retention, 1 day to 10 years (mathjs years: 365.25 days) */
  retentionDays: { min: 1, max: 3652.5 },
  /** replicas of one target, by rule or override; also the replication factor and failure tolerance */
  replicasPerTarget: 1000,
  /** one pod's CPU and memory (requests or limits): no EC2 instance is larger (u-24tb1: 448 vCPU, 24 TiB) */
  podCpu: 448,
  podMemoryGiB: 24576,
  /**
   * the smallest CPU and memory a pod can ask for: Kubernetes' CPU resolution is 1m
   * (https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#meaning-of-cpu);
   * below it a request renders as `cpu: 0m`. Memory: 1 MiB.
   */
  podCpuMin: 0.001,
  podMemoryMinGiB: 1 / 1024,
  /** peak over average, ingest and query */
  peakFactor: 100,
  /** bytes per log line (ingest.avgLineSize, alternatives.eventSize): a line is at least one byte */
  lineBytesMin: 1,
  /**
   * bytes a day the queries or the ruler scan: up to 100 PB/day, 100x the largest ingest covered;
   * past it the query pods and requests leave any plan's range
   */
  scannedBytesPerDay: 1e17,
  /** raw bytes per stored chunk byte */
  compressionRatio: { min: 1, max: 100 },
  /** stored chunk object size: 1 KiB to S3's 5 GiB single-PUT maximum */
  chunkBytes: { min: 1024, max: 5 * 2 ** 30 },
  /** gp3 volume size maximum (AWS EBS volume types: 1 GiB - 16 TiB) */
  gp3MaxGiB: 16384,
  /**
   * monthly total in USD (all lines, omitted ones too): below this, amounts stay exact to the
   * micro-dollar in a double (1e9 x 1e6 < 2^53), so JSON's exact amounts add up. The largest plan
   * the other limits allow at list prices is about $10M a month; only absurd prices get here.
   */
  monthlyUsd: 1e9,
} as const;

export const OUTSIDE = 'outside what this model covers';

/** A number short enough for a one-line message, however large. */
export const fmtLimit = (v: number): string => (Math.abs(v) >= 1e15 ? v.toExponential(3).replace('e+', 'e') : fmtNum(v));

/** Relative slack for limits written in other units (1 GB/day typed as 11574.07... B/s). */
export const within = (v: number, min: number, max: number): boolean =>
  v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9);

/** Replica counts the rules (or overrides) ask for, checked before any pod is placed. */
export function checkTopology(s: Scenario, topo: Topology): void {
  for (const t of topo.targets) {
    if (t.replicas <= LIMITS.replicasPerTarget) continue;
    const why = t.reasons.map((r) => r.text).join('; ');
    throw new ModelLimitError(
      `${s.file}: ${t.name}: ${OUTSIDE}: the target needs ${fmtLimit(t.replicas)} replicas (${why}); the sizing rules are only claimed up to ${fmtNum(LIMITS.replicasPerTarget)} replicas per target`,
    );
  }
}

/** Money the plan adds up, checked after the lines are priced. */
export function checkTotals(s: Scenario, t: Totals): void {
  if (Number.isFinite(t.monthly) && t.monthly >= 0 && t.monthly <= LIMITS.monthlyUsd) return;
  throw new ModelLimitError(
    `${s.file}: ${OUTSIDE}: the monthly total is ${Number.isFinite(t.monthly) ? fmtUsd(t.monthly) : String(t.monthly)}; amounts above ${fmtUsd(LIMITS.monthlyUsd)} a month cannot be added up exactly`,
  );
}
