/**
 * Loki's per-tenant limits (limits_config): the shipped defaults, the values a workload needs
 * (what `helm-values` writes), and the values a scenario's deployment runs with.
 */
import type { LokiLimits, Scenario, Workload } from './types.js';

const MiB = 2 ** 20;

/** Loki's defaults (docs/sources/shared/configuration.md); Loki reads "MB" as 2^20 bytes (validation bytesInMB). */
export const LOKI_DEFAULT_LIMITS: Readonly<LokiLimits> = Object.freeze({
  ingestionRateMB: 4,
  ingestionBurstSizeMB: 6,
  perStreamRateLimitBytes: 3 * MiB,
  maxGlobalStreamsPerUser: 5000,
});

export const LIMITS_SOURCE =
  'Loki limits_config defaults: ingestion_rate_mb 4, ingestion_burst_size_mb 6, per_stream_rate_limit 3MB, max_global_streams_per_user 5000 (ingestion_rate_strategy global: the per-tenant limit is cluster-wide)';

/** Headroom lokiplan plans above the peak a limit must admit. */
export const LIMIT_HEADROOM = 1.25;

/** Per-tenant peak ingest, bytes/s (the ingest is spread evenly over the tenants). */
export const tenantPeak = (s: Scenario, w: Workload): number => w.peakBytesPerSecond / s.ingest.tenants;

/**
 * The limits the workload needs: the peak per tenant plus 25%, the burst at Loki's default 1.5x
 * of the rate; the stream limits raised only when the scenario's stream count needs it. Never
 * below Loki's defaults.
 */
export function plannedLimits(s: Scenario, w: Workload): LokiLimits {
  const d = LOKI_DEFAULT_LIMITS;
  const rate = Math.max(d.ingestionRateMB, Math.ceil((tenantPeak(s, w) / MiB) * LIMIT_HEADROOM));
  const burst = Math.max(d.ingestionBurstSizeMB, Math.ceil(rate * (d.ingestionBurstSizeMB / d.ingestionRateMB)));
  let perStream = d.perStreamRateLimitBytes;
  let streams = d.maxGlobalStreamsPerUser;
  if (s.ingest.streams !== null) {
    const perTenant = s.ingest.streams / s.ingest.tenants;
    streams = Math.max(streams, Math.ceil(perTenant * LIMIT_HEADROOM));
    perStream = Math.max(perStream, Math.ceil(((tenantPeak(s, w) / perTenant) * LIMIT_HEADROOM) / MiB) * MiB);
  }
  return { ingestionRateMB: rate, ingestionBurstSizeMB: burst, perStreamRateLimitBytes: perStream, maxGlobalStreamsPerUser: streams };
}

/** The limits the scenario's deployment runs with. */
export function deployedLimits(s: Scenario, w: Workload): LokiLimits {
  if (s.limits.basis === 'planned') return plannedLimits(s, w);
  return { ...LOKI_DEFAULT_LIMITS, ...s.limits.values };
}
