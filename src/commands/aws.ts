/** Set-up shared by the commands that talk to AWS: cache location and TTL, progress on stderr. */
import { quietSdk, FetchStats } from '../sources/aws-common.js';
import type { FetchContext } from '../sources/aws-pricing.js';
import { DEFAULT_TTL_HOURS, defaultCacheDir, ResponseCache } from '../sources/cache.js';
import { SourceError } from '../errors.js';

export interface AwsOptions {
  refresh?: boolean;
  cacheTtl?: string;
  cache?: boolean;
  spotDays?: string;
}

/** Progress while fetching: a self-updating line on a terminal, or lines with LOKIPLAN_PROGRESS=1. */
export function progressStats(label: string): FetchStats {
  const tty = Boolean(process.stderr.isTTY);
  const lines = process.env['LOKIPLAN_PROGRESS'] === '1';
  return new FetchStats((s, what) => {
    if (tty) process.stderr.write(`\r\x1b[K${label}: ${what} (${s.summary()})`);
    else if (lines) process.stderr.write(`${label}: ${what} (${s.summary()})\n`);
  });
}

export function endProgress(stats: FetchStats, done: string): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  process.stderr.write(`lokiplan: ${done} (${stats.summary()})\n`);
}

/** One line on stderr (after any progress line). */
export function notice(line: string): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  process.stderr.write(`lokiplan: ${line}\n`);
}

export function fetchContext(o: AwsOptions, label: string, opts: { forceRefresh?: boolean } = {}): FetchContext {
  quietSdk();
  const hours = o.cacheTtl === undefined ? DEFAULT_TTL_HOURS : Number(o.cacheTtl);
  if (!(hours >= 0) || !Number.isFinite(hours)) throw new SourceError(`--cache-ttl must be a number of hours >= 0, got ${JSON.stringify(o.cacheTtl)}`);
  const cache = o.cache === false ? null : new ResponseCache({ dir: defaultCacheDir(), ttl: hours * 3600, refresh: Boolean(o.refresh || opts.forceRefresh) });
  return { cache, stats: progressStats(label) };
}

export function spotDays(o: AwsOptions): number | undefined {
  if (o.spotDays === undefined) return undefined;
  const n = Number(o.spotDays);
  if (!Number.isInteger(n) || n < 1 || n > 90) throw new SourceError(`--spot-days must be a whole number from 1 to 90, got ${JSON.stringify(o.spotDays)}`);
  return n;
}

export const csv = (s: string | undefined): string[] => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);
