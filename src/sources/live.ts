/**
 * The live price source: AWS Price List prices plus spot history for a region, as a region body of
 * the snapshot format, so `prices refresh` writes exactly what `plan --prices live` plans with.
 * Keys are resolved one by one: what could not be found is listed in the body's `missing` with
 * its reason, and the caller decides whether a missing key matters (a scenario needs it) or not.
 */
import { SourceError } from '../errors.js';
import { DEFAULT_INSTANCE_TYPES, INSTANCE_TYPES, unknownInstanceType } from '../model/instances.js';
import { catalogueKeys, familyOf, keyOrder } from '../model/price-catalogue.js';
import { fetchRegionPrices, type FetchContext, type MissingKey } from './aws-pricing.js';
import { PRICEBOOK_FORMAT, type PriceBookDocument } from './pricebook.js';
import { DEFAULT_SPOT_DAYS, fetchSpotPrices } from './spot.js';

export const LIVE_SOURCE_ID = 'aws-price-list-api';

export type RegionBody = PriceBookDocument['regions'][string];

export interface LiveOptions extends FetchContext {
  spotDays?: number;
}

/** What `prices refresh` fetches by default: every key the snapshot carries, for these instance types. */
export function fetchableKeys(instanceTypes: readonly string[]): string[] {
  return catalogueKeys(instanceTypes, (f) => f.source !== 'commitments' && f.snapshot !== 'none');
}

const sortKeys = <T>(o: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(o).sort(([a], [b]) => keyOrder(a) - keyOrder(b) || (a < b ? -1 : 1)));

/** Fetch `keys` for a region: Price List keys from GetProducts, spot keys from spot history. */
export async function fetchRegionBody(region: string, keys: readonly string[], opts: LiveOptions): Promise<RegionBody> {
  const wanted = [...new Set(keys)];
  const list: string[] = [];
  const spotTypes: string[] = [];
  const missing: MissingKey[] = [];
  for (const k of wanted) {
    const f = familyOf(k);
    if (f && (f.id === 'ec2.ondemand' || f.id === 'ec2.spot') && !INSTANCE_TYPES.has(f.param!)) throw new SourceError(unknownInstanceType(f.param!));
    if (f?.family.source === 'spot-history') spotTypes.push(f.param!);
    else if (f?.family.source === 'price-list') list.push(k);
    else missing.push({ key: k, reason: f ? `comes from a commitments file (--commitments), not from AWS` : 'not a price key lokiplan knows' });
  }
  const got = list.length ? await fetchRegionPrices(region, list, opts) : { prices: {}, missing: [], asOf: '' };
  const spot = await fetchSpotPrices(region, spotTypes, opts.spotDays ?? DEFAULT_SPOT_DAYS, opts);
  const fetchedAt = opts.stats.fetchedAt ?? opts.now().toISOString();
  const body: RegionBody = { asOf: got.asOf || fetchedAt.slice(0, 10), fetchedAt, prices: sortKeys({ ...got.prices, ...spot.prices }) };
  if (spot.window) body.spotWindow = spot.window;
  const all = [...missing, ...got.missing, ...spot.missing];
  if (all.length) body.missing = sortKeys(Object.fromEntries(all.map((m) => [m.key, m.reason])));
  return body;
}

/** A document with one body per region, each fetching its own keys. */
export async function liveDocument(regions: ReadonlyMap<string, readonly string[]>, opts: LiveOptions): Promise<PriceBookDocument> {
  const doc: PriceBookDocument = {
    format: PRICEBOOK_FORMAT,
    currency: 'USD',
    description: 'AWS list prices from the Price List Query API (on-demand Linux, shared tenancy) and EC2 spot price history. Written by `lokiplan prices refresh`.',
    regions: {},
  };
  for (const [region, keys] of regions) doc.regions[region] = await fetchRegionBody(region, keys, opts);
  return doc;
}

/** What `prices refresh` fetches by default: the common types (`--instance-types` names any of the catalogue's). */
export const ALL_INSTANCE_TYPES = (): string[] => [...DEFAULT_INSTANCE_TYPES];
