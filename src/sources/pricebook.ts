/**
 * Price-book documents (the embedded snapshot, a user's file, a refreshed snapshot) and the
 * PriceBook built from one region of them. Every price is validated before use: a malformed,
 * negative, zero, duplicated or non-USD price is rejected with its key named.
 */
import { z } from 'zod';
import { PriceBookError, PriceNotFoundError } from '../errors.js';
import { validateTiers, type Price, type PriceBook, type PriceTier } from '../model/prices.js';

export const PRICEBOOK_FORMAT = 'lokiplan-prices/1';

const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal string such as "0.023"');
const entry = z.strictObject({
  unit: z.string().min(1),
  usd: decimal.optional(),
  tiers: z.array(z.strictObject({ upTo: decimal.optional(), usd: decimal })).min(1).optional(),
  source: z.string().min(1),
  asOf: z.string().optional(),
  sku: z.string().optional(),
  pricingCategory: z.enum(['on-demand', 'spot', 'committed', 'usage']).optional(),
});
const region = z.strictObject({
  asOf: z.string().min(1),
  fetchedAt: z.string().optional(),
  spotWindow: z.string().optional(),
  prices: z.record(z.string(), entry),
});
export const priceBookDocument = z.strictObject({
  format: z.literal(PRICEBOOK_FORMAT),
  currency: z.string(),
  description: z.string().optional(),
  regions: z.record(z.string(), region),
});
export type PriceBookDocument = z.infer<typeof priceBookDocument>;
export type PriceEntry = z.infer<typeof entry>;

/**
 * Validate a parsed JSON document as a price book. `now` (ISO date) rejects as-of dates in the
 * future; it is passed in so this stays free of the clock.
 */
export function parsePriceBookDocument(doc: unknown, source: string, now?: string): PriceBookDocument {
  const r = priceBookDocument.safeParse(doc);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new PriceBookError(source, i.path.map(String).join('.'), i.message);
  }
  const d = r.data;
  if (d.currency !== 'USD') throw new PriceBookError(source, 'currency', `only USD price books are supported, got ${JSON.stringify(d.currency)}`);
  for (const [reg, body] of Object.entries(d.regions)) {
    if (now && body.asOf.slice(0, 10) > now.slice(0, 10)) {
      throw new PriceBookError(source, `regions.${reg}.asOf`, `as-of date ${body.asOf} is in the future`);
    }
    for (const [key, e] of Object.entries(body.prices)) toPrice(key, e, reg, body.asOf, source);
  }
  return d;
}

function toPrice(key: string, e: PriceEntry, region: string, asOf: string, source: string): Price {
  const where = `regions.${region}.prices.${key}`;
  if ((e.usd === undefined) === (e.tiers === undefined)) {
    throw new PriceBookError(source, where, 'needs exactly one of usd or tiers');
  }
  let tiers: PriceTier[];
  if (e.usd !== undefined) {
    tiers = [{ from: 0, to: null, usd: e.usd, value: Number(e.usd) }];
  } else {
    let from = 0;
    tiers = e.tiers!.map((t, i) => {
      const to = t.upTo === undefined ? null : Number(t.upTo);
      if (to === null && i !== e.tiers!.length - 1) throw new PriceBookError(source, where, `tier ${i} has no upTo but is not the last`);
      const tier = { from, to, usd: t.usd, value: Number(t.usd) };
      from = to ?? Infinity;
      return tier;
    });
    if (tiers[tiers.length - 1]!.to !== null) throw new PriceBookError(source, where, 'the last tier must be open-ended (no upTo)');
    try {
      validateTiers(tiers, key);
    } catch (err) {
      throw new PriceBookError(source, where, (err as Error).message);
    }
  }
  for (const t of tiers) {
    if (!(t.value > 0) || !Number.isFinite(t.value)) {
      throw new PriceBookError(source, where, `price must be a positive finite number, got ${JSON.stringify(t.usd)}`);
    }
  }
  const p: Price = { key, unit: e.unit, tiers, source: e.source, asOf: e.asOf ?? asOf };
  if (e.sku) p.sku = e.sku;
  if (e.pricingCategory) p.pricingCategory = e.pricingCategory;
  return p;
}

/** The PriceBook for one region of a validated document. */
export function priceBookFrom(doc: PriceBookDocument, regionName: string, id: string): PriceBook {
  const body = doc.regions[regionName];
  if (!body) throw new PriceNotFoundError('*', regionName, id, `no prices for this region (has: ${Object.keys(doc.regions).join(', ')})`);
  const cache = new Map<string, Price>();
  return {
    id,
    region: regionName,
    currency: 'USD',
    asOf: body.fetchedAt ?? body.asOf,
    has: (k) => Object.hasOwn(body.prices, k),
    get(k) {
      let p = cache.get(k);
      if (p) return p;
      const e = Object.hasOwn(body.prices, k) ? body.prices[k] : undefined;
      if (!e) throw new PriceNotFoundError(k, regionName, id);
      p = toPrice(k, e, regionName, body.asOf, id);
      cache.set(k, p);
      return p;
    },
  };
}
