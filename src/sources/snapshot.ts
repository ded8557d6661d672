/** The embedded price snapshot: the default, offline price source. */
import data from './snapshot.json' with { type: 'json' };
import type { PriceBook } from '../model/prices.js';
import { parsePriceBookDocument, priceBookFrom, type PriceBookDocument } from './pricebook.js';

let doc: PriceBookDocument | null = null;

export function snapshotDocument(): PriceBookDocument {
  doc ??= parsePriceBookDocument(data, 'embedded snapshot');
  return doc;
}

export function snapshotRegions(): string[] {
  return Object.keys(snapshotDocument().regions);
}

export function snapshotBook(region: string): PriceBook {
  return priceBookFrom(snapshotDocument(), region, 'snapshot');
}

/** One region's body of the snapshot, or null when the snapshot has no prices for it. */
export function snapshotRegion(region: string): PriceBookDocument['regions'][string] | null {
  const d = snapshotDocument();
  return Object.hasOwn(d.regions, region) ? d.regions[region]! : null;
}
