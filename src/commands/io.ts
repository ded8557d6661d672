/** File I/O for commands: reading scenarios, profiles and price books; the writers are in writes.ts (re-exported). */
export { mkdirp, openOutput, outputTarget, readOwnFile, tempFor, withFileLock, writeAllAtomic, writeAtomic, LOCK_WAIT_MS, OUTPUT_LOCK, type OutputFile, type WriteContext } from './writes.js';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { fsError } from './writes.js';
import type { RunContext } from './context.js';
import { STDIN } from '../scenario/source.js';
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
 * The scenario reader of a run: `-` (STDIN) is standard input, read once to its end through the
 * same byte bound as a file (a scenario read twice, `plan - -`, is the same text); anything else is
 * a file (readText).
 */
export function scenarioReader(ctx: Pick<RunContext, 'readStdin'>): (p: string) => string {
  let text: string | undefined;
  return (p) => {
    if (p !== STDIN) return readText(p);
    if (text === undefined) {
      if (!ctx.readStdin) throw fsError('ENOENT', 'this run has no standard input to read');
      const b = ctx.readStdin(MAX_SCENARIO_BYTES);
      if (b.length > MAX_SCENARIO_BYTES) throw fsError('EFBIG', `standard input is larger than ${MAX_SCENARIO_BYTES} bytes`);
      text = new TextDecoder('utf-8', { fatal: false }).decode(b);
    }
    return text;
  };
}

/**
 * The value of an `--out`/`--chart` option: an empty path, or one with a control character (a
 * newline would split the "wrote" lines), is refused.
 */
export function outPathOption(v: string): string {
  if (v === '') throw new InvalidArgumentError('an empty path; name a file or folder');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) throw new InvalidArgumentError('the path has a control character (a newline or tab); choose another name');
  return v;
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
