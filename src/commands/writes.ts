/**
 * The writers: report sets all or nothing (journalled, sealed, locked), single files atomically
 * or through a device/FIFO, and the lock for read-merge-write files. Kept apart from io.ts's
 * readers and loaders so a test can bundle it alone into a child process.
 */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, constants, existsSync, fchmodSync, fstatSync, ftruncateSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import type { RunContext } from './context.js';
import { readOwnFile, uid } from '../sources/own-file.js';

export { readOwnFile };

export const fsError = (code: string, message: string) => Object.assign(new Error(message), { code });

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

/** What the writers need from the run: interrupt hooks, who else is running, and where a warning goes. */
export type WriteContext = Pick<RunContext, 'onInterrupt' | 'pid' | 'isRunning'> & Partial<Pick<RunContext, 'stderr'>>;

const lstatOrNull = (p: string): Stats | null => {
  try {
    return lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
};
/** Is `p` strictly inside the directory `dir` (both absolute and normalised)? */
const inside = (dir: string, p: string) => p.startsWith(dir.endsWith(sep) ? dir : dir + sep);
/** Block the (synchronous) writer for `ms` without spinning. */
const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** A buffer written whole (a FIFO or a device may take it in parts). */
function writeWhole(fd: number, chunk: string | Uint8Array, position: number | null = null): void {
  const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  for (let n = 0; n < b.length; ) n += writeSync(fd, b, n, b.length - n, position === null ? null : position + n);
}

// ---- report sets: all or nothing, journalled, locked ---------------------------------------

const JOURNAL_FORMAT = 'lokiplan-write/2';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const JOURNAL = new RegExp(`^\\.lokiplan-write\\.(${UUID})\\.json$`);
/** The lock a set write holds on its output folder: a directory made atomically, holding the owner's pid. */
export const OUTPUT_LOCK = '.lokiplan-write.lock';
const LOCK_STRAY = new RegExp(`^\\.lokiplan-write\\.lock\\.(\\d+)\\.${UUID}\\.(new|gone)$`);
const MAX_JOURNAL_BYTES = 16 << 20;
/** How long a set write waits for another run writing into the same folder before it refuses. */
export const LOCK_WAIT_MS = 30_000;

interface JournalEntry {
  path: string;
  tmp: string;
  /** the old file moved aside (if there was one) */
  backup: string | null;
  installed: boolean;
}
/** The journal a report-set write keeps in its output folder while it swaps the files in. */
interface Journal {
  format: typeof JOURNAL_FORMAT;
  pid: number;
  /** the output folder, absolute and with links resolved; every path below is inside it */
  folder: string;
  entries: JournalEntry[];
}

/**
 * The journal's seal: a SHA-256 over its text, the folder's path and identity (device and inode)
 * and the journal file's own identity. A journal planted in a folder (committed to a repository,
 * unpacked from an archive, copied from elsewhere) cannot carry the inode it will get, so it is
 * never acted on; only a journal written in place by a lokiplan run is.
 */
const seal = (body: string, folder: string, folderStat: Stats, journalStat: Stats) =>
  createHash('sha256').update(`${JOURNAL_FORMAT}\0${folder}\0${folderStat.dev}:${folderStat.ino}\0${journalStat.dev}:${journalStat.ino}\0${body}`).digest('hex');

/** An entry names only lokiplan's own files: a target inside the folder, its temp and backup beside it. */
function entryIsOurs(e: unknown, folder: string, id: string): e is JournalEntry {
  if (!e || typeof e !== 'object') return false;
  const { path, tmp, backup, installed } = e as Record<string, unknown>;
  if (typeof path !== 'string' || typeof tmp !== 'string' || typeof installed !== 'boolean') return false;
  if (!isAbsolute(path) || normalize(path) !== path || !inside(folder, path)) return false;
  const stem = join(dirname(path), `.${basename(path)}.`);
  if (!tmp.startsWith(stem) || !new RegExp(`^\\d+\\.${id}\\.tmp$`).test(tmp.slice(stem.length))) return false;
  return backup === null || backup === `${stem}${id}.old`;
}

/** A journal in `dir` that a lokiplan run wrote there, or null (not ours, damaged, foreign: never acted on). */
function readJournal(p: string, dir: string, id: string): Journal | null {
  const got = readOwnFile(p, MAX_JOURNAL_BYTES);
  if (!got) return null;
  try {
    const folder = realpathSync(dir);
    // the journal's first line, its seal on the second; anything after is what a longer earlier
    // version left if the run was killed between writing the journal and trimming it
    const [body, sealed] = got.text.split('\n', 2);
    if (body === undefined || sealed !== seal(body, folder, statSync(folder), got.stat)) return null;
    const j = JSON.parse(body) as Journal;
    const ok = j.format === JOURNAL_FORMAT && j.folder === folder && Number.isSafeInteger(j.pid) && j.pid > 0 && Array.isArray(j.entries) && j.entries.every((e) => entryIsOurs(e, folder, id));
    return ok ? j : null;
  } catch {
    return null;
  }
}

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
 * next write into or under the same folder: its old reports come back, its temp files go. One that
 * lokiplan cannot verify as its own is left alone, with a warning.
 */
function recoverIn(dir: string, folder: string, ctx: WriteContext): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const stray = LOCK_STRAY.exec(n);
    // a lock being made or dropped by a run that was killed right then
    if (stray && Number(stray[1]) !== ctx.pid && !ctx.isRunning(Number(stray[1]))) rmSync(join(dir, n), { recursive: true, force: true });
    const m = JOURNAL.exec(n);
    if (!m) continue;
    const p = join(dir, n);
    const j = readJournal(p, dir, m[1]!);
    if (!j) {
      ctx.stderr?.(`lokiplan: warning: ${p} is not a write journal this folder's lokiplan runs wrote; left alone (remove it if no run is writing here)\n`);
      continue;
    }
    if (j.pid !== ctx.pid && ctx.isRunning(j.pid)) continue; // another run is writing right now
    rollBack(j);
    rmSync(p, { force: true });
    // and the lock that run left, unless this run holds it
    const lock = join(dir, OUTPUT_LOCK);
    if (dir !== folder && existsSync(lock) && lockHolder(lock, ctx) === null) dropLock(lock, ctx);
  }
}

/**
 * The directories where another run's journal or lock concerns a write into `folder`: the folder,
 * every folder above it (a run into a parent writes here too) and every folder between it and its
 * files (a run into a subfolder writes there). Independent of the working directory.
 */
function relatedDirs(folder: string, paths: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (let d = folder; ; d = dirname(d)) {
    dirs.add(d);
    if (dirname(d) === d) break;
  }
  for (const p of paths) for (let d = dirname(p); inside(folder, d); d = dirname(d)) dirs.add(d);
  return [...dirs];
}

/** The pid holding the lock directory `lock`, if that run is alive. */
function lockHolder(lock: string, ctx: WriteContext): number | null {
  const got = readOwnFile(join(lock, 'pid'), 32, false);
  const pid = got ? Number(got.text) : NaN;
  // a lock is made whole (see lockFolder): one without a readable pid is not one
  return Number.isSafeInteger(pid) && pid > 0 && pid !== ctx.pid && ctx.isRunning(pid) ? pid : null;
}

/** Remove a lock directory: first renamed aside (atomic), so a lock another run makes meanwhile is not touched. */
function dropLock(lock: string, ctx: WriteContext): void {
  const aside = `${lock}.${ctx.pid}.${randomUUID()}.gone`;
  try {
    renameSync(lock, aside);
  } catch {
    return;
  }
  rmSync(aside, { recursive: true, force: true });
}

/**
 * Take the output folder's lock. A run already writing into the folder, a folder above it or a
 * folder its files go into makes this one wait (up to `waitMs`), then refuse in one line; a lock
 * whose run is gone is taken over. The lock is made whole: a directory holding this run's pid,
 * renamed into place (a rename cannot replace a lock that holds a pid).
 */
function lockFolder(folder: string, dirs: readonly string[], ctx: WriteContext, waitMs: number): () => void {
  const mine = join(folder, OUTPUT_LOCK);
  const release = () => dropLock(mine, ctx);
  // a monotonic timer, not the run's clock: only how long this run has waited
  const deadline = performance.now() + waitMs;
  for (;;) {
    const made = `${mine}.${ctx.pid}.${randomUUID()}.new`;
    mkdirSync(made);
    writeFileSync(join(made, 'pid'), String(ctx.pid));
    let holder: number | null = null;
    try {
      renameSync(made, mine);
      holder = dirs.filter((d) => d !== folder).map((d) => lockHolder(join(d, OUTPUT_LOCK), ctx)).find((h) => h !== null) ?? null;
      if (holder === null) return release;
      release();
    } catch (e) {
      rmSync(made, { recursive: true, force: true });
      if (!['EEXIST', 'ENOTEMPTY'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
      holder = lockHolder(mine, ctx);
      if (holder === null) {
        dropLock(mine, ctx); // its run is gone
        continue;
      }
    }
    if (performance.now() > deadline) {
      throw fsError('EBUSY', `another lokiplan run (pid ${holder}) is writing into ${folder}; run again when it is done, or remove ${mine} if no run is left`);
    }
    sleepSync(10 + Math.floor(Math.random() * 40));
  }
}

/**
 * Write a set of files into the output folder `folder` all or nothing, so an existing report set
 * is never lost: every new file is staged next to its target; then each old file is moved aside
 * and the new one renamed in; only when all are in place are the old ones deleted. A failure at
 * any step (a target that is a directory, a full disk), SIGINT, SIGTERM or SIGHUP puts the old
 * files back exactly as they were; a sealed journal in the folder lets the next run into or under
 * the folder do the same after a SIGKILL. The folder is locked while it is written: a second run
 * waits for the first. Every file must lie inside the folder, with no symbolic link on the way.
 */
export function writeAllAtomic(
  folder: string,
  files: readonly { path: string; body: string | Uint8Array }[],
  ctx: WriteContext,
  /** tests: called before each rename, to make one fail; how long to wait for another writer */
  hooks: { beforeRename?: (n: number) => void; waitMs?: number } = {},
): void {
  if (files.length === 0) return;
  if (folder === '') throw fsError('ENOENT', 'the output folder is an empty path');
  const given = resolve(folder);
  mkdirp(given);
  const real = realpathSync(given);
  const targets = files.map((f) => {
    const r = relative(given, resolve(f.path));
    if (r === '' || r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r)) throw fsError('EINVAL', `${f.path} is not inside the output folder ${folder}`);
    return { path: join(real, r), body: f.body };
  });
  for (const t of targets) {
    // a link (or a file) where a folder goes would take the write outside the output folder
    for (let d = dirname(t.path); d !== real; d = dirname(d)) {
      const st = lstatOrNull(d);
      if (st && !st.isDirectory()) throw fsError('ENOTDIR', `${d} is in the way: it is ${st.isSymbolicLink() ? 'a symbolic link (lokiplan writes only inside the output folder)' : 'not a directory'}`);
    }
    // a directory (or anything but a file or a link) where a report goes is refused before anything moves
    const st = lstatOrNull(t.path);
    if (st && !st.isFile() && !st.isSymbolicLink()) throw fsError('EISDIR', `${t.path} is in the way: it is not a regular file`);
  }
  const dirs = relatedDirs(real, targets.map((t) => t.path));
  const unlock = lockFolder(real, dirs, ctx, hooks.waitMs ?? LOCK_WAIT_MS);
  const offLock = ctx.onInterrupt(unlock);
  try {
    // and a run killed writing into one of the folder's own subfolders (one scenario's, say)
    const below = readdirSync(real, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== OUTPUT_LOCK).map((e) => join(real, e.name));
    for (const d of new Set([...dirs, ...below])) recoverIn(d, real, ctx);
    swapIn(real, targets, ctx, hooks);
  } finally {
    offLock();
    unlock();
  }
}

/** The journalled swap itself, under the folder's lock. */
function swapIn(folder: string, targets: readonly { path: string; body: string | Uint8Array }[], ctx: WriteContext, hooks: { beforeRename?: (n: number) => void }): void {
  const id = randomUUID();
  const journalPath = join(folder, `.lokiplan-write.${id}.json`);
  const j: Journal = {
    format: JOURNAL_FORMAT,
    pid: ctx.pid,
    folder,
    entries: targets.map((t) => ({ path: t.path, tmp: join(dirname(t.path), `.${basename(t.path)}.${ctx.pid}.${id}.tmp`), backup: null, installed: false })),
  };
  const fd = openSync(journalPath, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o600);
  const journalStat = fstatSync(fd);
  const folderStat = statSync(folder);
  // written over itself from the start, then trimmed: at every moment a kill can come, its first
  // two lines are a whole journal and its seal
  const save = () => {
    const body = JSON.stringify(j);
    const text = Buffer.from(`${body}\n${seal(body, folder, folderStat, journalStat)}\n`);
    writeWhole(fd, text, 0);
    ftruncateSync(fd, text.length);
  };
  let closed = false;
  const close = () => {
    if (!closed) closeSync(fd);
    closed = true;
  };
  const undo = () => {
    rollBack(j);
    close();
    rmSync(journalPath, { force: true });
  };
  try {
    save();
  } catch (e) {
    undo();
    throw e;
  }
  const off = ctx.onInterrupt(undo);
  try {
    targets.forEach((t, i) => {
      mkdirp(dirname(t.path));
      writeFileSync(j.entries[i]!.tmp, t.body, { flag: 'wx' });
    });
    let n = 0;
    for (const e of j.entries) {
      hooks.beforeRename?.(n++);
      if (lstatOrNull(e.path)) {
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
  close();
  rmSync(journalPath, { force: true });
}

// ---- single files: atomic for a regular file, written through a device or FIFO ---------------

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
    if (!m || Number(m[1]) === ctx.pid || ctx.isRunning(Number(m[1]))) continue;
    const st = lstatOrNull(join(dir, n));
    const me = uid();
    if (st?.isFile() && (me === null || st.uid === me)) rmSync(join(dir, n), { force: true });
  }
  return join(dir, `.${base}.${ctx.pid}.${randomUUID()}.tmp`);
}

/**
 * Where a single-file output really goes: a symbolic link is followed to its file (the link stays),
 * a character device or a FIFO is written through (`--out /dev/null`, `--out a-fifo`), a regular
 * file (or none yet) is replaced atomically; anything else is refused.
 */
export function outputTarget(path: string): { path: string; through: boolean; mode?: number } {
  if (path === '') throw fsError('ENOENT', 'the path is empty');
  let st = lstatOrNull(path);
  let target = path;
  if (st?.isSymbolicLink()) {
    try {
      target = realpathSync(path);
    } catch {
      throw fsError('ENOENT', `${path} is a symbolic link to nothing (lokiplan follows links, and does not replace them)`);
    }
    st = statSync(target);
  }
  if (!st) return { path, through: false };
  if (st.isFile()) return { path: target, through: false, mode: st.mode & 0o7777 };
  if (st.isCharacterDevice() || st.isFIFO()) return { path: target, through: true };
  if (st.isDirectory()) throw fsError('EISDIR', `${path} is a directory`);
  throw fsError('ENOTREG', `${path} is not a regular file, a character device or a FIFO`);
}

/** An output being written: `commit` installs it (or ends the write through), `abort` leaves what was there. */
export interface OutputFile {
  write(chunk: string | Uint8Array): void;
  commit(): void;
  abort(): void;
}

/** Open a single-file output (see outputTarget): a temp file beside a regular file, or the device itself. */
export function openOutput(path: string, ctx: WriteContext): OutputFile {
  const t = outputTarget(path);
  if (t.through) {
    // as the shell's `>` does: a FIFO's open waits for its reader
    const fd = openSync(t.path, constants.O_WRONLY);
    let open = true;
    const close = () => {
      if (open) closeSync(fd);
      open = false;
    };
    return { write: (c) => writeWhole(fd, c), commit: close, abort: close };
  }
  mkdirp(dirname(t.path));
  const tmp = tempFor(t.path, ctx);
  const fd = openSync(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o666);
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  if (t.mode !== undefined) fchmodSync(fd, t.mode); // the file keeps its permissions
  return {
    write: (c) => writeWhole(fd, c),
    commit: () => {
      close();
      renameSync(tmp, t.path);
    },
    abort: () => {
      close();
      rmSync(tmp, { force: true });
    },
  };
}

/** Write a file so that readers see the old content or the new, never a half-written one. */
export function writeAtomic(path: string, content: string | Uint8Array, ctx: WriteContext): void {
  const out = openOutput(path, ctx);
  const off = ctx.onInterrupt(() => out.abort());
  try {
    out.write(content);
    out.commit();
  } catch (e) {
    out.abort();
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

