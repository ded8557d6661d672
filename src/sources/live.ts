/**
 * The live price source: AWS Price List prices plus spot history for a region, as a region body of
 * the snapshot format, so `prices refresh` writes exactly what `plan --prices live` plans with.
 */
import { SourceError } from '../errors.js';
import { INSTANCE_TYPES } from '../model/instances.js';
import { fetchRegionPrices, type FetchContext } from './aws-pricing.js';
import { PRICEBOOK_FORMAT, type PriceBookDocument } from './pricebook.js';
import { DEFAULT_SPOT_DAYS, fetchSpotPrices } from './spot.js';

export const LIVE_SOURCE_ID = 'aws-price-list-api';

export type RegionBody = PriceBookDocument['regions'][string];

export interface LiveOptions extends FetchContext {
  spotDays?: number;
}

export async function fetchRegionBody(region: string, instanceTypes: readonly string[], opts: LiveOptions): Promise<RegionBody> {
  const types = [...new Set(instanceTypes)].sort();
  for (const t of types) {
    if (!INSTANCE_TYPES.has(t)) throw new SourceError(`unknown instance type ${JSON.stringify(t)}: lokiplan knows ${[...INSTANCE_TYPES.keys()].join(', ')}`);
  }
  const list = await fetchRegionPrices(region, types, opts);
  const spot = await fetchSpotPrices(region, types, opts.spotDays ?? DEFAULT_SPOT_DAYS, opts);
  const prices = Object.fromEntries(Object.entries({ ...list.prices, ...spot.prices }).sort(([a], [b]) => keyOrder(a) - keyOrder(b) || (a < b ? -1 : 1)));
  const fetchedAt = opts.stats.fetchedAt ?? opts.now().toISOString();
  const body: RegionBody = { asOf: list.asOf || fetchedAt.slice(0, 10), fetchedAt, prices };
  if (spot.window) body.spotWindow = spot.window;
  return body;
}

const ORDER = ['ec2.', 'ebs.', 's3.storage.', 's3.requests.', 's3.it.', 'transfer.', 'eks.', 'elb.', 'compute.', 's3.transition.'];
const keyOrder = (k: string) => {
  const i = ORDER.findIndex((p) => k.startsWith(p));
  return i < 0 ? ORDER.length : i;
};

export async function liveDocument(regions: ReadonlyMap<string, readonly string[]>, opts: LiveOptions): Promise<PriceBookDocument> {
  const doc: PriceBookDocument = {
    format: PRICEBOOK_FORMAT,
    currency: 'USD',
    description: 'AWS list prices from the Price List Query API (on-demand Linux, shared tenancy) and EC2 spot price history. Written by `lokiplan prices refresh`.',
    regions: {},
  };
  for (const [region, types] of regions) doc.regions[region] = await fetchRegionBody(region, types, opts);
  return doc;
}

/** Every instance type the model knows: what `prices refresh` fetches by default. */
export const ALL_INSTANCE_TYPES = (): string[] => [...INSTANCE_TYPES.keys()];
