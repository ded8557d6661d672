/**
 * The embedded price snapshot: the default, offline price source. One file per region
 * (src/sources/snapshot/<region>.json, copied beside the bundle as dist/snapshot/ by
 * scripts/build.mjs), read only for the regions a command plans: us-east-1 alone prices every
 * instance type of the catalogue, and start-up must not pay for regions it does not use. The files
 * are package assets read like an import; `test/price-catalogue.test.ts` validates every one with
 * parsePriceBookDocument, and each price is validated again when a plan uses it (priceBookFrom).
 */
import { readFileSync } from 'node:fs';
import { PriceNotFoundError } from '../errors.js';
import { closest } from '../model/closest.js';
import { REGION_LOCATIONS } from './aws-regions.js';
import type { PriceBook } from '../model/prices.js';
import index from './snapshot/index.json' with { type: 'json' };
import { parsePriceBookDocument, priceBookFrom, PRICEBOOK_FORMAT, type PriceBookDocument } from './pricebook.js';

export type RegionBody = PriceBookDocument['regions'][string];

const bodies = new Map<string, RegionBody>();
const books = new Map<string, PriceBook>();

export function snapshotRegions(): string[] {
  return [...index.regions];
}

/** One region's body of the snapshot, or null when the snapshot has no prices for it. */
export function snapshotRegion(region: string): RegionBody | null {
  if (!index.regions.includes(region)) return null;
  let b = bodies.get(region);
  if (!b) {
    b = JSON.parse(readFileSync(new URL(`./snapshot/${region}.json`, import.meta.url), 'utf8')) as RegionBody;
    bodies.set(region, b);
  }
  return b;
}

/** The snapshot as a document, with the named regions (all by default: tests and the what-if page). */
export function snapshotDocument(regions: readonly string[] = index.regions): PriceBookDocument {
  const doc: PriceBookDocument = { format: PRICEBOOK_FORMAT, currency: 'USD', description: index.description, regions: {} };
  for (const r of regions) {
    const b = snapshotRegion(r);
    if (b) doc.regions[r] = b;
  }
  return doc;
}

/** The full check of every region (the catalogue test runs it; plans validate the prices they use). */
export function validateSnapshot(now?: string): PriceBookDocument {
  return parsePriceBookDocument(snapshotDocument(), 'embedded snapshot', now);
}

/** How to price what the snapshot lacks. */
const WAY_FORWARD = (region: string) => `for live AWS prices use --prices live, or \`lokiplan prices refresh --region ${region} --out prices.json\` and --prices prices.json`;

/** The snapshot has no prices for a region: a known region says how to get them, a typo names the closest. */
function unpricedRegion(region: string): string {
  if (Object.hasOwn(REGION_LOCATIONS, region)) return `the embedded snapshot has prices for ${index.regions.join(', ')} only; ${WAY_FORWARD(region)}`;
  return `not an AWS commercial region lokiplan knows: did you mean ${closest(region, Object.keys(REGION_LOCATIONS)).join(', ')}? (the snapshot has ${index.regions.join(', ')})`;
}

export function snapshotBook(region: string): PriceBook {
  let book = books.get(region);
  if (book) return book;
  const body = snapshotRegion(region);
  if (!body) throw new PriceNotFoundError('*', region, 'snapshot', unpricedRegion(region));
  const types = Object.keys(body.prices).filter((k) => k.startsWith('ec2.ondemand.')).length;
  const hint = (k: string) =>
    k.startsWith('ec2.')
      ? `the snapshot prices ${types} instance types in ${region}${region === 'us-east-1' ? '' : ' (every catalogue type in us-east-1)'}; ${WAY_FORWARD(region)}`
      : WAY_FORWARD(region);
  book = priceBookFrom({ format: PRICEBOOK_FORMAT, currency: 'USD', regions: { [region]: body } }, region, 'snapshot', hint);
  books.set(region, book);
  return book;
}
