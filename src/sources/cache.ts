/**
 * On-disk cache for AWS responses under $XDG_CACHE_HOME/lokiplan (default ~/.cache/lokiplan).
 * An entry is keyed by a hash of every request field that selects what AWS returns (service code,
 * every filter's type/field/value, format version; region, instance types, window for spot; the
 * endpoint; for spend, the credential identity), and stores the request itself. A cache that
 * cannot lie: each entry carries a SHA-256 of its request, time and data, and its data is checked
 * by shape on read; an entry that fails either (hand-edited, truncated, foreign, an older format)
 * is discarded and refetched, never used and never fatal. Entries older than the time-to-live are
 * ignored; writes are atomic (temp file + rename) and best effort. An entry is read only if it is
 * a regular file of this user's, opened without following links, of at most MAX_CACHE_ENTRY_BYTES.
 */
import { createHash, randomUUID } from 'node:crypto';
import { lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOwnFile } from './own-file.js';

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

/** What is stored: the entry, its format and its checksum. */
interface Stored<T> extends CacheEntry<T> {
  format: typeof CACHE_FORMAT;
  sha256: string;
}
export const CACHE_FORMAT = 'lokiplan-cache/2';

export const DEFAULT_TTL_HOURS = 24;
/**
 * The largest entry read: far above any real one (a region's EC2 products are a few MiB), far
 * below what would exhaust memory. A larger entry is discarded and refetched.
 */
export const MAX_CACHE_ENTRY_BYTES = 256 << 20;

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

const checksum = (e: CacheEntry<unknown>): string => createHash('sha256').update(canonical({ request: e.request, fetchedAt: e.fetchedAt, data: e.data })).digest('hex');

/** A short, one-way identity for a credential (never the key itself): spend is cached per account. */
export const identityOf = (s: string): string => createHash('sha256').update(`lokiplan-identity:${s}`).digest('hex').slice(0, 16);

/** The data's shape, checked on read: an entry of the right checksum but the wrong shape is not used. */
export type Shape<T> = (data: unknown) => data is T;

export class ResponseCache {
  /** entries found damaged or foreign and discarded in this run */
  discarded = 0;
  constructor(readonly opts: CacheOptions) {}

  private path(request: unknown): string {
    return join(this.opts.dir, `${cacheKey(request)}.json`);
  }

  get<T>(request: unknown, shape: Shape<T>): CacheEntry<T> | null {
    if (this.opts.refresh) return null;
    const file = this.path(request);
    // only a regular file of this user's, not followed through a link, not a FIFO or a device, and
    // of bounded size: anything else planted in the cache is discarded, never waited on or read whole
    const got = readOwnFile(file, MAX_CACHE_ENTRY_BYTES);
    if (!got) {
      let there = false;
      try {
        there = Boolean(lstatSync(file));
      } catch {
        // missing: fetch it
      }
      if (there) {
        this.discarded += 1;
        rmSync(file, { force: true });
      }
      return null;
    }
    const text = got.text;
    let e: Stored<T> | null = null;
    try {
      e = JSON.parse(text) as Stored<T>;
    } catch {
      // not JSON: discarded below
    }
    const sound =
      e !== null &&
      typeof e === 'object' &&
      e.format === CACHE_FORMAT &&
      typeof e.fetchedAt === 'string' &&
      !Number.isNaN(Date.parse(e.fetchedAt)) &&
      typeof e.sha256 === 'string' &&
      e.sha256 === checksum(e) &&
      canonical(e.request) === canonical(request) &&
      shape(e.data);
    if (!sound) {
      this.discarded += 1;
      rmSync(file, { force: true });
      return null;
    }
    const age = (this.opts.now() - Date.parse(e!.fetchedAt)) / 1000;
    if (!(age >= 0 && age <= this.opts.ttl)) return null;
    return { request: e!.request, fetchedAt: e!.fetchedAt, data: e!.data };
  }

  put<T>(request: unknown, fetchedAt: string, data: T): void {
    const entry: CacheEntry<T> = { request, fetchedAt, data };
    const stored: Stored<T> = { format: CACHE_FORMAT, ...entry, sha256: checksum(entry) };
    const file = this.path(request);
    const tmp = `${file}.${randomUUID()}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(stored), { flag: 'wx', mode: 0o600 });
      renameSync(tmp, file);
    } catch {
      rmSync(tmp, { force: true }); // a cache that cannot be written only costs a refetch
    }
  }
}
