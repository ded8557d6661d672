/**
 * Price-book documents (the embedded snapshot, a user's file, a refreshed snapshot) and the
 * PriceBook built from one region of them. Every price is validated before use: a malformed,
 * negative, zero, duplicated or non-USD price is rejected with its key named.
 */
import { z } from 'zod';
import { PriceBookError, PriceNotFoundError } from '../errors.js';
import { unitOf } from '../model/price-catalogue.js';
import { validateTiers, type Price, type PriceBook, type PriceTier } from '../model/prices.js';
import { discountDecimal } from './decimal.js';
import { closest, distance } from 'fastest-levenshtein';
import { familyOf as instanceFamily, INSTANCE_TYPES } from '../model/instances.js';

/** The instance families the model knows (a commitment for another could never be used). */
const INSTANCE_FAMILIES: ReadonlySet<string> = new Set([...INSTANCE_TYPES.keys()].map(instanceFamily));
/** The known family a mistyped one (case, spacing, one letter) most likely means. */
const didYouMean = (k: string, known: string[]): string | undefined => {
  const best = closest(k, known);
  return distance(k, best) <= 1 ? best : undefined;
};

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
/** A Savings Plan or Reserved Instance commitment for one instance family (e.g. "m7i"). */
const commitment = z.strictObject({
  kind: z.enum(['savings-plan', 'reserved-instance']),
  /** percent off the on-demand rate, e.g. "28" */
  discountPercent: decimal.optional(),
  /** or effective hourly rates per instance type of the family */
  rates: z.record(z.string(), decimal).optional(),
  term: z.string().optional(),
  source: z.string().min(1),
});
const region = z.strictObject({
  asOf: z.string().min(1),
  fetchedAt: z.string().optional(),
  spotWindow: z.string().optional(),
  prices: z.record(z.string(), entry),
  /** keys a refresh looked for and could not price, with the reason (written by `prices refresh`) */
  missing: z.record(z.string(), z.string()).optional(),
  /**
   * Public list prices of keys whose `prices` entry is negotiated (FOCUS ListUnitPrice). Laying a
   * `--commitments` file over a book keeps the book's own entries here.
   */
  listPrices: z.record(z.string(), entry).optional(),
  commitments: z.record(z.string(), commitment).optional(),
  /** spot prices not listed: an estimate this many percent below the listed on-demand price (the snapshot's) */
  spotEstimate: z.strictObject({ discountPercent: decimal, source: z.string().min(1) }).optional(),
  /** a negotiated discount off every price in the region, in percent */
  enterpriseDiscount: z.strictObject({ percent: decimal, source: z.string().min(1) }).optional(),
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
  ambiguousKeys(Object.keys(d.regions), 'regions', source);
  for (const [reg, body] of Object.entries(d.regions)) {
    const where = `regions.${reg}`;
    checkDate(body.asOf, `${where}.asOf`, source, now);
    if (body.fetchedAt !== undefined) checkDate(body.fetchedAt, `${where}.fetchedAt`, source, now);
    ambiguousKeys(Object.keys(body.prices), `${where}.prices`, source);
    for (const [key, e] of Object.entries(body.prices)) {
      if (e.asOf !== undefined) checkDate(e.asOf, `${where}.prices.${key}.asOf`, source, now);
      checkUnit(key, e.unit, `${where}.prices.${key}.unit`, source);
      toPrice(key, e, reg, body.asOf, source);
    }
    if (body.listPrices) ambiguousKeys(Object.keys(body.listPrices), `${where}.listPrices`, source);
    for (const [key, e] of Object.entries(body.listPrices ?? {})) {
      checkUnit(key, e.unit, `${where}.listPrices.${key}.unit`, source);
      toPrice(key, e, reg, body.asOf, source);
    }
    for (const [fam, c] of Object.entries(body.commitments ?? {})) {
      const where = `regions.${reg}.commitments.${fam}`;
      // a family key is an instance family exactly as EC2 writes it (m7g, not M7G or "m7g ")
      if (!INSTANCE_FAMILIES.has(fam)) {
        const guess = didYouMean(fam.trim().toLowerCase(), [...INSTANCE_FAMILIES]);
        throw new PriceBookError(source, where, `unknown instance family ${JSON.stringify(fam)}${guess ? `; did you mean ${guess}?` : ''}`);
      }
      if ((c.discountPercent === undefined) === (c.rates === undefined)) throw new PriceBookError(source, where, 'needs exactly one of discountPercent or rates');
      if (c.discountPercent !== undefined && !(Number(c.discountPercent) > 0 && Number(c.discountPercent) < 100)) {
        throw new PriceBookError(source, `${where}.discountPercent`, `must be between 0 and 100, got ${c.discountPercent}`);
      }
      for (const [t, usd] of Object.entries(c.rates ?? {})) {
        if (t.split('.')[0] !== fam) throw new PriceBookError(source, `${where}.rates.${t}`, `${t} is not in instance family ${fam}`);
        if (!(Number(usd) > 0)) throw new PriceBookError(source, `${where}.rates.${t}`, `must be a positive price, got ${usd}`);
      }
    }
    const se = body.spotEstimate;
    if (se && !(Number(se.discountPercent) > 0 && Number(se.discountPercent) < 100)) {
      throw new PriceBookError(source, `regions.${reg}.spotEstimate.discountPercent`, `must be between 0 and 100, got ${se.discountPercent}`);
    }
    const ed = body.enterpriseDiscount;
    if (ed && !(Number(ed.percent) > 0 && Number(ed.percent) < 100)) {
      throw new PriceBookError(source, `regions.${reg}.enterpriseDiscount.percent`, `must be between 0 and 100, got ${ed.percent}`);
    }
  }
  return d;
}

const DATE_RE = /^(\d{4})-(\d{2})(?:-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?)?$/;

/** An as-of date is YYYY-MM, YYYY-MM-DD or an ISO date-time, and (given `now`) not in the future. */
function checkDate(v: string, where: string, source: string, now?: string): void {
  const m = DATE_RE.exec(v);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])] : [0, 0, 0];
  const day = new Date(Date.UTC(y, mo - 1, d));
  const ok = m && mo >= 1 && mo <= 12 && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && !Number.isNaN(Date.parse(v.length === 7 ? `${v}-01` : v));
  if (!ok) throw new PriceBookError(source, where, `must be a date such as "2026-06" or "2026-06-30", got ${JSON.stringify(v)}`);
  if (now && v.slice(0, 10) > now.slice(0, 10)) throw new PriceBookError(source, where, `as-of date ${v} is in the future`);
}

/** Keys that differ only in case or surrounding space name the same thing twice: which one applies? */
function ambiguousKeys(keys: string[], where: string, source: string): void {
  const seen = new Map<string, string>();
  for (const k of keys) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/.test(k)) {
      const shown = JSON.stringify(k).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      throw new PriceBookError(source, `${where}.${shown}`, 'is not a plain key (letters, digits and . _ : / - only)');
    }
    const norm = k.toLowerCase();
    const other = seen.get(norm);
    if (other !== undefined) throw new PriceBookError(source, `${where}.${k}`, `ambiguous: also given as ${JSON.stringify(other)}`);
    seen.set(norm, k);
  }
}

function checkUnit(key: string, unit: string, where: string, source: string): void {
  const want = unitOf(key); // the catalogue's unit: a price per another unit would be misread
  if (want !== null && unit.toLowerCase() !== want.toLowerCase()) {
    throw new PriceBookError(source, where, `is ${JSON.stringify(unit)}, but the model prices ${key} per ${want}`);
  }
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

const COMMITTED = 'ec2.committed.';
const SPOT = 'ec2.spot.';

/**
 * The PriceBook for one region of a validated document. `ec2.committed.<type>` comes from the
 * region's commitments (a rate, or a percentage off on-demand) unless listed as a price; an
 * enterprise discount applies to every price, and each price's source says so.
 */
export function priceBookFrom(doc: PriceBookDocument, regionName: string, id: string, hint?: (key: string) => string): PriceBook {
  const body = Object.hasOwn(doc.regions, regionName) ? doc.regions[regionName] : undefined; // not "__proto__"
  if (!body) throw new PriceNotFoundError('*', regionName, id, `no prices for this region (has: ${Object.keys(doc.regions).join(', ')})`);
  const cache = new Map<string, Price>();
  const listed = (k: string) => Object.hasOwn(body.prices, k);
  const commitmentFor = (k: string) => {
    if (!k.startsWith(COMMITTED) || listed(k)) return null;
    const type = k.slice(COMMITTED.length);
    const fam = type.split('.')[0]!;
    const c = body.commitments && Object.hasOwn(body.commitments, fam) ? body.commitments[fam]! : null;
    return { type, fam, c };
  };
  const spotOf = (k: string): string | null => {
    if (!body.spotEstimate || !k.startsWith(SPOT) || listed(k)) return null;
    const od = `ec2.ondemand.${k.slice(SPOT.length)}`;
    return listed(od) ? od : null;
  };
  const has = (k: string): boolean => {
    if (listed(k) || spotOf(k)) return true;
    const cm = commitmentFor(k);
    if (!cm?.c) return false;
    return cm.c.rates ? Object.hasOwn(cm.c.rates, cm.type) : listed(`ec2.ondemand.${cm.type}`);
  };
  const listPrice = (k: string): Price => {
    const e = listed(k) ? body.prices[k] : undefined;
    if (e) return toPrice(k, e, regionName, body.asOf, id);
    const odKey = spotOf(k);
    if (odKey) {
      const od = listPrice(odKey);
      const se = body.spotEstimate!;
      const usd = discountDecimal(od.tiers[0]!.usd, se.discountPercent);
      return { key: k, unit: 'hour', tiers: [{ from: 0, to: null, usd, value: Number(usd) }], source: `${se.source} ($${od.tiers[0]!.usd} on-demand less ${se.discountPercent}%)`, asOf: od.asOf, pricingCategory: 'spot' };
    }
    const cm = commitmentFor(k);
    if (!cm) throw new PriceNotFoundError(k, regionName, id, hint?.(k) ?? '');
    if (!cm.c) throw new PriceNotFoundError(k, regionName, id, `no commitment for instance family ${cm.fam} (add regions.${regionName}.commitments.${cm.fam})`);
    const term = `${cm.c.kind}${cm.c.term ? ` (${cm.c.term})` : ''}`;
    let usd: string;
    let source: string;
    if (cm.c.rates) {
      const r = Object.hasOwn(cm.c.rates, cm.type) ? cm.c.rates[cm.type] : undefined;
      if (!r) throw new PriceNotFoundError(k, regionName, id, `the ${cm.fam} commitment has no rate for ${cm.type}`);
      usd = r;
      source = `${term} rate: ${cm.c.source}`;
    } else {
      const od = listPrice(`ec2.ondemand.${cm.type}`);
      usd = discountDecimal(od.tiers[0]!.usd, cm.c.discountPercent!);
      source = `${term}: ${cm.c.discountPercent}% off on-demand $${od.tiers[0]!.usd} (${cm.c.source})`;
    }
    const commitment = { id: `${cm.c.kind}/${cm.fam}`, kind: cm.c.kind, name: `${cm.c.kind} ${cm.fam}${cm.c.term ? ` (${cm.c.term})` : ''}` };
    return { key: k, unit: 'hour', tiers: [{ from: 0, to: null, usd, value: Number(usd) }], source, asOf: body.asOf, pricingCategory: 'committed', commitment };
  };
  // a commitment rate above on-demand is a typo (a monthly or upfront figure), never a saving: the
  // whole book is refused, whether or not this plan uses the rate
  for (const [fam, c] of Object.entries(body.commitments ?? {})) {
    for (const [type, r] of Object.entries(c.rates ?? {})) {
      if (!listed(`ec2.ondemand.${type}`)) continue;
      const od = listPrice(`ec2.ondemand.${type}`).tiers[0]!;
      if (Number(r) > od.value) throw new PriceBookError(id.includes(' + file:') ? id.slice(id.lastIndexOf(' + file:') + 8) : id.replace(/^file:/, ''), `regions.${regionName}.commitments.${fam}.rates.${type}`, `$${r} an hour is more than the on-demand $${od.usd}: a commitment rate is an hourly rate below on-demand`);
    }
  }
  const ed = body.enterpriseDiscount;
  /** The public list tiers of a key: its listPrices entry, else its own (undiscounted) entry. */
  const publicTiers = (k: string): PriceTier[] | undefined => {
    const e = body.listPrices && Object.hasOwn(body.listPrices, k) ? body.listPrices[k] : listed(k) ? body.prices[k] : undefined;
    return e ? toPrice(k, e, regionName, body.asOf, id).tiers : undefined;
  };
  const book: PriceBook = {
    id,
    region: regionName,
    currency: 'USD',
    asOf: body.fetchedAt ?? body.asOf,
    ...(body.missing ? { missing: body.missing } : {}),
    has,
    get(k) {
      let p = cache.get(k);
      if (p) return p;
      p = listPrice(k);
      const cm = commitmentFor(k);
      if (cm) {
        // a commitment's list price is the on-demand list; its contracted rate the on-demand rate you negotiated
        const od = `ec2.ondemand.${cm.type}`;
        const list = publicTiers(od);
        if (list) p = { ...p, list };
        if (has(od)) p = { ...p, contracted: book.get(od).tiers };
      } else if (k.startsWith('ec2.spot.')) {
        // AWS's own FOCUS export lists spot usage at the on-demand public rate
        const list = publicTiers(`ec2.ondemand.${k.slice('ec2.spot.'.length)}`);
        if (list) p = { ...p, list };
      } else {
        const list = publicTiers(k);
        if (list && body.listPrices && Object.hasOwn(body.listPrices, k)) p = { ...p, list };
      }
      if (ed) {
        p = {
          ...p,
          tiers: p.tiers.map((t) => {
            const usd = discountDecimal(t.usd, ed.percent);
            return { ...t, usd, value: Number(usd) };
          }),
          source: `${p.source}; less ${ed.percent}% enterprise discount (${ed.source})`,
        };
        if (!p.list) p.list = publicTiers(k) ?? undefined;
        if (p.list === undefined) delete p.list;
      }
      cache.set(k, p);
      return p;
    },
  };
  if (body.fetchedAt) (book as { fetchedAt?: string }).fetchedAt = body.fetchedAt;
  if (body.spotWindow) (book as { spotWindow?: string }).spotWindow = body.spotWindow;
  return book;
}
