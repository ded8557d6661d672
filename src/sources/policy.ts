/**
 * Price-source policy: which keys `--prices live` fetches, how a negotiated-rates file lays over a
 * price document, and what `--fallback snapshot` does when a live key is missing (that key alone
 * from the snapshot, its source saying so) or the whole fetch fails (everything from the snapshot,
 * the plan's price note saying so). Pure over documents; the caller fetches and reports notices.
 */
import { SourceError } from '../errors.js';
import { familyOf, isAlternativeKey, neededByRegion, optionalByRegion } from '../model/price-catalogue.js';
import type { PriceBook } from '../model/prices.js';
import type { Scenario } from '../model/types.js';
import { priceBookFrom, type PriceBookDocument } from './pricebook.js';
import { snapshotBook, snapshotDocument, snapshotRegion } from './snapshot.js';

/**
 * Lay a negotiated-rates file (commitments, enterprise discount, price entries) over a document,
 * region by region: the base's list prices stay, the file's entries win.
 */
export function withNegotiated(base: PriceBookDocument, overlay: PriceBookDocument): PriceBookDocument {
  const regions = { ...base.regions };
  for (const [r, o] of Object.entries(overlay.regions)) {
    const b = regions[r];
    if (!b) continue;
    // the base's own entries stay as the public list prices the file's entries replace (FOCUS ListUnitPrice)
    const replaced = Object.fromEntries(Object.keys(o.prices).filter((k) => Object.hasOwn(b.prices, k)).map((k) => [k, b.listPrices?.[k] ?? b.prices[k]!]));
    const merged = { ...b, prices: { ...b.prices, ...o.prices } };
    if (Object.keys(replaced).length) merged.listPrices = { ...b.listPrices, ...replaced };
    if (o.commitments) merged.commitments = o.commitments;
    if (o.enterpriseDiscount) merged.enterpriseDiscount = o.enterpriseDiscount;
    regions[r] = merged;
  }
  return { ...base, regions };
}

const notCommitted = (k: string) => familyOf(k)?.family.source !== 'commitments';

/**
 * What `--prices live` asks AWS for, by region: only what the scenarios need (fewer requests, fewer
 * ways to fail; commitment rates come from --commitments), and `fetch` adds the placement's family
 * sizes (compute.instanceSizes: family), of which one not found is simply no candidate.
 * `scenarios` already carry `alternatives` settings where the alternatives are priced.
 */
export function liveKeys(scenarios: readonly Scenario[]): { needed: Map<string, string[]>; fetch: Map<string, string[]> } {
  const needed = new Map([...neededByRegion(scenarios)].map(([r, keys]) => [r, keys.filter(notCommitted)]));
  const optional = optionalByRegion(scenarios);
  const fetch = new Map([...needed].map(([r, keys]) => [r, [...keys, ...(optional.get(r) ?? []).filter(notCommitted)]]));
  return { needed, fetch };
}

/** `--fallback snapshot` after a failed live fetch: every price from the snapshot (negotiated rates still laid over it). */
export function snapshotFallback(why: string, overlay: PriceBookDocument | null): (region: string) => PriceBook {
  const note = `FALLBACK: live AWS prices failed (${why}); every price is from the embedded snapshot`;
  const base = overlay ? withNegotiated(snapshotDocument(Object.keys(overlay.regions)), overlay) : null;
  return (region) => ({ ...(base ? priceBookFrom(base, region, 'snapshot') : snapshotBook(region)), note });
}

/**
 * Needed keys a live document lacks, region by region. An alternative's key not found live leaves
 * that alternative unpriced, saying why (sources/alternatives.ts), never the plan; with `fallback`
 * it is taken from the alternatives snapshot where that has it. Any other missing key is a
 * SourceError naming it, or with `fallback` that key alone from the snapshot, its priceSource
 * starting `SNAPSHOT FALLBACK (live: <reason>)`. Fills `doc` in place; returns each region's
 * price note.
 */
export async function fillMissing(doc: PriceBookDocument, needed: ReadonlyMap<string, readonly string[]>, fallback: boolean, notice: (message: string) => void): Promise<Map<string, string>> {
  const notes = new Map<string, string>();
  for (const [region, keys] of needed) {
    const body = doc.regions[region]!;
    const lostAlternatives = keys.filter((k) => isAlternativeKey(k) && !Object.hasOwn(body.prices, k));
    if (lostAlternatives.length && fallback) {
      const { alternativePrices } = await import('./alternatives.js');
      const snap = alternativePrices().aws[region] ?? {};
      for (const k of lostAlternatives) {
        const e = Object.hasOwn(snap, k) ? snap[k]! : null;
        if (!e) continue; // stays missing: the alternative is reported unpriced with the live reason
        body.prices[k] = { unit: e.unit, usd: e.usd, source: `SNAPSHOT FALLBACK (live: ${body.missing?.[k] ?? 'no product'}): ${e.source}`, asOf: e.asOf };
        if (body.missing) delete body.missing[k];
        notice(`${k}: not found live in ${region}, priced from the alternatives snapshot (--fallback snapshot)`);
      }
    }
    const lacking = keys.filter((k) => !isAlternativeKey(k) && !Object.hasOwn(body.prices, k));
    if (lacking.length === 0) continue;
    const why = (k: string) => body.missing?.[k] ?? 'no product';
    if (!fallback) {
      const k = lacking[0]!;
      throw new SourceError(
        `live prices: ${k} is needed but was not found in ${region}: ${why(k)}${lacking.length > 1 ? ` (and ${lacking.length - 1} more: ${lacking.slice(1).join(', ')})` : ''}; add --fallback snapshot to take ${lacking.length > 1 ? 'these keys' : 'that key'} alone from the snapshot, or give it in a price book (--prices FILE)`,
      );
    }
    // each missing key alone from the snapshot; its cost line's priceSource says so
    const snap = snapshotRegion(region) ? snapshotBook(region) : null;
    for (const k of lacking) {
      if (!snap?.has(k)) throw new SourceError(`live prices: ${k} is needed but was not found in ${region} (${why(k)}), and the snapshot has no price for it either: give it in a price book (--prices FILE)`);
      const p = snap.get(k);
      body.prices[k] = {
        unit: p.unit,
        ...(p.tiers.length === 1 ? { usd: p.tiers[0]!.usd } : { tiers: p.tiers.map((t) => (t.to === null ? { usd: t.usd } : { upTo: String(t.to), usd: t.usd })) }),
        source: `SNAPSHOT FALLBACK (live: ${why(k)}): ${p.source}`,
        asOf: p.asOf,
        ...(p.pricingCategory ? { pricingCategory: p.pricingCategory } : {}),
      };
      notice(`${k}: not found live in ${region}, priced from the snapshot (--fallback snapshot)`);
    }
    notes.set(region, `FALLBACK: ${lacking.join(', ')} from the embedded snapshot (not found live); every other price is live`);
  }
  return notes;
}
