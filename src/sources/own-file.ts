/**
 * Reading a file lokiplan wrote itself (a cache entry, a write journal, a lock's pid) so that
 * nothing planted in its place can hang or exhaust the run: the path is opened without following
 * a link (O_NOFOLLOW) and without blocking on a FIFO (O_NONBLOCK), and only a regular file owned by
 * this user, of at most `max` bytes, is read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** This process's user id (null where the platform has none). */
export const uid = (): number | null => process.getuid?.() ?? null;

/**
 * Read a file lokiplan wrote, without following a link and without blocking on a FIFO: null when
 * it is not a regular file owned by this user, or larger than `max` bytes.
 */
export function readOwnFile(p: string, max: number, owned = true): { text: string; stat: Stats } | null {
  let fd: number;
  try {
    fd = openSync(p, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const stat = fstatSync(fd);
    const me = uid();
    if (!stat.isFile() || stat.size > max || (owned && me !== null && stat.uid !== me)) return null;
    const buf = Buffer.alloc(stat.size + 1);
    let n = 0;
    for (let r = 1; r > 0 && n < buf.length; n += r) r = readSync(fd, buf, n, buf.length - n, null);
    if (n > max) return null;
    return { text: buf.subarray(0, n).toString('utf8'), stat };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

