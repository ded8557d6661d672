import { chunkRegime, chunksCacheOn } from './flush.js';
import type { Scenario, Workload } from './types.js';

export const SECONDS_PER_DAY = 86400;

/** Ingest and query rates, and the bytes that reach object storage, from a scenario. */
export function workload(s: Scenario): Workload {
  const avg = s.ingest.bytesPerSecond;
  const bytesPerDay = avg * SECONDS_PER_DAY;
  const queryAvg = s.query.scannedBytesPerDay / SECONDS_PER_DAY;
  return {
    avgBytesPerSecond: avg,
    peakBytesPerSecond: avg * s.ingest.peakFactor,
    linesPerSecond: s.ingest.linesPerSecond,
    bytesPerDay,
    retentionDays: s.retentionDays,
    storedBytesPerDay: chunkRegime(s, chunksCacheOn(s)).storedBytesPerDay,
    queryAvgBytesPerSecond: queryAvg,
    queryPeakBytesPerSecond: queryAvg * s.query.peakFactor,
    daysPerMonth: s.hoursPerMonth / 24,
  };
}
