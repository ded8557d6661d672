/** File I/O for commands: reading scenarios and price books, atomic writes. */
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { PriceBookError, ScenarioError } from '../errors.js';
import { DEFAULT_PROFILE, type SizingProfile } from '../model/profiles.js';
import { parseProfile } from '../scenario/profile.js';
import type { PriceBook } from '../model/prices.js';
import { parsePriceBookDocument, priceBookFrom, type PriceBookDocument } from '../sources/pricebook.js';
import { duplicateKeyPath } from '../sources/jsonkeys.js';
import { snapshotBook } from '../sources/snapshot.js';

/** Largest scenario file read (the loader rejects anything over 1 MiB with a clear message). */
export const MAX_SCENARIO_BYTES = 1 << 20;
/** Largest price-book file read. */
export const MAX_PRICEBOOK_BYTES = 16 << 20;

const fsError = (code: string, message: string) => Object.assign(new Error(message), { code });

/**
 * Read at most `max + 1` bytes of a regular file: a device (/dev/zero), a FIFO or a huge file can
 * neither hang the CLI nor exhaust its memory; the caller sees that the content is too long.
 */
export function readBounded(p: string, max: number): Buffer {
  const st = statSync(p);
  if (st.isDirectory()) throw fsError('EISDIR', 'is a directory');
  if (!st.isFile()) throw fsError('ENOTREG', 'is not a regular file');
  const fd = openSync(p, 'r');
  try {
    const buf = Buffer.alloc(Math.min(st.size, max) + 1);
    let n = 0;
    for (let r = 1; r > 0 && n < buf.length; n += r) r = readSync(fd, buf, n, buf.length - n, null);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export const readText = (p: string): string =>
  new TextDecoder('utf-8', { fatal: false }).decode(readBounded(p, MAX_SCENARIO_BYTES));

/**
 * `mkdir -p` one level at a time. Node's own recursive mkdirSync never returns for a path under a
 * pseudo file system that refuses it (`/proc/x/y` loops forever in libuv on ENOENT).
 */
export function mkdirp(dir: string): void {
  const abs = resolve(dir);
  const parts: string[] = [];
  for (let d = abs; ; d = dirname(d)) {
    parts.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of parts) {
    try {
      mkdirSync(d);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || (code === 'EISDIR' && d === parts[0])) {
        if (!statSync(d).isDirectory()) throw fsError('ENOTDIR', `${d} is not a directory`);
        continue;
      }
      throw e;
    }
  }
}

/**
 * Write a set of files all or nothing: every file is staged next to its target first, and only
 * when all are staged are they renamed into place. A failure leaves none of the new files behind.
 */
export function writeAllAtomic(files: readonly { path: string; body: string | Uint8Array }[]): void {
  const staged: { tmp: string; path: string }[] = [];
  const done: string[] = [];
  try {
    for (const f of files) {
      mkdirp(dirname(f.path));
      const tmp = join(dirname(f.path), `.${basename(f.path)}.${randomUUID()}.tmp`);
      staged.push({ tmp, path: f.path });
      writeFileSync(tmp, f.body);
    }
    for (const s of staged) {
      renameSync(s.tmp, s.path);
      done.push(s.path);
    }
  } catch (e) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    for (const d of done) rmSync(d, { force: true });
    throw e;
  }
}

/** Write a file so that readers see the old content or the new, never a half-written one. */
export function writeAtomic(path: string, content: string | Uint8Array): void {
  mkdirp(dirname(path));
  const tmp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** A price-book file; `now` (the run's clock) bounds its dates. */
export function loadPriceBookFile(path: string, now: Date): PriceBookDocument {
  let text: string;
  try {
    const buf = readBounded(path, MAX_PRICEBOOK_BYTES);
    if (buf.length > MAX_PRICEBOOK_BYTES) throw fsError('EFBIG', `file is larger than ${MAX_PRICEBOOK_BYTES} bytes`);
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : e instanceof TypeError ? 'file is not valid UTF-8 text' : (e as Error).message;
    throw new PriceBookError(path, '', why);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PriceBookError(path, '', `not valid JSON: ${(e as Error).message}`);
  }
  const dup = duplicateKeyPath(text);
  if (dup) {
    throw new PriceBookError(path, dup.join('.'), 'appears twice in the same object; JSON keeps only the last one, so the book is ambiguous');
  }
  return parsePriceBookDocument(doc, path, now.toISOString());
}

/** `--prices snapshot` (default) or `--prices FILE`. */
export function priceBooks(spec: string, now: Date): (region: string) => PriceBook {
  if (spec === 'snapshot') return snapshotBook;
  const doc = loadPriceBookFile(spec, now);
  return (region) => priceBookFrom(doc, region, `file:${spec}`);
}

/** Chart.js's browser build, to inline in the HTML report (the package does not export the file). */
export function readChartJs(): string {
  const dir = dirname(createRequire(import.meta.url).resolve('chart.js'));
  return readFileSync(join(dir, 'chart.umd.min.js'), 'utf8');
}

/** `--profile FILE` (YAML or JSON), read once per run; the embedded default without one. */
export function loadProfileFile(path: string | undefined): SizingProfile {
  if (path === undefined) return DEFAULT_PROFILE;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: false }).decode(readBounded(path, MAX_SCENARIO_BYTES));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioError(path, '', code === 'ENOENT' ? 'profile file not found' : (e as Error).message);
  }
  return parseProfile(text, path);
}
