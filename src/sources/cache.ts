/**
 * On-disk cache for AWS responses under $XDG_CACHE_HOME/lokiplan (default ~/.cache/lokiplan).
 * An entry is keyed by a hash of every request field that selects what AWS returns (service code,
 * every filter's type/field/value, format version; region, instance types, window for spot), and
 * stores the request itself so a hash collision or a hand-edited file is caught. Entries older than
 * the time-to-live are ignored; writes are atomic (temp file + rename).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CacheOptions {
  dir: string;
  /** seconds */
  ttl: number;
  /** ignore existing entries (still write fresh ones) */
  refresh: boolean;
  /** the run's clock, ms */
  now: () => number;
}

export interface CacheEntry<T> {
  request: unknown;
  fetchedAt: string;
  data: T;
}

export const DEFAULT_TTL_HOURS = 24;

/** $XDG_CACHE_HOME/lokiplan, else $HOME/.cache/lokiplan; null when the environment names neither. */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>>): string | null {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg && xdg.startsWith('/')) return join(xdg, 'lokiplan');
  const home = env['HOME'];
  return home && home.startsWith('/') ? join(home, '.cache', 'lokiplan') : null;
}

/** Stable JSON (sorted object keys) so equal requests hash equally. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function cacheKey(request: unknown): string {
  return createHash('sha256').update(canonical(request)).digest('hex').slice(0, 32);
}

export class ResponseCache {
  constructor(readonly opts: CacheOptions) {}

  private path(request: unknown): string {
    return join(this.opts.dir, `${cacheKey(request)}.json`);
  }

  get<T>(request: unknown): CacheEntry<T> | null {
    if (this.opts.refresh) return null;
    let entry: CacheEntry<T>;
    try {
      entry = JSON.parse(readFileSync(this.path(request), 'utf8')) as CacheEntry<T>;
    } catch {
      return null; // missing or unreadable: fetch again
    }
    if (!entry || canonical(entry.request) !== canonical(request) || typeof entry.fetchedAt !== 'string') return null;
    const age = (this.opts.now() - Date.parse(entry.fetchedAt)) / 1000;
    if (!(age >= 0 && age <= this.opts.ttl)) return null;
    return entry;
  }

  put<T>(request: unknown, fetchedAt: string, data: T): void {
    const entry: CacheEntry<T> = { request, fetchedAt, data };
    const file = this.path(request);
    mkdirSync(this.opts.dir, { recursive: true });
    const tmp = `${file}.${randomUUID()}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(entry));
      renameSync(tmp, file);
    } catch {
      rmSync(tmp, { force: true }); // a cache that cannot be written only costs a refetch
    }
  }
}
