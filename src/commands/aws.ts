/** Set-up shared by the commands that talk to AWS: cache location and TTL, progress on stderr. */
import { FetchStats } from '../sources/aws-common.js';
import type { FetchContext } from '../sources/aws-pricing.js';
import { DEFAULT_TTL_HOURS, defaultCacheDir, ResponseCache } from '../sources/cache.js';
import { SourceError } from '../errors.js';
import { clearProgress, type RunContext } from './context.js';

export interface AwsOptions {
  refresh?: boolean;
  cacheTtl?: string;
  cache?: boolean;
  spotDays?: string;
}

/** Progress while fetching: a self-updating line on a terminal, or lines with LOKIPLAN_PROGRESS=1. */
export function progressStats(label: string, ctx: RunContext): FetchStats {
  const lines = ctx.env['LOKIPLAN_PROGRESS'] === '1';
  const now = () => ctx.now().getTime();
  return new FetchStats((s, what) => {
    if (ctx.stderrTTY) ctx.stderr(`\r\x1b[K${label}: ${what} (${s.summary()})`);
    else if (lines) ctx.stderr(`${label}: ${what} (${s.summary()})\n`);
  }, now);
}

export function endProgress(stats: FetchStats, done: string, ctx: RunContext): void {
  clearProgress(ctx);
  ctx.stderr(`lokiplan: ${done} (${stats.summary()})\n`);
}

export function fetchContext(o: AwsOptions, label: string, ctx: RunContext, opts: { forceRefresh?: boolean } = {}): FetchContext {
  const hours = o.cacheTtl === undefined ? DEFAULT_TTL_HOURS : Number(o.cacheTtl);
  if (!(hours >= 0) || !Number.isFinite(hours)) throw new SourceError(`--cache-ttl must be a number of hours >= 0, got ${JSON.stringify(o.cacheTtl)}`);
  const dir = defaultCacheDir(ctx.env);
  const cache = o.cache === false || dir === null ? null : new ResponseCache({ dir, ttl: hours * 3600, refresh: Boolean(o.refresh || opts.forceRefresh), now: () => ctx.now().getTime() });
  return { cache, stats: progressStats(label, ctx), env: ctx.env, now: ctx.now };
}

export function spotDays(o: AwsOptions): number | undefined {
  if (o.spotDays === undefined) return undefined;
  const n = Number(o.spotDays);
  if (!Number.isInteger(n) || n < 1 || n > 90) throw new SourceError(`--spot-days must be a whole number from 1 to 90, got ${JSON.stringify(o.spotDays)}`);
  return n;
}

export const csv = (s: string | undefined): string[] => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);
