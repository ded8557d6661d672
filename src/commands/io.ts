/** File I/O for commands: reading scenarios and price books, atomic writes. */
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { RunContext } from './context.js';
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

/** A scenario file's text; over MAX_SCENARIO_BYTES bytes (not characters) is refused, never cut. */
export function readText(p: string): string {
  const b = readBounded(p, MAX_SCENARIO_BYTES);
  if (b.length > MAX_SCENARIO_BYTES) throw fsError('EFBIG', `file is larger than ${MAX_SCENARIO_BYTES} bytes`);
  return new TextDecoder('utf-8', { fatal: false }).decode(b);
}

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

/** What the all-or-nothing writer needs from the run: interrupt hooks and who else is running. */
export type WriteContext = Pick<RunContext, 'onInterrupt' | 'pid' | 'isRunning'>;

/** The journal a report-set write keeps beside the files while it swaps them in. */
interface Journal {
  pid: number;
  /** per target: the staged new file, and the old file moved aside (if there was one) */
  entries: { path: string; tmp: string; backup: string | null; installed: boolean }[];
}
const JOURNAL = /^\.lokiplan-write\.[0-9a-f-]+\.json$/;

/** Undo a journalled write: the old files back exactly as they were, every staged file removed. */
function rollBack(j: Journal): void {
  const attempt = (f: () => void) => {
    try {
      f();
    } catch {
      // a step that cannot be done (its directory never existed) has nothing to undo
    }
  };
  for (const e of [...j.entries].reverse()) {
    if (e.installed) attempt(() => rmSync(e.path, { force: true }));
    if (e.backup) attempt(() => existsSync(e.backup!) && renameSync(e.backup!, e.path));
    attempt(() => rmSync(e.tmp, { force: true }));
  }
}

/**
 * A journal left by a run that was killed (SIGKILL, power loss) mid-write is rolled back by the
 * next write into the same directory: its old reports come back, its temp files go.
 */
function recover(root: string, ctx: WriteContext): void {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const n of names.filter((x) => JOURNAL.test(x))) {
    const p = join(root, n);
    let j: Journal;
    try {
      j = JSON.parse(readFileSync(p, 'utf8')) as Journal;
    } catch {
      continue; // not ours to judge
    }
    if (j.pid !== ctx.pid && ctx.isRunning(j.pid)) continue; // another run is writing right now
    rollBack(j);
    rmSync(p, { force: true });
  }
}

/** The deepest directory holding every path. */
function commonDir(paths: string[]): string {
  let dir = dirname(resolve(paths[0]!));
  while (!paths.every((p) => resolve(p).startsWith(dir.endsWith(sep) ? dir : dir + sep))) dir = dirname(dir);
  return dir;
}

/**
 * Write a set of files all or nothing, so an existing report set is never lost: every new file is
 * staged next to its target; then each old file is moved aside and the new one renamed in; only
 * when all are in place are the old ones deleted. A failure at any step (a target that is a
 * directory, a full disk), SIGINT or SIGTERM puts the old files back exactly as they were; a
 * journal in the set's directory lets the next run do the same after a SIGKILL.
 */
export function writeAllAtomic(
  files: readonly { path: string; body: string | Uint8Array }[],
  ctx: WriteContext,
  /** tests: called before each rename, to make one fail */
  hooks: { beforeRename?: (n: number) => void } = {},
): void {
  if (files.length === 0) return;
  const root = commonDir(files.map((f) => f.path));
  mkdirp(root);
  recover(root, ctx);
  const id = randomUUID();
  const journalPath = join(root, `.lokiplan-write.${id}.json`);
  const j: Journal = {
    pid: ctx.pid,
    entries: files.map((f) => ({ path: f.path, tmp: join(dirname(f.path), `.${basename(f.path)}.${ctx.pid}.${id}.tmp`), backup: null, installed: false })),
  };
  const save = () => writeFileSync(journalPath, JSON.stringify(j));
  const undo = () => {
    rollBack(j);
    rmSync(journalPath, { force: true });
  };
  // a directory (or anything but a file) where a report goes is refused before anything moves
  for (const f of files) {
    if (existsSync(f.path) && !lstatSync(f.path).isFile() && !lstatSync(f.path).isSymbolicLink()) throw fsError('EISDIR', `${f.path} is in the way: it is not a regular file`);
  }
  save();
  const off = ctx.onInterrupt(undo);
  try {
    files.forEach((f, i) => {
      mkdirp(dirname(f.path));
      writeFileSync(j.entries[i]!.tmp, f.body);
    });
    let n = 0;
    for (const e of j.entries) {
      hooks.beforeRename?.(n++);
      if (existsSync(e.path)) {
        e.backup = join(dirname(e.path), `.${basename(e.path)}.${id}.old`);
        save();
        renameSync(e.path, e.backup);
      }
      e.installed = true;
      save();
      hooks.beforeRename?.(n++);
      renameSync(e.tmp, e.path);
    }
  } catch (err) {
    off();
    // the rename that failed did not install its file: what is at its path stays
    for (const e of j.entries) if (e.installed && existsSync(e.tmp)) e.installed = false;
    undo();
    throw err;
  }
  off();
  for (const e of j.entries) if (e.backup) rmSync(e.backup, { force: true });
  rmSync(journalPath, { force: true });
}

/**
 * A temp file for `path`, named with this run's pid; temp files for the same path left by runs
 * that are no longer running (killed, or interrupted inside a long computation) are removed first.
 */
export function tempFor(path: string, ctx: WriteContext): string {
  const dir = dirname(path);
  const base = basename(path);
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // the directory is made by the caller
  }
  for (const n of names) {
    if (!n.startsWith(`.${base}.`) || !n.endsWith('.tmp')) continue;
    const m = /^(\d+)\.[0-9a-f-]{36}\.tmp$/.exec(n.slice(base.length + 2));
    if (m && Number(m[1]) !== ctx.pid && !ctx.isRunning(Number(m[1]))) rmSync(join(dir, n), { force: true });
  }
  return join(dir, `.${base}.${ctx.pid}.${randomUUID()}.tmp`);
}

/** Write a file so that readers see the old content or the new, never a half-written one. */
export function writeAtomic(path: string, content: string | Uint8Array, ctx: WriteContext): void {
  mkdirp(dirname(path));
  const tmp = tempFor(path, ctx);
  const off = ctx.onInterrupt(() => rmSync(tmp, { force: true }));
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    off();
  }
}

/**
 * Run `f` holding a lock on `path` (a directory `path.lock` made atomically, holding the owner's
 * pid). A lock whose owner is no longer running is taken over; waits up to `waitMs` for a live one.
 */
export async function withFileLock<T>(path: string, ctx: WriteContext, f: () => T, waitMs = 60_000): Promise<T> {
  const lock = `${path}.lock`;
  const owner = join(lock, 'pid');
  for (let waited = 0; ; waited += 50) {
    try {
      mkdirSync(lock);
      writeFileSync(owner, String(ctx.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let pid = NaN;
      try {
        pid = Number(readFileSync(owner, 'utf8'));
      } catch {
        // being made or removed right now
      }
      if (Number.isInteger(pid) && pid > 0 && pid !== ctx.pid && !ctx.isRunning(pid)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (waited >= waitMs) throw fsError('EBUSY', `${path} is locked by another lokiplan run (${lock}); remove the lock if no run is left`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const off = ctx.onInterrupt(() => rmSync(lock, { recursive: true, force: true }));
  try {
    return f();
  } finally {
    off();
    rmSync(lock, { recursive: true, force: true });
  }
}

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
