/** Set-up shared by the commands that talk to AWS: cache location and TTL, progress on stderr. */
import { FetchStats } from '../sources/aws-common.js';
import type { FetchContext } from '../sources/aws-pricing.js';
import { DEFAULT_TTL_HOURS, defaultCacheDir, ResponseCache } from '../sources/cache.js';
import { SourceError } from '../errors.js';
import { clearProgress, type RunContext } from './context.js';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdirp } from './io.js';

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

/**
 * The cache directory if it can be used: made (one level at a time, so a pseudo file system such as
 * /proc cannot hang it) and writable. Otherwise (a read-only home, a file in its place, no HOME)
 * the run goes on uncached with one warning.
 */
function usableCacheDir(ctx: RunContext): string | null {
  const dir = defaultCacheDir(ctx.env);
  if (dir === null) {
    ctx.stderr('lokiplan: warning: no cache directory (neither XDG_CACHE_HOME nor HOME is set): running uncached\n');
    return null;
  }
  const probe = join(dir, `.probe.${ctx.pid}.${randomUUID()}`);
  try {
    mkdirp(dir);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
    return dir;
  } catch (e) {
    try {
      rmSync(probe, { force: true });
    } catch {
      // its directory never existed
    }
    ctx.stderr(`lokiplan: warning: cannot use the cache directory ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): running uncached\n`);
    return null;
  }
}

/** Where the prices or spend came from, for the plan: the cache (with its age) or AWS just now. */
export function cacheNote(stats: FetchStats, what: string): string {
  if (stats.cacheHits === 0) return `${what}: fetched from AWS by this run (${stats.requests} request${stats.requests === 1 ? '' : 's'})`;
  const all = stats.requests === 0 ? 'all' : `${stats.cacheHits} of ${stats.cacheHits + stats.requests}`;
  return `${what}: ${all} responses from the local cache${stats.fetchedAt ? `, the oldest fetched ${stats.fetchedAt}` : ''} (--refresh fetches anew)`;
}

export function fetchContext(o: AwsOptions, label: string, ctx: RunContext, opts: { forceRefresh?: boolean } = {}): FetchContext {
  const hours = o.cacheTtl === undefined ? DEFAULT_TTL_HOURS : Number(o.cacheTtl);
  if (!(hours >= 0) || !Number.isFinite(hours)) throw new SourceError(`--cache-ttl must be a number of hours >= 0, got ${JSON.stringify(o.cacheTtl)}`);
  const dir = o.cache === false ? null : usableCacheDir(ctx);
  const cache = dir === null ? null : new ResponseCache({ dir, ttl: hours * 3600, refresh: Boolean(o.refresh || opts.forceRefresh), now: () => ctx.now().getTime() });
  return { cache, stats: progressStats(label, ctx), env: ctx.env, now: ctx.now };
}

export function spotDays(o: AwsOptions): number | undefined {
  if (o.spotDays === undefined) return undefined;
  const n = Number(o.spotDays);
  if (!Number.isInteger(n) || n < 1 || n > 90) throw new SourceError(`--spot-days must be a whole number from 1 to 90, got ${JSON.stringify(o.spotDays)}`);
  return n;
}

export const csv = (s: string | undefined): string[] => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);
