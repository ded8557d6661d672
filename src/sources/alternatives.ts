/**
 * Prices for `plan --alternatives`: AWS keys (CloudWatch Logs, OpenSearch) from the plan's own
 * price book when it has them (live Price List, a price book file), else from the embedded
 * alternatives snapshot for the region; SaaS keys from the shipped list-price book; a scenario's
 * `alternatives.quotes` over both. A key none of them has is a PriceNotFoundError that says how to
 * get it, never a zero.
 *
 * Live (`--prices live --alternatives`): the keys of the price-key catalogue (CloudWatch Logs,
 * OpenSearch instances; model/price-catalogue.ts ALTERNATIVE_LIVE_KEYS) come from the Price List.
 * One not found live leaves its alternative unpriced with AWS's reason (never the snapshot's
 * figure in its place), unless `--fallback snapshot` put the alternatives snapshot's price in the
 * book, labelled. OpenSearch Serverless (OCUs, managed storage) and the managed domain's EBS have
 * no Price List rule: no public Price List record or document found names their attributes
 * (usagetype, storageMedia for gp3), and lokiplan does not guess them; they come from this
 * snapshot even with --prices live, and their lines say so.
 */
import { z } from 'zod';
import { PriceBookError, PriceNotFoundError } from '../errors.js';
import type { PriceLookup } from '../model/alternatives.js';
import { familyOf } from '../model/price-catalogue.js';
import type { Price, PriceBook } from '../model/prices.js';
import { LIVE_SOURCE_ID } from './live.js';
import data from './alternatives-prices.json' with { type: 'json' };

const USD = /^\d+(\.\d+)?$/;
const entry = z.strictObject({ usd: z.string().regex(USD), unit: z.string().min(1), asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), source: z.string().min(1) });
const documentSchema = z.strictObject({
  format: z.literal('lokiplan-alternative-prices/1'),
  about: z.string(),
  aws: z.record(z.string(), z.record(z.string(), entry)),
  saas: z.record(z.string(), entry),
});
export type AlternativePricesDocument = z.infer<typeof documentSchema>;

export const SAAS_PREFIXES = ['grafana-cloud.', 'datadog.'] as const;
const isSaas = (k: string) => SAAS_PREFIXES.some((p) => k.startsWith(p));

let parsed: AlternativePricesDocument | null = null;
export function alternativePrices(): AlternativePricesDocument {
  if (!parsed) {
    const r = documentSchema.safeParse(data);
    if (!r.success) throw new PriceBookError('alternatives-prices.json', r.error.issues[0]?.path.join('.') ?? '', r.error.issues[0]?.message ?? 'invalid');
    parsed = r.data;
  }
  return parsed;
}

const toPrice = (key: string, e: z.infer<typeof entry>, source = e.source): Price => ({
  key,
  unit: e.unit,
  tiers: [{ from: 0, to: null, usd: e.usd, value: Number(e.usd) }],
  source,
  asOf: e.asOf,
});

/** The lookup the model prices alternatives with. `quotes`: price key -> USD decimal string (the user's own quote). */
export function alternativesLookup(region: string, book: PriceBook, quotes: Record<string, string>, doc = alternativePrices()): PriceLookup {
  return (key) => {
    const q = quotes[key];
    if (q !== undefined) {
      const base = isSaas(key) ? doc.saas[key] : doc.aws[region]?.[key];
      return toPrice(key, { usd: q, unit: base?.unit ?? 'unit', asOf: 'scenario', source: 'quote' }, `quote (scenario alternatives.quotes)`);
    }
    if (isSaas(key)) {
      const e = doc.saas[key];
      if (!e) throw new PriceNotFoundError(key, region, 'the alternatives price book', `add it under alternatives.quotes`);
      return toPrice(key, e);
    }
    if (book.has(key)) return book.get(key);
    const lost = book.missing && Object.hasOwn(book.missing, key) ? book.missing[key] : undefined;
    if (lost !== undefined) {
      throw new PriceNotFoundError(key, region, book.id, `not found live (${lost}); add --fallback snapshot to price it from the alternatives snapshot, or quote it: alternatives.quotes: { ${key}: "USD" }`);
    }
    const e = doc.aws[region]?.[key];
    if (!e) {
      const how = familyOf(key) ? 'price it with --prices live, a price book with this key, or alternatives.quotes' : 'it has no Price List rule (no public record of its attributes): quote it with alternatives.quotes';
      throw new PriceNotFoundError(key, region, 'the alternatives snapshot', `${how}: { ${key}: "USD" }`);
    }
    const live = book.id.startsWith(LIVE_SOURCE_ID);
    return toPrice(key, e, live && !familyOf(key) ? `alternatives snapshot (no Price List rule for this key: its Price List attributes are in no public record): ${e.source}` : e.source);
  };
}
