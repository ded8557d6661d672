/** File I/O for commands: reading scenarios and price books, atomic writes. */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, basename } from 'node:path';
import { PriceBookError, ScenarioError } from '../errors.js';
import { DEFAULT_PROFILE, type SizingProfile } from '../model/profiles.js';
import { parseProfile } from '../scenario/profile.js';
import type { PriceBook } from '../model/prices.js';
import { parsePriceBookDocument, priceBookFrom, type PriceBookDocument } from '../sources/pricebook.js';
import { snapshotBook } from '../sources/snapshot.js';

export const readText = (p: string): string => {
  const buf = readFileSync(p);
  return new TextDecoder('utf-8', { fatal: false }).decode(buf);
};

/** Write a file so that readers see the old content or the new, never a half-written one. */
export function writeAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function loadPriceBookFile(path: string): PriceBookDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PriceBookError(path, '', code === 'ENOENT' ? 'file not found' : (e as Error).message);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PriceBookError(path, '', `not valid JSON: ${(e as Error).message}`);
  }
  return parsePriceBookDocument(doc, path, new Date().toISOString());
}

/** `--prices snapshot` (default) or `--prices FILE`. */
export function priceBooks(spec: string): (region: string) => PriceBook {
  if (spec === 'snapshot') return snapshotBook;
  const doc = loadPriceBookFile(spec);
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
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioError(path, '', code === 'ENOENT' ? 'profile file not found' : (e as Error).message);
  }
  return parseProfile(text, path);
}
